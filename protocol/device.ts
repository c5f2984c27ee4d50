import { z } from 'zod';
import type { Response, ProtocolError } from './errors.js';
import type { InteractionEvent } from './events.js';
import type { ReplicaData } from './content.js';
import type { IssuedCoupon, Lease, LeaseRequest, MintRequest, OfflineCoupon } from './coupons.js';
import type { MemberGreeting } from './members.js';

/** What the controller knows a device as. */
export const DEVICE_KINDS = ['kiosk', 'signage'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
export const DeviceId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'lower-case letters, digits and dashes');

/** socket.io `auth` an agent presents on `/device`. */
export const DeviceAuth = z.strictObject({
	deviceId: DeviceId,
	token: z.string().min(20).max(200)
});
export type DeviceAuth = z.infer<typeof DeviceAuth>;

export const Heartbeat = z.strictObject({
	uptimeS: z.number().nonnegative(),
	memoryMb: z.number().nonnegative(),
	version: z.string().max(40),
	replicaVersion: z.int().nonnegative(),
	outboxPending: z.int().nonnegative(),
	screen: z.enum(['connected', 'disconnected']),
	/** Absent on devices without a printer. */
	printer: z
		.strictObject({
			state: z.enum(['idle', 'processing', 'stopped', 'unreachable']),
			reasons: z.array(z.string().max(64)).max(20),
			/** What keeps it from printing coupons now, or null. */
			fault: z.string().max(64).nullable(),
			simulated: z.boolean()
		})
		.optional(),
	/** The member-card scanner; absent on devices without one. `absent`: the profile names one, it is unplugged. */
	scanner: z.enum(['connected', 'absent', 'simulated']).optional()
});
export type Heartbeat = z.infer<typeof Heartbeat>;

export const ReplicaSyncRequest = z.strictObject({ version: z.int().nonnegative() });
export type ReplicaSyncRequest = z.infer<typeof ReplicaSyncRequest>;

/** Collections of documents with an `id`, changed document by document. */
export type ReplicaCollection = 'categories' | 'shops' | 'campaigns' | 'media' | 'playlists';
/** Parts replaced whole: the change's single `upsert` entry is the new value. */
export type ReplicaSingleton = Exclude<keyof ReplicaData, ReplicaCollection>;
export interface ReplicaChange {
	collection: ReplicaCollection | ReplicaSingleton;
	upsert: unknown[];
	remove: string[];
}

/**
 * How an agent catches up: nothing (already current), the changes since its version, or — when the
 * controller no longer holds that far back — a whole snapshot.
 */
export type ReplicaUpdate =
	| { kind: 'current'; version: number }
	| { kind: 'delta'; from: number; version: number; changes: ReplicaChange[] }
	| { kind: 'snapshot'; version: number; data: ReplicaData };

export interface BatchReceipt {
	/** Newly journaled. */
	accepted: number;
	/** Already journaled earlier (a retry); not written again. */
	duplicates: number;
}

/** Agent → controller on `/device`. */
export interface DeviceClientEvents {
	'events:batch': (batch: InteractionEvent[], ack: (res: Response<BatchReceipt>) => void) => void;
	'replica:sync': (req: ReplicaSyncRequest, ack: (res: Response<ReplicaUpdate>) => void) => void;
	'device:heartbeat': (beat: Heartbeat, ack: (res: Response<{ at: string }>) => void) => void;
	'coupon:mint': (req: MintRequest, ack: (res: Response<IssuedCoupon>) => void) => void;
	'coupon:lease': (req: LeaseRequest, ack: (res: Response<Lease>) => void) => void;
	'coupon:reconcile': (
		req: { coupons: OfflineCoupon[] },
		ack: (res: Response<{ accepted: number }>) => void
	) => void;
	/** A join QR bound to the kiosk's current session (signed, short-lived, single use). */
	'member:join_qr': (
		req: { sessionId: string },
		ack: (res: Response<{ url: string; expiresAt: string }>) => void
	) => void;
	/** The kiosk's scanner read a member card: the controller verifies it and ties the session. */
	'member:identify': (
		req: { sessionId: string; scanned: string },
		ack: (res: Response<MemberGreeting>) => void
	) => void;
}

/** Deployment settings the controller hands every device on connect. */
export interface DeviceConfig {
	/** Where phones reach the controller: every QR a screen shows points here, never at localhost. */
	publicUrl: string;
}

/** Controller → agent on `/device`. */
export interface DeviceServerEvents {
	'device:config': (config: DeviceConfig) => void;
	'replica:update': (update: ReplicaUpdate) => void;
	/** A shopper at this kiosk joined on their phone: greet them. */
	'member:greeting': (greeting: MemberGreeting) => void;
	/** A member was erased: a kiosk greeting them drops the greeting at once. */
	'member:forgotten': (req: { memberId: string }) => void;
	'protocol:error': (error: ProtocolError & { event: string }) => void;
}

export const DEVICE_CLIENT_EVENTS = [
	'events:batch',
	'replica:sync',
	'device:heartbeat',
	'coupon:mint',
	'coupon:lease',
	'coupon:reconcile',
	'member:join_qr',
	'member:identify'
] as const;
