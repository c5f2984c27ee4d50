import { z } from 'zod';
import { UUIDV7_PATTERN } from './ids.js';
import { Locale } from './text.js';
import { MAX_BATCH } from './limits.js';

export { MAX_BATCH };

/**
 * Interaction events: what shoppers do on a screen. Each has a UUIDv7 id minted on the screen, so a
 * retry anywhere along screen → agent → controller is recognised as the same event.
 */
export const EventId = z.string().regex(UUIDV7_PATTERN, 'a UUIDv7');
export const SessionId = z.string().regex(UUIDV7_PATTERN, 'a UUIDv7');
const ShortText = z.string().max(200);
const RefId = z.string().min(1).max(64);
const Code = z.string().length(11);

const base = {
	id: EventId,
	at: z.iso.datetime(),
	sessionId: SessionId,
	locale: Locale
};

export const InteractionEvent = z.discriminatedUnion('type', [
	z.strictObject({ ...base, type: z.literal('session.started'), payload: z.strictObject({}) }),
	z.strictObject({
		...base,
		type: z.literal('session.ended'),
		payload: z.strictObject({ reason: z.enum(['idle', 'done']) })
	}),
	z.strictObject({
		...base,
		type: z.literal('shop.viewed'),
		payload: z.strictObject({ shopId: RefId })
	}),
	z.strictObject({
		...base,
		type: z.literal('category.viewed'),
		payload: z.strictObject({ categoryId: RefId })
	}),
	z.strictObject({
		...base,
		type: z.literal('search.performed'),
		payload: z.strictObject({ query: ShortText, results: z.int().nonnegative() })
	}),
	z.strictObject({
		...base,
		type: z.literal('route.requested'),
		payload: z.strictObject({
			/** A shop id or an amenity kind ("toilet", "atm"). */
			to: RefId,
			stepFree: z.boolean(),
			/** Whether a route was found; a step-free request may have none. */
			found: z.boolean()
		})
	}),
	z.strictObject({
		...base,
		type: z.literal('route.sent_to_phone'),
		payload: z.strictObject({ to: RefId, stepFree: z.boolean() })
	}),
	z.strictObject({
		...base,
		type: z.literal('coupon.claimed'),
		payload: z.strictObject({ campaignId: RefId, code: Code, offline: z.boolean() })
	}),
	z.strictObject({
		...base,
		type: z.literal('coupon.printed'),
		payload: z.strictObject({ campaignId: RefId, code: Code, jobId: z.int(), pages: z.int().min(1) })
	}),
	z.strictObject({
		...base,
		type: z.literal('coupon.print_failed'),
		payload: z.strictObject({ campaignId: RefId, code: Code, reason: z.string().max(64) })
	}),
	z.strictObject({
		...base,
		type: z.literal('coupon.sent_to_phone'),
		payload: z.strictObject({ campaignId: RefId, code: Code })
	}),
	z.strictObject({
		...base,
		type: z.literal('coupon.redeemed'),
		payload: z.strictObject({
			campaignId: RefId,
			code: Code,
			shopId: RefId,
			by: z.string().max(64),
			/** The member the coupon was minted for, when a member took it. */
			memberId: RefId.nullable().optional()
		})
	}),
	z.strictObject({
		...base,
		type: z.literal('member.join_started'),
		payload: z.strictObject({ via: z.enum(['kiosk-qr', 'channel-qr', 'direct']) })
	}),
	z.strictObject({
		...base,
		type: z.literal('member.joined'),
		payload: z.strictObject({
			memberId: RefId,
			/** The kiosk whose session this was, when joined through a kiosk's QR. */
			kioskId: RefId.nullable(),
			channel: RefId.nullable(),
			staffId: RefId.nullable()
		})
	}),
	z.strictObject({
		...base,
		type: z.literal('member.identified'),
		payload: z.strictObject({ memberId: RefId, kioskId: RefId })
	}),
	z.strictObject({
		...base,
		type: z.literal('member.logged_out'),
		payload: z.strictObject({ memberId: RefId, reason: z.enum(['tap', 'idle']) })
	}),
	z.strictObject({
		...base,
		type: z.literal('order.placed'),
		payload: z.strictObject({
			memberId: RefId,
			orderId: z.string().max(100),
			amount: z.number(),
			currency: z.string().length(3),
			shopId: RefId.nullable(),
			/** The staff member credited, when the order fell inside the attribution window. */
			creditedStaffId: RefId.nullable()
		})
	}),
	z.strictObject({
		...base,
		type: z.literal('language.changed'),
		payload: z.strictObject({ from: Locale, to: Locale })
	})
]);
export type InteractionEvent = z.infer<typeof InteractionEvent>;
export type InteractionType = InteractionEvent['type'];

/** An event as the controller journals it: stamped with the device it came from and when it arrived. */
export type JournaledEvent = InteractionEvent & { deviceId: string; receivedAt: string };

export const EventBatch = z.array(InteractionEvent).min(1).max(MAX_BATCH);
