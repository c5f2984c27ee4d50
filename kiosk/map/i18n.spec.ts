import { describe, expect, it } from 'vitest';
import { LOCALES } from '$protocol/locale';
import { mapMessage } from './i18n';

describe('map messages', () => {
	it('says where a shop without a map is, in words, in all three languages', () => {
		for (const l of LOCALES) {
			const s = mapMessage(l, 'whereInWords', { name: 'X', floor: 'L2', unit: 'L2-09' });
			expect(s).toContain('L2');
			expect(s).toContain('L2-09');
			expect(s).not.toMatch(/[{}]/);
		}
	});
});
