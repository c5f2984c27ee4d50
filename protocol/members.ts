import { z } from 'zod';
import { Locale } from './text.js';

/**
 * Membership: the phone number (E.164) is a member's one identity across kiosk, phone and POS.
 * HTTP API for the phone pages (`/m/…`), all JSON `{ data } | { error }` (see errors.ts):
 *
 *   POST /api/members/join/start   JoinStart      → { data: { phoneMasked, expiresAt, resendAfter } }
 *        sends a one-time code through the SMS sender (dev outbox in the demo)
 *   POST /api/members/join/verify  JoinVerify     → { data: MemberView } and sets the member cookie
 *        creates or finds the member, records consent, and — when `joinToken` names a kiosk
 *        session — tells that kiosk (within a second) so it greets the member
 *   GET  /api/members/me                          → { data: MemberView }            (member cookie)
 *   GET  /api/members/me/card                     → { data: { token, expiresAt } }  (rotating QR)
 *   GET  /api/members/me/coupons                  → { data: MemberCoupon[] }
 *   GET  /api/members/me/export                   → the member's data as JSON (download)
 *   POST /api/members/me/delete                   → { data: { erased: true } } and clears the cookie
 *   POST /api/members/logout
 *   GET  /api/members/join/context?t=…|a=…        → { data: JoinContext } (what the join page shows)
 *   POST /api/orders   (HMAC-signed webhook, header `x-atrium-signature: sha256=<hex of body>`)
 */

export const CONSENT_VERSIONS = { terms: 'terms-2026-11', marketing: 'marketing-2026-11' } as const;

export const JoinStart = z.strictObject({
	/** As typed: "0912 345 678", "+86 138 0013 8000", "9123 4567"… normalised with `region`. */
	phone: z.string().min(4).max(32),
	/** Default region for numbers typed without a country code. */
	region: z.enum(['TW', 'HK', 'CN', 'MO', 'SG', 'MY', 'US', 'GB', 'JP', 'KR']).default('TW'),
	/** A kiosk session's join token (from its QR), or a staff/channel attribution token. */
	joinToken: z.string().max(600).optional(),
	attribution: z.string().max(600).optional(),
	locale: Locale
});
export type JoinStart = z.infer<typeof JoinStart>;

export const JoinVerify = z.strictObject({
	phone: z.string().min(4).max(32),
	region: JoinStart.shape.region,
	code: z.string().regex(/^\d{6}$/, 'six digits'),
	joinToken: z.string().max(600).optional(),
	attribution: z.string().max(600).optional(),
	/** Consent to the membership terms is required; marketing is separate and optional. */
	consentTerms: z.literal(true),
	consentMarketing: z.boolean(),
	/** The consent texts' versions the member saw. */
	termsVersion: z.string().max(40),
	marketingVersion: z.string().max(40),
	locale: Locale
});
export type JoinVerify = z.infer<typeof JoinVerify>;

export interface MemberView {
	id: string;
	/** Masked: +886 9** *** 678. The full number is never sent to a screen. */
	phoneMasked: string;
	/** The masked name screens greet with ("·678"), in no language: each screen words the welcome in its own. */
	greeting: string;
	joinedAt: string;
	consent: { terms: string; marketing: string | null };
	points: number;
}

export interface JoinContext {
	/** Where the join came from, for the page's wording. */
	source: 'kiosk' | 'channel' | 'direct';
	channel: string | null;
	staffName: string | null;
	shopName: string | null;
	/** The consent texts to show, with their versions. */
	terms: { version: string; text: Record<string, string> };
	marketing: { version: string; text: Record<string, string> };
}

export interface MemberCoupon {
	code: string;
	campaignId: string;
	shopId: string;
	validTo: string;
	redeemedAt: string | null;
	phoneUrl: string;
}

/** What the kiosk shows once a member joined or identified in its session. */
export interface MemberGreeting {
	sessionId: string;
	memberId: string;
	greeting: string;
	/** Campaign ids for this member (members-only offers and interests). */
	offers: string[];
}

/** Agent → controller: the kiosk's scanner read a member card QR. */
export const IdentifyRequest = z.strictObject({
	sessionId: z.string().min(1).max(64),
	/** The QR's text, as the scanner typed it. */
	scanned: z.string().min(1).max(2000)
});

/** Agent → controller: a join QR for the kiosk's current session. */
export const JoinQrRequest = z.strictObject({ sessionId: z.string().min(1).max(64) });

