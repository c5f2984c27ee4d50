import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCouponCode, newCouponCode, normalizeCouponCode, parseCouponInput } from './coupon-code.js';

describe('coupon codes', () => {
	it('round-trip through print, typing and the QR URL, whatever the check symbol', () => {
		fc.assert(
			fc.property(fc.uint8Array({ minLength: 7, maxLength: 7 }), (bytes) => {
				const code = newCouponCode(bytes);
				expect(code).toHaveLength(11);
				expect(normalizeCouponCode(formatCouponCode(code).toLowerCase())).toBe(code);
				expect(parseCouponInput(`https://mall.example/c/${code}?s=sig&l=lease`)).toEqual({
					code,
					signature: 'sig',
					lease: 'lease'
				});
			})
		);
	});

	it('catches a mistyped or swapped symbol', () => {
		fc.assert(
			fc.property(fc.uint8Array({ minLength: 7, maxLength: 7 }), fc.nat(9), (bytes, i) => {
				const code = newCouponCode(bytes);
				const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
				const wrong = alphabet[(alphabet.indexOf(code[i]) + 1) % 32];
				expect(normalizeCouponCode(code.slice(0, i) + wrong + code.slice(i + 1))).toBeNull();
				if (code[i] !== code[i + 1] && i < 9) {
					const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
					expect(normalizeCouponCode(swapped)).toBeNull();
				}
			})
		);
	});

	it('reads anything a scanner or a person might send without throwing', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 2000 }), (s) => {
				const r = parseCouponInput(s);
				if (r) expect(normalizeCouponCode(r.code)).toBe(r.code);
			})
		);
		expect(parseCouponInput('😀'.repeat(5000))).toBeNull();
	});
});
