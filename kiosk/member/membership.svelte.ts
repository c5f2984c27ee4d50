import type { InteractionEvent, MemberGreeting } from '$protocol';
import type { JoinQr, MemberLink } from './member-link';

type Payloads = { [E in InteractionEvent as E['type']]: E['payload'] };
/** The kiosk's event emitter, stamped with the session id. */
export type EmitMemberEvent = <T extends 'member.join_started' | 'member.logged_out'>(
	type: T,
	payload: Payloads[T]
) => void;

/** How long a refused card's message stays up. */
export const REFUSED_MS = 6000;
/** A join QR is renewed this long before it expires, so a phone never scans a dead one. */
const RENEW_BEFORE_MS = 60_000;
/** Never renewed sooner than this (a controller whose clock is far ahead of the kiosk's). */
const MIN_RENEW_MS = 15_000;
/** While the controller is out of reach, the sheet asks again this often. */
const RETRY_MS = 5000;

/** When to fetch the next join QR: a minute before this one expires, within sane bounds. */
export function renewIn(expiresAt: string, now: number): number {
	const left = Date.parse(expiresAt) - now;
	if (!Number.isFinite(left)) return MIN_RENEW_MS;
	return Math.min(Math.max(left - RENEW_BEFORE_MS, MIN_RENEW_MS), 10 * 60_000);
}

/**
 * The member part of one shopper's session: the join sheet and its QR, the greeting once they
 * joined or scanned their card, and a refused card's message. Everything here is personal and
 * goes with `reset()` when the session ends.
 */
export class Membership {
	/** The join sheet shows. */
	joining = $state(false);
	/** The join QR on the sheet, bound to the session; null until the controller answered. */
	qr = $state<JoinQr | null>(null);
	/** Why there is no QR (`unavailable`: the controller is out of reach); the sheet keeps asking. */
	qrError = $state<string | null>(null);
	/** The member greeted in this session. */
	greeting = $state<MemberGreeting | null>(null);
	/** The code of a member card the scanner read and the controller refused, for a few seconds. */
	refused = $state<string | null>(null);

	#link: MemberLink;
	#session: () => string | null;
	#emit: EmitMemberEvent;
	#onGreeted: () => void;
	#now: () => number;
	#qrTimer: ReturnType<typeof setTimeout> | null = null;
	#refusedTimer: ReturnType<typeof setTimeout> | null = null;
	/** Answers to an older request (the sheet closed, a newer QR asked for) are dropped. */
	#request = 0;
	#cleanup: (() => void)[];

	constructor(options: {
		link: MemberLink;
		/** The session on screen now. */
		session: () => string | null;
		emit: EmitMemberEvent;
		/** A member was greeted (the kiosk restarts its idle timer). */
		onGreeted?: () => void;
		now?: () => number;
	}) {
		this.#link = options.link;
		this.#session = options.session;
		this.#emit = options.emit;
		this.#onGreeted = options.onGreeted ?? (() => {});
		this.#now = options.now ?? Date.now;
		this.#cleanup = [
			this.#link.onGreeting((g) => this.#greeted(g)),
			this.#link.onRefused((code) => this.#refusedCard(code)),
			// Erased: their name and offers leave the screen; there is nobody left to log out.
			this.#link.onForgotten((memberId) => {
				if (this.greeting?.memberId === memberId) this.greeting = null;
			}),
			this.#link.onReconnect(() => this.#link.setSession(this.#session()))
		];
	}

	/** The session started or ended: the agent binds scans and joins to the one on screen. */
	sessionChanged(): void {
		const sessionId = this.#session();
		this.#link.setSession(sessionId);
		if (!sessionId) this.reset('idle');
		else if (this.joining) void this.#fetchQr(sessionId);
	}

	/**
	 * The controller is back (it may have restarted, which voids QRs it issued before): an open
	 * join sheet gets a fresh QR at once.
	 */
	controllerBack(): void {
		const sessionId = this.#session();
		if (this.joining && sessionId) void this.#fetchQr(sessionId);
	}

	/** Opens the join sheet with a fresh QR for this session. */
	openJoin(): void {
		const sessionId = this.#session();
		if (!sessionId || this.greeting) return;
		if (!this.joining) {
			this.joining = true;
			this.qr = null;
			this.qrError = null;
			this.#emit('member.join_started', { via: 'kiosk-qr' });
		}
		void this.#fetchQr(sessionId);
	}

	closeJoin(): void {
		this.joining = false;
		this.qr = null;
		this.qrError = null;
		this.#request++;
		this.#clearQrTimer();
	}

	/** Ends the member part; the session goes on anonymous. */
	logOut(reason: 'tap' | 'idle' = 'tap'): void {
		const greeting = this.greeting;
		if (!greeting) return;
		this.#emit('member.logged_out', { memberId: greeting.memberId, reason });
		this.greeting = null;
	}

	dismissRefused(): void {
		this.refused = null;
		if (this.#refusedTimer) clearTimeout(this.#refusedTimer);
		this.#refusedTimer = null;
	}

	/** The session ends: logs the member out (before the session ends) and forgets everything. */
	reset(reason: 'tap' | 'idle'): void {
		this.logOut(reason);
		this.closeJoin();
		this.dismissRefused();
	}

	destroy(): void {
		this.closeJoin();
		this.dismissRefused();
		for (const c of this.#cleanup) c();
	}

	async #fetchQr(sessionId: string): Promise<void> {
		const request = ++this.#request;
		this.#clearQrTimer();
		const res = await this.#link.joinQr(sessionId);
		if (request !== this.#request || !this.joining || this.#session() !== sessionId) return;
		if ('error' in res) {
			// The code on screen stays while it is still good; a dead one is taken away.
			const qr = this.qr;
			if (qr && Date.parse(qr.expiresAt) - this.#now() < MIN_RENEW_MS) this.qr = null;
			this.qrError = res.error.code;
			this.#qrTimer = setTimeout(() => void this.#fetchQr(sessionId), RETRY_MS);
			return;
		}
		this.qr = res.data;
		this.qrError = null;
		this.#qrTimer = setTimeout(
			() => void this.#fetchQr(sessionId),
			renewIn(res.data.expiresAt, this.#now())
		);
	}

	#clearQrTimer(): void {
		if (this.#qrTimer) clearTimeout(this.#qrTimer);
		this.#qrTimer = null;
	}

	#greeted(greeting: MemberGreeting): void {
		// A greeting meant for another session (one that ended) is never shown to this shopper.
		if (greeting.sessionId !== this.#session()) return;
		if (this.greeting?.memberId === greeting.memberId) return;
		this.greeting = greeting;
		this.closeJoin();
		this.dismissRefused();
		this.#onGreeted();
	}

	#refusedCard(code: string): void {
		if (!this.#session()) return;
		this.dismissRefused();
		this.refused = code;
		this.#refusedTimer = setTimeout(() => this.dismissRefused(), REFUSED_MS);
	}
}
