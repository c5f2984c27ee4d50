import type { JoinContext, JoinStart, JoinVerify, MemberCoupon, MemberView } from '$protocol';
import { errorText } from '$protocol/error-text';
import { LOCALES, type Locale, type Localized } from '$protocol/locale';
import { pm, REGIONS } from './messages';
import { phoneLocale } from './public-mall';

/*
 * The member pages' side of the HTTP API in protocol/members.ts. The answers are the controller's
 * own, checked there; the pages read them as typed and treat anything unreadable as an error.
 */

export interface ApiError {
	code: string;
	message?: string;
	field?: string;
	detail?: Record<string, string | number | null>;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; error: ApiError };

/** What GET /api/public/coupons/<code> answers (controller/http/api.ts). */
export interface PublicCoupon {
	code: string;
	qrUrl: string;
	validFrom: string;
	validTo: string;
	redeemedAt: string | null;
	mall: Localized;
	campaign?: { title: Localized; value: Localized; terms: Localized };
	shop?: { name: Localized; unit: string; floor: string };
}

export interface JoinStarted {
	phoneMasked: string;
	expiresAt: string;
	/** When the code may be sent again: an instant, or seconds from now. */
	resendAfter: string | number;
}

export interface MemberCard {
	token: string;
	expiresAt: string;
}

const STATUS_CODES: Record<number, string> = {
	400: 'invalid_payload',
	401: 'unauthenticated',
	403: 'forbidden',
	404: 'not_found',
	429: 'rate_limited',
	503: 'unavailable'
};

export async function call<T>(
	path: string,
	init: { method?: 'GET' | 'POST'; body?: unknown } = {},
	fetcher: typeof fetch = fetch
): Promise<ApiResult<T>> {
	let res: Response;
	try {
		res = await fetcher(path, {
			method: init.method ?? 'GET',
			headers: {
				accept: 'application/json',
				...(init.body === undefined ? {} : { 'content-type': 'application/json' })
			},
			body: init.body === undefined ? undefined : JSON.stringify(init.body),
			credentials: 'same-origin',
			cache: 'no-store'
		});
	} catch {
		return { ok: false, status: 0, error: { code: 'unavailable' } };
	}
	let body: unknown = null;
	try {
		body = await res.json();
	} catch {
		// A proxy's HTML error page: the status still says what happened.
	}
	const b = (typeof body === 'object' && body !== null ? body : {}) as {
		data?: unknown;
		error?: unknown;
	};
	if (res.ok && 'data' in b) return { ok: true, data: b.data as T };
	const e = b.error as Partial<ApiError> | undefined;
	const code = typeof e?.code === 'string' ? e.code : (STATUS_CODES[res.status] ?? 'internal');
	return {
		ok: false,
		status: res.status,
		error: {
			code,
			...(typeof e?.field === 'string' ? { field: e.field } : {}),
			...(e?.detail && typeof e.detail === 'object' ? { detail: e.detail } : {})
		}
	};
}

export const memberApi = (fetcher: typeof fetch = fetch) => ({
	joinContext: (q: { t?: string | null; a?: string | null }) => {
		const params = new URLSearchParams();
		if (q.t) params.set('t', q.t);
		else if (q.a) params.set('a', q.a);
		const s = params.toString();
		return call<JoinContext>(`/api/members/join/context${s ? `?${s}` : ''}`, {}, fetcher);
	},
	joinStart: (body: JoinStart) =>
		call<JoinStarted>('/api/members/join/start', { method: 'POST', body }, fetcher),
	joinVerify: (body: JoinVerify) =>
		call<MemberView>('/api/members/join/verify', { method: 'POST', body }, fetcher),
	me: () => call<MemberView>('/api/members/me', {}, fetcher),
	card: () => call<MemberCard>('/api/members/me/card', {}, fetcher),
	coupons: () => call<MemberCoupon[]>('/api/members/me/coupons', {}, fetcher),
	erase: () =>
		call<{ erased: true }>('/api/members/me/delete', { method: 'POST', body: {} }, fetcher),
	logout: () => call<unknown>('/api/members/logout', { method: 'POST', body: {} }, fetcher),
	publicCoupon: (code: string) =>
		call<PublicCoupon>(`/api/public/coupons/${encodeURIComponent(code)}`, {}, fetcher)
});
export type MemberApi = ReturnType<typeof memberApi>;

