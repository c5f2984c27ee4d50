import { z } from 'zod';
import type { Response, ProtocolError } from './errors.js';
import type { JournaledEvent } from './events.js';
import type { CampaignStats, Redemption } from './coupons.js';
import type { Campaign, Localized } from './content.js';
import { RedeemRequest, UndoRequest } from './coupons.js';
import type { DeviceKind, Heartbeat } from './device.js';
import type { AttributionStats, ConsoleMember, MemberProfileView, OutboxMessage } from './members.js';
import { AttributionQrRequest, MemberRef, MembersQuery } from './members.js';

export const ROLES = ['admin', 'editor', 'technician', 'staff', 'marketer'] as const;
export type Role = (typeof ROLES)[number];
export const Role = z.enum(ROLES);

export interface ConsoleUser {
	username: string;
	displayName: string;
	role: Role;
	/** The shop a staff member works for. */
	shopId?: string;
	/** Staff who may undo a redemption at their shop. */
	manager?: boolean;
}

export const LoginRequest = z.strictObject({
	username: z.string().min(1).max(64),
	password: z.string().min(1).max(256)
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export interface DeviceStatus {
	id: string;
	name: string;
	kind: DeviceKind;
	online: boolean;
	lastSeen: string | null;
	heartbeat: Heartbeat | null;
}

export const RecentEventsRequest = z.strictObject({ limit: z.int().min(1).max(500) });

/** The most events one `events:new` carries; the console's live feed shows fewer. */
export const EVENTS_NEW_MAX = 100;

export interface EventsNew {
	events: JournaledEvent[];
	count: number;
	types: JournaledEvent['type'][];
}

/** Console → controller on `/console`. */
export interface ConsoleClientEvents {
	'devices:list': (ack: (res: Response<DeviceStatus[]>) => void) => void;
	'events:recent': (
		req: z.infer<typeof RecentEventsRequest>,
		ack: (res: Response<JournaledEvent[]>) => void
	) => void;
	'coupon:redeem': (req: z.infer<typeof RedeemRequest>, ack: (res: Response<Redemption>) => void) => void;
	'coupon:undo': (req: z.infer<typeof UndoRequest>, ack: (res: Response<{ code: string }>) => void) => void;
	/** Staff see their own shop's campaigns only. */
	'campaigns:stats': (ack: (res: Response<CampaignStats[]>) => void) => void;
	/** The campaigns as editors edit them, with the shops and templates to choose from. */
	'campaigns:list': (
		ack: (res: Response<{ campaigns: Campaign[]; shops: { id: string; name: Localized }[]; templates: string[] }>) => void
	) => void;
	/** Creates or changes a campaign; it reaches every kiosk with the next replica update. */
	'campaign:save': (campaign: Campaign, ack: (res: Response<{ version: number }>) => void) => void;
	/** Members, newest first; phone numbers masked except for the roles allowed to see them. */
	'members:list': (req: z.infer<typeof MembersQuery>, ack: (res: Response<ConsoleMember[]>) => void) => void;
	/** A member's profile now; then `member:profile` pushes each change until `member:unwatch`. */
	'member:watch': (req: z.infer<typeof MemberRef>, ack: (res: Response<MemberProfileView>) => void) => void;
	'member:unwatch': (req: z.infer<typeof MemberRef>, ack: (res: Response<null>) => void) => void;
	/** Everything kept about a member, as JSON (admin). */
	'member:export': (req: z.infer<typeof MemberRef>, ack: (res: Response<Record<string, unknown>>) => void) => void;
	/** Erases a member: identity and profile gone, their events count only in anonymous aggregates (admin). */
	'member:erase': (req: z.infer<typeof MemberRef>, ack: (res: Response<{ erased: true }>) => void) => void;
	/** Sign-ups and credited orders per staff member, shop and channel; the staff who may get a QR. */
	'attribution:stats': (
		ack: (
			res: Response<{
				stats: AttributionStats;
				windowDays: number;
				staff: { username: string; displayName: string; shopId: string | null }[];
			}>
		) => void
	) => void;
	/** The join URL to print as a QR for a channel (and staff member or shop). */
	'attribution:qr': (
		req: z.infer<typeof AttributionQrRequest>,
		ack: (res: Response<{ url: string }>) => void
	) => void;
	/** The demo SMS sender's last messages, newest first (no real SMS gateway configured). */
	'outbox:list': (ack: (res: Response<OutboxMessage[]>) => void) => void;
}

/** Controller → console on `/console`. */
export interface ConsoleServerEvents {
	'device:status': (status: DeviceStatus) => void;
	/**
	 * Events just journaled: the newest few (oldest first) for live feeds, how many there were and
	 * which types, so pages refresh on what concerns them without the whole burst on the wire.
	 */
	'events:new': (batch: EventsNew) => void;
	'coupon:redeemed': (redemption: Redemption) => void;
	/** A watched member's profile changed. */
	'member:profile': (view: MemberProfileView) => void;
	/** The demo SMS sender sent a message. */
	'outbox:new': (message: OutboxMessage) => void;
	'protocol:error': (error: ProtocolError & { event: string }) => void;
}

/**
 * Who may do what on `/console`. The controller checks this on every event; the console only uses it
 * to hide what a role cannot use.
 */
export const CONSOLE_PERMISSIONS = {
	'devices:list': ['admin', 'technician', 'editor'],
	'events:recent': ['admin', 'technician', 'marketer'],
	'coupon:redeem': ['admin', 'staff'],
	'coupon:undo': ['admin', 'staff'],
	'campaigns:stats': ['admin', 'editor', 'marketer', 'staff'],
	'campaigns:list': ['admin', 'editor', 'marketer'],
	'campaign:save': ['admin', 'editor', 'marketer'],
	'members:list': ['admin', 'marketer'],
	'member:watch': ['admin', 'marketer'],
	'member:unwatch': ['admin', 'marketer'],
	'member:export': ['admin'],
	'member:erase': ['admin'],
	'attribution:stats': ['admin', 'marketer'],
	'attribution:qr': ['admin', 'marketer'],
	'outbox:list': ['admin', 'technician']
} as const satisfies Record<keyof ConsoleClientEvents, readonly Role[]>;

/** Broadcasts go to the roles that may read them. */
export const CONSOLE_FEEDS = {
	devices: CONSOLE_PERMISSIONS['devices:list'],
	events: CONSOLE_PERMISSIONS['events:recent'],
	coupons: CONSOLE_PERMISSIONS['campaigns:stats'],
	outbox: CONSOLE_PERMISSIONS['outbox:list']
} as const;

export function may(role: Role, action: keyof typeof CONSOLE_PERMISSIONS): boolean {
	return (CONSOLE_PERMISSIONS[action] as readonly Role[]).includes(role);
}
