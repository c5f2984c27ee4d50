import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { ConsoleMember, Locale, MemberView, Role } from '../../protocol/index.js';
import type { Attribution } from './member.ledger.js';
import { maskPhone } from './phone.js';

/*
 * A member as the member service keeps them, and as each audience sees them: the member's own view
 * (phone masked, greeting without a language) and the console's (full number for PHONE_ROLES only).
 */

/**
 * Console roles that may see a member's full phone number; everyone else sees it masked. Marketers
 * work with segments and counts, not with people's numbers, so only admins (who answer a member's
 * export or erasure request) see them.
 */
export const PHONE_ROLES: readonly Role[] = ['admin'];

export interface ConsentRecord {
	consent: 'terms' | 'marketing';
	version: string;
	granted: boolean;
	at: string;
}

export interface OrderRecord {
	orderId: string;
	amount: number;
	currency: string;
	shopId: string | null;
	at: string;
	creditedStaffId: string | null;
}

export interface MemberState {
	id: string;
	/** Null once erased. */
	e164: string | null;
	country: string;
	locale: Locale;
	joinedAt: string;
	attribution: Attribution;
	consents: ConsentRecord[];
	orders: OrderRecord[];
	erasedAt: string | null;
}

export function memberView(m: MemberState, points: number): MemberView {
	const digits = m.e164 ?? '';
	return {
		id: m.id,
		phoneMasked: m.e164 ? maskPhone(m.e164) : '',
		// The screen says "Welcome, member …" in its own language; the name itself has none.
		greeting: `·${digits.slice(-3)}`,
		joinedAt: m.joinedAt,
		consent: consentView(m),
		points
	};
}

export function consoleView(m: MemberState, e164: string, role: Role): ConsoleMember {
	return {
		id: m.id,
		phone: PHONE_ROLES.includes(role) ? e164 : maskPhone(e164),
		joinedAt: m.joinedAt,
		attribution: m.attribution,
		consent: consentView(m),
		orders: m.orders.length
	};
}

function consentView(m: MemberState): MemberView['consent'] {
	const marketing = latest(m, 'marketing');
	return {
		terms: latest(m, 'terms')?.version ?? '',
		marketing: marketing?.granted ? marketing.version : null
	};
}

export function latest(m: MemberState, consent: 'terms' | 'marketing'): ConsentRecord | undefined {
	return m.consents.findLast((c) => c.consent === consent);
}

/** The members:list query as a test on a member's id and number (see `list`). */
export function memberMatcher(query: string, fullPhone: boolean): (id: string, e164: string) => boolean {
	const id = query.toLowerCase();
	const digits = /^[+\d\s()\-.]+$/.test(query) ? query.replace(/\D/g, '') : '';
	return (memberId, e164) => {
		if (memberId === id || (id.length >= 8 && memberId.startsWith(id))) return true;
		// Every form of the number ends with the same digits: a cheap test before parsing it.
		if (!digits || !e164.endsWith(digits.slice(-6))) return false;
		if (e164.endsWith(digits) && (fullPhone || digits.length <= visibleTail(e164))) return true;
		const national = parsePhoneNumberFromString(e164)?.nationalNumber ?? '';
		return digits === e164.slice(1) || digits === national || digits === `0${national}`;
	};
}

/** How many trailing digits the masked number shows. */
function visibleTail(e164: string): number {
	const masked = maskPhone(e164);
	return masked.slice(masked.lastIndexOf('*') + 1).replace(/\D/g, '').length;
}