/** The page's language: `?l=` when it names one, else the phone's, else the mall's first. */
export function pickLocale(param: string | null, languages: readonly string[]): Locale {
	if (param && (LOCALES as readonly string[]).includes(param)) return param as Locale;
	return phoneLocale(languages) ?? 'zh-Hant';
}

/** Epoch ms when the code may be resent; the API may say it as an instant or as seconds. */
export function resendTime(resendAfter: string | number, now: number): number {
	if (typeof resendAfter === 'number') return now + Math.max(0, resendAfter) * 1000;
	const at = Date.parse(resendAfter);
	return Number.isNaN(at) ? now + 30_000 : at;
}

export function secondsLeft(until: number, now: number): number {
	return Math.max(0, Math.ceil((until - now) / 1000));
}

export type CouponState = 'valid' | 'used' | 'expired' | 'upcoming';

export function couponState(
	c: { validFrom?: string; validTo: string; redeemedAt: string | null },
	now: number
): CouponState {
	if (c.redeemedAt) return 'used';
	if (Date.parse(c.validTo) < now) return 'expired';
	if (c.validFrom && Date.parse(c.validFrom) > now) return 'upcoming';
	return 'valid';
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Seconds until the instant the controller gives in `detail.retryAt`, or null. */
function secondsUntil(v: unknown, now: number): number | null {
	if (typeof v !== 'string') return null;
	const at = Date.parse(v);
	return Number.isNaN(at) ? null : Math.max(1, Math.ceil((at - now) / 1000));
}

/** The join token's refusals: the kiosk's QR is no longer good, joining goes on without it. */
export const JOIN_TOKEN_ERRORS: readonly string[] = ['join_token_expired', 'join_token_invalid', 'join_token_used'];

/**
 * What a member page says about an error: the join flow's own cases with their facts (tries left,
 * seconds to wait), and the protocol's shared wording for the rest. The join codes are the ones the
 * members API was asked to use; an unknown code reads as "something went wrong", never as a code.
 */
export function memberErrorText(error: ApiError, locale: Locale, region?: string, now = Date.now()): string {
	const d = error.detail ?? {};
	const regionName = REGIONS.find((r) => r.id === (d.region ?? region))?.name[locale];
	switch (error.code) {
		case 'code_wrong': {
			const left = num(d.attemptsLeft);
			if (left === null) return pm(locale, 'wrongCodePlain');
			return left === 1 ? pm(locale, 'wrongCodeLast') : pm(locale, 'wrongCode', { n: left });
		}
		case 'code_expired':
			return pm(locale, 'codeExpired');
		case 'code_locked': {
			const s = secondsUntil(d.retryAt, now);
			return s === null
				? pm(locale, 'codeLockedPlain')
				: pm(locale, 'codeLocked', { min: Math.max(1, Math.ceil(s / 60)) });
		}
		case 'phone_invalid':
			return regionName
				? pm(locale, 'badPhone', { region: regionName })
				: pm(locale, 'badPhonePlain');
		case 'phone_not_mobile':
			return pm(locale, 'notMobile');
		case 'join_token_expired':
		case 'join_token_invalid':
		case 'join_token_used':
			return pm(locale, 'joinQrExpired');
		case 'unavailable':
			return pm(locale, 'smsFailed');
		case 'rate_limited': {
			const s = secondsUntil(d.retryAt, now);
			return s === null
				? errorText('rate_limited', locale)
				: pm(locale, 'waitSeconds', { s: Math.ceil(s) });
		}
		case 'invalid_payload':
			// The page checks what it sends; a refusal names the field that the server read differently.
			if (error.field === 'phone') return pm(locale, 'badPhonePlain');
			if (error.field === 'code') return pm(locale, 'needCode');
			if (error.field === 'consentTerms') return pm(locale, 'needTerms');
			return errorText('invalid_payload', locale);
		case 'consent_required':
			if (error.field === 'termsVersion' || error.field === 'marketingVersion') return pm(locale, 'consentChanged');
			return errorText('invalid_payload', locale);
		default:
			return errorText(error.code, locale);
	}
}

/** Dates as the shopper reads them in their language, in the phone's time zone (the mall's). */
export function formatDate(iso: string, locale: Locale, withTime = false): string {
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	return new Intl.DateTimeFormat(locale, {
		year: 'numeric',
		month: 'short',
		day: 'numeric',
		...(withTime ? { hour: '2-digit', minute: '2-digit' } : {})
	}).format(d);
}
