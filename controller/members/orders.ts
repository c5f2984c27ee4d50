import { createHmac, timingSafeEqual } from 'node:crypto';
import { AtriumError, Order, parse, uuidv7, type JournaledEvent } from '../../protocol/index.js';
import type { Clock } from '../clock.js';
import type { MemberEntry } from './member.ledger.js';
import type { AttributionStats, MemberService } from './member.service.js';
import { normalizePhone } from './phone.js';

export const SIGNATURE_HEADER = 'x-atrium-signature';
const DAY = 24 * 60 * 60 * 1000;

export interface OrderDeskOptions {
	clock: Clock;
	/** Days after joining during which a member's purchases are credited to who brought them in. */
	windowDays?: number;
}

export interface OrderResult {
	orderId: string;
	duplicate: boolean;
	/** The `order.placed` event to journal; null for a duplicate or a phone that is not a member's. */
	event: JournaledEvent | null;
}

/** The header value a POS sends: `sha256=` and the hex HMAC-SHA256 of the exact body bytes. */
export function signOrderBody(secret: Buffer, body: Buffer | string): string {
	return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Purchases reported by the mall's e-commerce or POS (an HMAC-signed webhook). An order is matched
 * to a member by phone number and credited to the member's first touch (staff, shop, channel) when
 * it falls inside the attribution window. Webhooks are retried by their senders, so an order id
 * already seen is acknowledged and ignored.
 */
export class OrderDesk {
	readonly #windowMs: number;

	constructor(
		private members: MemberService,
		private secret: Buffer,
		private options: OrderDeskOptions
	) {
		this.#windowMs = (options.windowDays ?? 15) * DAY;
	}

	async recordOrder(rawBody: Buffer, signatureHeader: string | undefined): Promise<OrderResult> {
		// Authenticate before reading a byte of the content.
		if (!this.#signatureValid(rawBody, signatureHeader)) throw new AtriumError('signature_invalid');
		let json: unknown;
		try {
			json = JSON.parse(rawBody.toString('utf8'));
		} catch {
			throw new AtriumError('invalid_payload', 'body is not JSON');
		}
		const order = parse(Order, json);
		const phone = normalizePhone(order.phone, order.region);
		if (!phone) throw new AtriumError('phone_invalid', undefined, 'phone');
		if (this.members.hasOrder(order.orderId))
			return { orderId: order.orderId, duplicate: true, event: null };

		const member = this.members.findByPhone(phone.e164);
		const at = new Date(order.at);
		const joined = member ? Date.parse(member.joinedAt) : NaN;
		const inWindow = at.getTime() >= joined && at.getTime() < joined + this.#windowMs;
		const credited =
			member && inWindow
				? {
						staffId: member.attribution.staffId,
						shopId: member.attribution.shopId,
						channel: member.attribution.channel
					}
				: null;
		const receivedAt = this.options.clock.now().toISOString();
		const entry: Extract<MemberEntry, { kind: 'order' }> = {
			kind: 'order',
			orderId: order.orderId,
			memberId: member?.memberId ?? null,
			amount: order.amount,
			currency: order.currency.toUpperCase(),
			shopId: order.shopId || null,
			at: at.toISOString(),
			receivedAt,
			credited
		};
		if (!(await this.members.appendOrder(entry)))
			return { orderId: order.orderId, duplicate: true, event: null };
		if (!member) return { orderId: order.orderId, duplicate: false, event: null };
		return {
			orderId: order.orderId,
			duplicate: false,
			event: {
				id: uuidv7(),
				type: 'order.placed',
				at: entry.at,
				// An order belongs to no kiosk visit; it gets a session of its own.
				sessionId: uuidv7(),
				locale: 'zh-Hant',
				deviceId: 'orders',
				receivedAt,
				payload: {
					memberId: member.memberId,
					orderId: entry.orderId,
					amount: entry.amount,
					currency: entry.currency,
					shopId: entry.shopId,
					creditedStaffId: credited?.staffId ?? null
				}
			}
		};
	}

	attributionStats(): AttributionStats {
		return this.members.attributionStats();
	}

	/** Days after joining during which orders are credited to the member's first touch. */
	get windowDays(): number {
		return this.#windowMs / DAY;
	}

	#signatureValid(body: Buffer, header: string | undefined): boolean {
		const m = /^sha256=([0-9a-fA-F]{64})$/.exec(header?.trim() ?? '');
		if (!m) return false;
		const given = Buffer.from(m[1].toLowerCase(), 'hex');
		const expected = createHmac('sha256', this.secret).update(body).digest();
		return timingSafeEqual(given, expected);
	}
}
