import type { IncomingMessage, ServerResponse } from 'node:http';
import {
	AtriumError,
	JoinStart,
	JoinVerify,
	LOCALES,
	parse,
	toProtocolError,
	type ErrorCode,
	type JournaledEvent,
	type Locale,
	type MemberCoupon,
	type MemberView
} from '../../protocol/index.js';
import { readCookie } from '../auth/auth.service.js';
import { assertSameOrigin, readJson, sendError, sendJson } from '../http/http.js';
import type { Logger } from '../logger.js';
import type { Attribution } from './member.ledger.js';
import { MEMBER_COOKIE, MEMBER_COOKIE_MAX_AGE_S, type MemberService } from './member.service.js';
import { SIGNATURE_HEADER, type OrderDesk } from './orders.js';

export interface MemberApiDeps {
	members: MemberService;
	orders: OrderDesk;
	log: Logger;
	secureCookies: boolean;
	/** A member joined (or signed in again) from a phone; `session` is the kiosk session whose QR they scanned. */
	onJoined?: (
		member: MemberView,
		session: { sessionId: string; deviceId: string } | null,
		attribution: Attribution,
		created: boolean
	) => Promise<void> | void;
	/** An order from the webhook that belongs to a member, to journal as an event. */
	onOrder?: (event: JournaledEvent) => Promise<void> | void;
	/** The member's coupons, from the coupon service. */
	coupons?: (memberId: string) => MemberCoupon[];
	/** What the profiles folded from the member's events, for their export. */
	profile?: (memberId: string) => unknown;
}

const BODY_LIMIT = 4 * 1024;
const ORDER_LIMIT = 16 * 1024;

// http.ts maps the older codes; these are the membership ones, so none of them reads as a 500.
const STATUS: Partial<Record<ErrorCode, number>> = {
	phone_invalid: 400,
	phone_not_mobile: 400,
	code_wrong: 400,
	code_expired: 410,
	code_locked: 429,
	join_token_invalid: 400,
	join_token_used: 409,
	join_token_expired: 410,
	card_invalid: 400,
	card_expired: 410,
	card_used: 409,
	unknown_channel: 400,
	signature_invalid: 401,
	consent_required: 400,
	member_not_found: 404,
	rate_limited: 429
};

/**
 * The phone pages' API (`/api/members/…`) and the orders webhook (`/api/orders`), as listed in
 * protocol/members.ts. Returns false when the request is not one of them. Must run before the
 * controller's own API, which answers any other `/api/` path with not_found.
 */
