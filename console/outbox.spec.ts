import { describe, expect, it } from 'vitest';
import { splitCodes } from './outbox';

describe('one-time codes in an outbox message', () => {
	it('stands the code apart and keeps the rest of the text as it was', () => {
		const parts = splitCodes('Atrium: your code is 482913. It expires in 10 minutes.');
		expect(parts).toEqual([
			{ text: 'Atrium: your code is ', code: false },
			{ text: '482913', code: true },
			{ text: '. It expires in 10 minutes.', code: false }
		]);
		expect(parts.map((p) => p.text).join('')).toBe(
			'Atrium: your code is 482913. It expires in 10 minutes.'
		);
	});

	it('leaves short numbers and phone numbers alone', () => {
		expect(
			splitCodes('驗證碼 123456，10 分鐘內有效')
				.filter((p) => p.code)
				.map((p) => p.text)
		).toEqual(['123456']);
		expect(splitCodes('to +886912345678').some((p) => p.code)).toBe(false);
	});
});
