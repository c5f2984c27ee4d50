import { describe, expect, it } from 'vitest';
import { LOCALES } from '$protocol/locale';
import {
	call,
	couponState,
	memberApi,
	memberErrorText,
	pickLocale,
	resendTime,
	secondsLeft
} from './member-api';
import { phoneMessages } from './messages';

const json = (status: number, body: unknown) =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('call', () => {
	it('gives the data of a good answer and the typed error of a bad one', async () => {
		expect(await call('/x', {}, async () => json(200, { data: { a: 1 } }))).toEqual({
			ok: true,
			data: { a: 1 }
		});
		const wrong = await call('/x', {}, async () =>
			json(400, { error: { code: 'code_wrong', message: 'x', detail: { attemptsLeft: 2 } } })
		);
		expect(wrong).toEqual({
			ok: false,
			status: 400,
			error: { code: 'code_wrong', detail: { attemptsLeft: 2 } }
		});
	});

	it('reads a proxy error page by its status, and a dropped connection as unavailable', async () => {
		const html = await call(
			'/x',
			{},
			async () => new Response('<h1>Bad gateway</h1>', { status: 401 })
		);
		expect(html).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
		const down = await call('/x', {}, async () => {
			throw new TypeError('Failed to fetch');
		});
		expect(down).toMatchObject({ ok: false, status: 0, error: { code: 'unavailable' } });
	});

	it('posts JSON and asks for the join context with the token it was given', async () => {
		const seen: { url: string; init?: RequestInit }[] = [];
		const api = memberApi(async (url, init) => {
			seen.push({ url: String(url), init });
			return json(200, { data: {} });
		});
		await api.joinContext({ t: 'tok.en', a: 'ignored' });
		await api.joinContext({ a: 'a+b' });
		await api.joinContext({});
		await api.joinStart({ phone: '0912 345 678', region: 'TW', locale: 'en' });
		expect(seen.map((s) => s.url)).toEqual([
			'/api/members/join/context?t=tok.en',
			'/api/members/join/context?a=a%2Bb',
			'/api/members/join/context',
			'/api/members/join/start'
		]);
		expect(seen[3].init?.method).toBe('POST');
		expect(JSON.parse(String(seen[3].init?.body))).toEqual({
			phone: '0912 345 678',
			region: 'TW',
			locale: 'en'
		});
	});
});

describe('what the member pages say about errors', () => {
	const NOW = Date.parse('2026-11-26T02:00:00Z');
	it('counts the tries left after a wrong code, in every language', () => {
		expect(memberErrorText({ code: 'code_wrong', detail: { attemptsLeft: 3 } }, 'en')).toBe(
			'That code is not right. 3 tries left.'
		);
		expect(memberErrorText({ code: 'code_wrong', detail: { attemptsLeft: 1 } }, 'zh-Hant')).toBe(
			'驗證碼不正確，還剩最後 1 次機會。'
		);
		expect(
			memberErrorText({ code: 'code_wrong', detail: { attemptsLeft: 2 } }, 'zh-Hans')
		).toContain('2 次');
		expect(memberErrorText({ code: 'code_wrong' }, 'en')).toBe(
			'That code is not right. Please try again.'
		);
	});

	it('says how long to wait when locked out or rate limited', () => {
		expect(memberErrorText({ code: 'code_locked', detail: { retryAt: new Date(NOW + 600_000).toISOString() } }, 'en', undefined, NOW)).toBe(
			'Too many wrong codes. Send a new code in 10 min.'
		);
		expect(
			memberErrorText({ code: 'rate_limited', detail: { retryAt: new Date(NOW + 42_200).toISOString() } }, 'zh-Hant', undefined, NOW)
		).toBe('嘗試次數過多，請於 43 秒後再試。');
		expect(memberErrorText({ code: 'rate_limited' }, 'en')).toBe(
			'Too many attempts; please wait a moment.'
		);
	});

	it('names the region a number was read for, and explains an expired kiosk QR', () => {
		expect(memberErrorText({ code: 'phone_invalid' }, 'en', 'HK')).toBe(
			'This is not a valid mobile number in Hong Kong.'
		);
		expect(memberErrorText({ code: 'phone_invalid' }, 'zh-Hant', 'CN')).toBe(
			'這不是有效的中國大陸手機號碼。'
		);
		expect(memberErrorText({ code: 'join_token_expired' }, 'en')).toMatch(/QR code has expired/);
	});

	it('never shows a bare code or a placeholder, for any code in any language', () => {
		const codes = [
			'code_wrong',
			'code_expired',
			'code_locked',
			'phone_invalid',
			'phone_not_mobile',
			'join_token_expired',
			'join_token_invalid',
			'join_token_used',
			'consent_required',
			'card_expired',
			'member_not_found',
			'rate_limited',
			'invalid_payload',
			'unauthenticated',
			'unavailable',
			'coupon_not_found',
			'something_new'
		];
		for (const locale of LOCALES) {
			for (const code of codes) {
				const text = memberErrorText(
					{ code, detail: { attemptsLeft: 2, retryAfterS: 30 } },
					locale
				);
				expect(text.length).toBeGreaterThan(4);
				expect(text).not.toMatch(/[{}_]/);
			}
		}
	});

	it('has every message in all three languages', () => {
		const keys = Object.keys(phoneMessages.en).sort();
		for (const locale of LOCALES) expect(Object.keys(phoneMessages[locale]).sort()).toEqual(keys);
	});
});

describe('time on the member pages', () => {
	const now = Date.parse('2026-11-26T10:00:00Z');

	it('reads the resend cool-down as an instant or as seconds', () => {
		expect(resendTime('2026-11-26T10:00:30Z', now)).toBe(now + 30_000);
		expect(resendTime(45, now)).toBe(now + 45_000);
		expect(secondsLeft(now + 29_001, now)).toBe(30);
		expect(secondsLeft(now - 5, now)).toBe(0);
	});

	it('tells a valid coupon from a used, an expired and a not-yet-valid one', () => {
		const c = {
			validFrom: '2026-11-01T00:00:00Z',
			validTo: '2026-12-31T15:59:59Z',
			redeemedAt: null
		};
		expect(couponState(c, now)).toBe('valid');
		expect(couponState({ ...c, redeemedAt: '2026-11-20T06:00:00Z' }, now)).toBe('used');
		expect(couponState({ ...c, validTo: '2026-11-26T09:59:59Z' }, now)).toBe('expired');
		expect(couponState({ ...c, validFrom: '2026-11-27T00:00:00Z' }, now)).toBe('upcoming');
	});

	it('takes the language from the address, then the phone, then Traditional Chinese', () => {
		expect(pickLocale('zh-Hans', ['en-GB'])).toBe('zh-Hans');
		expect(pickLocale('fr', ['en-GB'])).toBe('en');
		expect(pickLocale(null, ['zh-HK'])).toBe('zh-Hant');
		expect(pickLocale(null, ['fr-FR'])).toBe('zh-Hant');
	});
});
