import type { Response, ProtocolError } from './errors.js';
import type { InteractionEvent } from './events.js';
import type { Replica } from './content.js';
import type { DeviceKind } from './device.js';
import type { ClaimRequest, ClaimResult } from './coupons.js';
import type { MemberGreeting } from './members.js';

/** The agent's own state as its screen sees it. */
export interface AgentStatus {
	deviceId: string;
	kind: DeviceKind;
	controller: 'online' | 'offline';
	/** Events persisted on the device and not yet acknowledged by the controller. */
	pending: number;
	/** The controller's public URL for QR codes; null until the device has heard it once. */
	publicUrl: string | null;
	/**
	 * The member-card scanner: `connected`, `absent` (the profile names one, it is unplugged),
	 * `simulated` (demo, tests), or null when the device has none.
	 */
	scanner: 'connected' | 'absent' | 'simulated' | null;
}

/** Screen → agent on the local link (`/screen` on localhost). */
export interface ScreenClientEvents {
	/** Acknowledged once the events are on the device's disk; delivery to the controller follows. */
	'events:emit': (batch: InteractionEvent[], ack: (res: Response<{ stored: number }>) => void) => void;
	'replica:get': (ack: (res: Response<Replica | null>) => void) => void;
	/** Mints and prints; answers once the coupon printed or could not (then the phone takes over). */
	'coupon:claim': (req: ClaimRequest, ack: (res: Response<ClaimResult>) => void) => void;
	/** The screen's current shopper session (null on the attract loop): scans and joins bind to it. */
	'session:current': (req: { sessionId: string | null }, ack: (res: Response<null>) => void) => void;
	'member:join_qr': (
		req: { sessionId: string },
		ack: (res: Response<{ url: string; expiresAt: string }>) => void
	) => void;
}

/** Agent → screen on the local link. */
export interface ScreenServerEvents {
	'replica:update': (replica: Replica) => void;
	'agent:status': (status: AgentStatus) => void;
	'member:greeting': (greeting: MemberGreeting) => void;
	/**
	 * A member card was scanned while the screen shows the attract loop: the screen starts a session
	 * (which it then reports with `session:current`) and the agent identifies the card in it.
	 */
	'scanner:wake': () => void;
	/** The member greeted on this screen was erased: the greeting goes, without a log-out event. */
	'member:forgotten': (req: { memberId: string }) => void;
	/** A member card the scanner read was refused (expired, forged…). */
	'member:refused': (error: { code: string }) => void;
	'protocol:error': (error: ProtocolError & { event: string }) => void;
}

export const SCREEN_CLIENT_EVENTS = [
	'events:emit',
	'replica:get',
	'coupon:claim',
	'session:current',
	'member:join_qr'
] as const;
