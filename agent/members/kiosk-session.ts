/**
 * The shopper session on the kiosk's screen and the member the controller tied to it. A kiosk is
 * shared: a member belongs to one session only, is forgotten when that session ends or the shopper
 * logs out, and a greeting for any other session is never shown to whoever stands there now.
 */
export class KioskSession {
	#current: string | null = null;
	#member: { sessionId: string; memberId: string } | null = null;

	/** The session on screen, or null on the attract loop. */
	get current(): string | null {
		return this.#current;
	}

	/** The screen says which session it shows (null when it returned to the attract loop). */
	setCurrent(sessionId: string | null): void {
		if (sessionId === this.#current) return;
		this.#current = sessionId;
		if (this.#member?.sessionId !== sessionId) this.#member = null;
	}

	/**
	 * The controller tied a member to a session. True when the screen should greet them: the session
	 * is the one on screen and this member is not greeted there already (an identify is answered
	 * both in its acknowledgement and by the controller's push).
	 */
	greeted(greeting: { sessionId: string; memberId: string }): boolean {
		if (greeting.sessionId !== this.#current) return false;
		if (this.#member?.memberId === greeting.memberId) return false;
		this.#member = { sessionId: greeting.sessionId, memberId: greeting.memberId };
		return true;
	}

	/** The shopper logged out: the session goes on, anonymous. */
	loggedOut(sessionId: string): void {
		if (this.#member?.sessionId === sessionId) this.#member = null;
	}

	/** The member was erased: true when they were the one greeted on screen. */
	forget(memberId: string): boolean {
		if (this.#member?.memberId !== memberId) return false;
		this.#member = null;
		return true;
	}

	/** Who coupons claimed in this session are for. */
	memberFor(sessionId: string): string | null {
		return this.#member?.sessionId === sessionId ? this.#member.memberId : null;
	}
}