export const Order = z.strictObject({
	orderId: z.string().min(1).max(100),
	phone: z.string().min(4).max(32),
	region: JoinStart.shape.region,
	amount: z.number().nonnegative().max(10_000_000),
	currency: z.string().length(3),
	shopId: z.string().max(64).optional(),
	at: z.iso.datetime({ offset: true })
});
export type Order = z.infer<typeof Order>;

/** Where a member came from: first touch, kept for good. */
export interface Attribution {
	channel: 'kiosk' | 'poster' | 'wechat' | 'wifi' | 'counter' | null;
	staffId: string | null;
	shopId: string | null;
	/** The kiosk whose join QR was scanned, and its session. */
	kioskId: string | null;
	sessionId: string | null;
}

export interface AttributionCounter {
	signups: number;
	/** Orders credited to this staff member, shop or channel inside the attribution window. */
	orders: number;
	amounts: Record<string, number>;
}

export interface AttributionStats {
	byStaff: Record<string, AttributionCounter>;
	byShop: Record<string, AttributionCounter>;
	/** `direct` for sign-ups that came through no QR. */
	byChannel: Record<string, AttributionCounter>;
	totals: {
		members: number;
		signups: number;
		orders: number;
		amounts: Record<string, number>;
		/** Orders from phone numbers that are not members: totals only, nothing personal kept. */
		anonymousOrders: number;
	};
}

/** A member as the console lists them. */
export interface ConsoleMember {
	id: string;
	/** Full for roles in PHONE_ROLES, masked for everyone else. */
	phone: string;
	joinedAt: string;
	attribution: Attribution;
	consent: MemberView['consent'];
	orders: number;
}

/** A one-time code message as the demo's dev outbox shows it. */
export interface OutboxMessage {
	at: string;
	/** Masked: the outbox is shown on the console, where the full number has no place. */
	to: string;
	text: string;
}

/** What a timeline entry was (the profile projection keeps these kinds, in this order). */
export const TIMELINE_KINDS = [
	'session.started',
	'shop.viewed',
	'category.viewed',
	'search.performed',
	'route.requested',
	'route.sent_to_phone',
	'coupon.claimed',
	'coupon.printed',
	'coupon.sent_to_phone',
	'coupon.redeemed',
	'member.joined',
	'member.identified',
	'member.logged_out',
	'order.placed'
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** One line of a member's timeline as the console shows it. */
export interface TimelineItem {
	/** ISO 8601, UTC. */
	at: string;
	type: TimelineKind;
	shopId: string | null;
	/** The category of the shop, campaign or category the shopper looked at. */
	categoryId: string | null;
	campaignId: string | null;
	kioskId: string | null;
	/** A route's destination when it is not a shop: an amenity kind ("toilet"). */
	amenity: string | null;
	/** search.performed: the number of results (the query itself is not kept). */
	results: number | null;
}

/** What the profiles fold from the journal for a member, beside their identity. */
export interface ProfileSummary {
	/** The kiosk the member joined at, when they joined through a kiosk's QR. */
	joinKioskId: string | null;
	visits: {
		/** Kiosk sessions tied to the member. */
		sessions: number;
		/** Distinct mall-local days with a visit. */
		days: number;
		firstDay: string | null;
		lastDay: string | null;
		/** Visits per kiosk, for the member's six first kiosks; later kiosks add to `otherKiosks`. */
		byKiosk: Record<string, number>;
		otherKiosks: number;
	};
	lastSeenAt: string | null;
	/** Category affinity decayed to the read time (half-life 30 days), strongest first. */
	interests: { categoryId: string; score: number }[];
	coupons: { claimed: number; printed: number; redeemed: number };
	points: number;
	orders: { count: number; amount: number };
}

/** A member's profile folded from the journal, as the console's member page shows it. */
export interface MemberProfileView extends ProfileSummary {
	member: ConsoleMember;
	/** The last 50 interactions, newest first. */
	items: TimelineItem[];
}

export const MemberRef = z.strictObject({ memberId: z.string().min(1).max(64) });
export const MembersQuery = z.strictObject({
	/** Matches the end of the phone number (digits) or the member id. */
	query: z.string().max(64).optional(),
	limit: z.int().min(1).max(500).optional()
});

export const ATTRIBUTION_CHANNELS = ['kiosk', 'poster', 'wechat', 'wifi', 'counter'] as const;
/** A join QR with parameters (帶參數的二維碼) for a channel, and optionally a staff member or shop. */
export const AttributionQrRequest = z.strictObject({
	channel: z.enum(ATTRIBUTION_CHANNELS),
	staffId: z.string().min(1).max(64).optional(),
	shopId: z.string().min(1).max(64).optional()
});
