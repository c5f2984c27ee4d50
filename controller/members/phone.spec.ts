import { describe, expect, it } from 'vitest';
import { maskPhone, normalizePhone } from './phone.js';

describe('phone numbers', () => {
	it('normalises numbers as typed in Taiwan, Hong Kong, mainland China and abroad to E.164', () => {
		expect(normalizePhone('0912 345 678', 'TW')).toEqual({
			e164: '+886912345678',
			region: 'TW',
			mobile: true
		});
		expect(normalizePhone('9123 4567', 'HK')).toEqual({
			e164: '+85291234567',
			region: 'HK',
			mobile: true
		});
		expect(normalizePhone('138 0013 8000', 'CN')).toEqual({
			e164: '+8613800138000',
			region: 'CN',
			mobile: true
		});
		expect(normalizePhone('+44 7400 123456', 'TW')).toEqual({
			e164: '+447400123456',
			region: 'GB',
			mobile: true
		});
		// A country code wins over the default region.
		expect(normalizePhone('+86 138-0013-8000', 'HK')?.e164).toBe('+8613800138000');
		// Full-width digits from a CJK keyboard.
		expect(normalizePhone('０９１２３４５６７８', 'TW')?.e164).toBe('+886912345678');
	});

	it('tells landlines apart, since the code goes out by text message', () => {
		expect(normalizePhone('02 2345 6789', 'TW')).toMatchObject({
			e164: '+886223456789',
			mobile: false
		});
		expect(normalizePhone('+44 20 7946 0958', 'TW')?.mobile).toBe(false);
	});

	it('rejects garbage', () => {
		for (const bad of [
			'',
			'abc',
			'123',
			'0912',
			'call 0912 345 678',
			'0912345678<script>',
			'+999 1234 5678',
			'9123 4567'
		]) {
			expect(normalizePhone(bad, 'TW'), bad).toBeNull();
		}
	});

	it('masks all but the country code, the prefix and the last digits', () => {
		expect(maskPhone('+886912345678')).toBe('+886 9** *** 678');
		expect(maskPhone('+8613800138000')).toBe('+86 138 **** 8000');
		expect(maskPhone('+85291234567')).toBe('+852 9*** 4567');
		expect(maskPhone('+447400123456')).toBe('+44 7*** **3456');
	});
});
