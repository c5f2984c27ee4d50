import type { IncomingMessage, ServerResponse } from 'node:http';
import { AtriumError, toProtocolError, type ErrorCode } from '../../protocol/index.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
	invalid_payload: 400,
	unknown_event: 404,
	not_found: 404,
	unauthenticated: 401,
	bad_credentials: 401,
	bad_pairing_code: 401,
	forbidden: 403,
	unknown_device: 404,
	too_large: 413,
	rate_limited: 429,
	unavailable: 503,
	// Coupons, for the redemption API's POS callers and the phone's e-coupon page: none is a 500.
	campaign_not_found: 404,
	campaign_not_active: 409,
	out_of_stock: 409,
	limit_reached: 409,
	members_only: 403,
	lease_exhausted: 409,
	coupon_not_found: 404,
	bad_code: 400,
	bad_signature: 400,
	coupon_expired: 410,
	coupon_not_yet_valid: 409,
	wrong_shop: 403,
	already_redeemed: 409,
	not_redeemed: 409,
	undo_window_passed: 409
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'cache-control': 'no-store',
		'content-length': Buffer.byteLength(text),
		...headers
	});
	res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
	const error = toProtocolError(err);
	sendJson(res, STATUS[error.code] ?? 500, { error });
}

/** Reads a JSON body of at most `limit` bytes; anything larger or malformed is a typed error. */
export async function readJson(req: IncomingMessage, limit = 16 * 1024): Promise<unknown> {
	const declared = Number(req.headers['content-length'] ?? 0);
	if (declared > limit) throw new AtriumError('too_large');
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > limit) throw new AtriumError('too_large');
		chunks.push(chunk);
	}
	try {
		return JSON.parse(Buffer.concat(chunks).toString('utf8'));
	} catch {
		throw new AtriumError('invalid_payload', 'body is not JSON');
	}
}

/**
 * Refuses cross-site form posts: a state-changing request must come from this origin. The session
 * cookie is SameSite=Strict as well; this covers browsers that do not honour it.
 */
export function assertSameOrigin(req: IncomingMessage): void {
	const origin = req.headers.origin;
	if (!origin) return; // non-browser clients (agents, POS) send none
	const host = req.headers.host;
	if (!host || new URL(origin).host !== host) throw new AtriumError('forbidden');
}