export function createMemberApi(deps: MemberApiDeps) {
	const { members, orders, log } = deps;
	// Lax, not Strict: the phone arrives at /m/… from a camera app or WeChat, a cross-site navigation
	// on which a Strict cookie would be withheld. State-changing POSTs are guarded by assertSameOrigin.
	const cookie = (value: string, maxAge: number) =>
		`${MEMBER_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${deps.secureCookies ? '; Secure' : ''}`;
	const signedIn = (req: IncomingMessage): string => {
		const id = members.memberFromCookie(readCookie(req.headers.cookie, MEMBER_COOKIE));
		if (!id) throw new AtriumError('unauthenticated');
		return id;
	};

	return async function memberApi(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
		const url = new URL(req.url ?? '/', 'http://controller');
		const path = url.pathname;
		const method = req.method ?? 'GET';
		if (!path.startsWith('/api/members/') && path !== '/api/orders') return false;
		try {
			if (method === 'POST') {
				switch (path) {
					case '/api/members/join/start': {
						assertSameOrigin(req);
						const body = parse(JoinStart, await readJson(req, BODY_LIMIT));
						sendJson(res, 200, { data: await members.startJoin(body, clientIp(req)) });
						return true;
					}
					case '/api/members/join/verify': {
						assertSameOrigin(req);
						const body = parse(JoinVerify, await readJson(req, BODY_LIMIT));
						const joined = await members.verifyJoin(body);
						sendJson(
							res,
							200,
							{ data: joined.member },
							{
								'set-cookie': cookie(
									members.memberCookie(joined.member.id),
									MEMBER_COOKIE_MAX_AGE_S
								)
							}
						);
						// The member exists whatever the kiosk's fate: a greeting that fails is logged, not undone.
						try {
							await deps.onJoined?.(
								joined.member,
								joined.session,
								joined.attribution,
								joined.created
							);
						} catch (err) {
							log.error('member joined, but the kiosk was not told', describe(err));
						}
						return true;
					}
					case '/api/members/me/delete': {
						assertSameOrigin(req);
						// MemberService.onErased drops the profile and ends the console's watches on it.
						await members.erase(signedIn(req));
						sendJson(res, 200, { data: { erased: true } }, { 'set-cookie': cookie('', 0) });
						return true;
					}
					case '/api/members/logout':
						assertSameOrigin(req);
						sendJson(res, 200, { data: { ok: true } }, { 'set-cookie': cookie('', 0) });
						return true;
					case '/api/orders': {
						const body = await readBody(req, ORDER_LIMIT);
						const header = req.headers[SIGNATURE_HEADER];
						const result = await orders.recordOrder(
							body,
							Array.isArray(header) ? header[0] : header
						);
						if (result.event) {
							try {
								await deps.onOrder?.(result.event);
							} catch (err) {
								log.error(
									`order ${result.orderId} recorded, its event was not journaled`,
									describe(err)
								);
							}
						}
						sendJson(res, 200, { data: { orderId: result.orderId, duplicate: result.duplicate } });
						return true;
					}
				}
			}
			if (method === 'GET') {
				switch (path) {
					case '/api/members/me':
						sendJson(res, 200, { data: members.view(signedIn(req)) });
						return true;
					case '/api/members/me/card':
						sendJson(res, 200, { data: members.issueCard(signedIn(req)) });
						return true;
					case '/api/members/me/coupons':
						sendJson(res, 200, { data: deps.coupons?.(signedIn(req)) ?? [] });
						return true;
					case '/api/members/me/export': {
						const id = signedIn(req);
						const exported = { ...members.exportMember(id), profile: deps.profile?.(id) ?? null };
						sendJson(res, 200, exported, {
							'content-disposition': `attachment; filename="member-${id}.json"`
						});
						return true;
					}
					case '/api/members/join/context': {
						const locale = url.searchParams.get('locale');
						const context = members.joinContext(
							{ t: url.searchParams.get('t'), a: url.searchParams.get('a') },
							isLocale(locale) ? locale : undefined
						);
						sendJson(res, 200, { data: context });
						return true;
					}
				}
			}
			throw new AtriumError('not_found');
		} catch (err) {
			fail(res, err, log);
			return true;
		}
	};
}

function fail(res: ServerResponse, err: unknown, log: Logger): void {
	if (!(err instanceof AtriumError)) log.error('member api failed', describe(err));
	const error = toProtocolError(err);
	const status = STATUS[error.code];
	if (!status) {
		sendError(res, err);
		return;
	}
	const retryAt = error.detail?.retryAt;
	const headers: Record<string, string> = {};
	if (typeof retryAt === 'string') {
		headers['retry-after'] = String(
			Math.max(1, Math.ceil((Date.parse(retryAt) - Date.now()) / 1000))
		);
	}
	sendJson(res, status, { error }, headers);
}

/** The webhook's signature covers the exact bytes sent, so the body is kept raw. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
	if (Number(req.headers['content-length'] ?? 0) > limit) throw new AtriumError('too_large');
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > limit) throw new AtriumError('too_large');
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}

/** The socket's address: the controller faces phones directly, so a forwarded-for header is not trusted. */
function clientIp(req: IncomingMessage): string {
	return req.socket.remoteAddress ?? 'unknown';
}

function isLocale(value: string | null): value is Locale {
	return (LOCALES as readonly string[]).includes(value ?? '');
}

function describe(err: unknown): string {
	return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
