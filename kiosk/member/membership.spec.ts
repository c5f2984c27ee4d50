import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MemberGreeting, Response } from '$protocol';
import type { JoinQr, MemberLink } from './member-link';
import { Membership, REFUSED_MS, renewIn } from './membership.svelte';

const A = '0190a000-0000-7000-8000-0000000000a1';
const B = '0190a000-0000-7000-8000-0000000000b2';
const MINUTE = 60_000;

/** The agent's side of the link, as the screen sees it. */
class FakeLink implements MemberLink {
	sessions: (string | null)[] = [];
	asked: string[] = [];
	/** What the next join QR request answers. */
	answer: (sessionId: string, n: number) => Response<JoinQr> = (sessionId, n) => ({
		data: {
			url: `https://mall.example/m/join?t=${sessionId}-${n}`,
			expiresAt: new Date(Date.now() + 5 * MINUTE).toISOString()
		}
	});
	#greeting = new Set<(g: MemberGreeting) => void>();
	#refused = new Set<(code: string) => void>();
	#reconnect = new Set<() => void>();
	#forgotten = new Set<(memberId: string) => void>();

	async joinQr(sessionId: string) {
		this.asked.push(sessionId);
		return this.answer(sessionId, this.asked.length);
	}
	setSession(sessionId: string | null) {
		this.sessions.push(sessionId);
	}
	onGreeting(l: (g: MemberGreeting) => void) {
		this.#greeting.add(l);
		return () => this.#greeting.delete(l);
	}
	onRefused(l: (code: string) => void) {
		this.#refused.add(l);
		return () => this.#refused.delete(l);
	}
	onWake() {
		return () => {};
	}
	onForgotten(l: (memberId: string) => void) {
		this.#forgotten.add(l);
		return () => this.#forgotten.delete(l);
	}
	forget(memberId: string) {
		for (const l of this.#forgotten) l(memberId);
	}
	onReconnect(l: () => void) {
		this.#reconnect.add(l);
		return () => this.#reconnect.delete(l);
	}
	greet(g: MemberGreeting) {
		for (const l of this.#greeting) l(g);
	}
	refuse(code: string) {
		for (const l of this.#refused) l(code);
	}
	reconnect() {
		for (const l of this.#reconnect) l();
	}
}

describe('Membership', () => {
	let link: FakeLink;
	let session: string | null;
	let events: { type: string; payload: unknown }[];
	let greeted: number;
	let member: Membership;

	beforeEach(() => {
		vi.useFakeTimers({ now: Date.parse('2025-03-01T10:00:00Z') });
		link = new FakeLink();
		session = A;
		events = [];
		greeted = 0;
		member = new Membership({
			link,
			session: () => session,
			emit: (type, payload) => events.push({ type, payload }),
			onGreeted: () => greeted++
		});
	});
	afterEach(() => {
		member.destroy();
		vi.useRealTimers();
	});

	it('opens the join sheet with a QR bound to the session, and says so once', async () => {
		member.openJoin();
		expect(member.joining).toBe(true);
		await vi.advanceTimersByTimeAsync(0);
		expect(member.qr?.url).toBe(`https://mall.example/m/join?t=${A}-1`);
		member.openJoin();
		await vi.advanceTimersByTimeAsync(0);
		expect(events).toEqual([{ type: 'member.join_started', payload: { via: 'kiosk-qr' } }]);
	});

	it('renews the QR a minute before it expires, and stops when the sheet closes', async () => {
		member.openJoin();
		await vi.advanceTimersByTimeAsync(4 * MINUTE - 1000);
		expect(link.asked).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(2000);
		expect(link.asked).toHaveLength(2);
		expect(member.qr?.url).toMatch(/-2$/);
		member.closeJoin();
		expect(member.qr).toBeNull();
		await vi.advanceTimersByTimeAsync(10 * MINUTE);
		expect(link.asked).toHaveLength(2);
	});

	it('fetches a fresh QR when the controller comes back, only while the sheet is open', async () => {
		member.controllerBack();
		await vi.advanceTimersByTimeAsync(0);
		expect(link.asked).toEqual([]);
		member.openJoin();
		await vi.advanceTimersByTimeAsync(0);
		member.controllerBack();
		await vi.advanceTimersByTimeAsync(0);
		expect(link.asked).toEqual([A, A]);
		expect(member.qr?.url).toBe(`https://mall.example/m/join?t=${A}-2`);
	});

	it('keeps asking while the controller is out of reach', async () => {
		link.answer = () => ({ error: { code: 'unavailable', message: '' } });
		member.openJoin();
		await vi.advanceTimersByTimeAsync(0);
		expect(member.qr).toBeNull();
		expect(member.qrError).toBe('unavailable');
		link.answer = (s, n) => ({
			data: { url: `u-${s}-${n}`, expiresAt: new Date(Date.now() + 5 * MINUTE).toISOString() }
		});
		await vi.advanceTimersByTimeAsync(5000);
		expect(member.qr?.url).toBe(`u-${A}-2`);
		expect(member.qrError).toBeNull();
	});

	it('greets the member of this session: the sheet closes and the kiosk hears of it', async () => {
		member.openJoin();
		await vi.advanceTimersByTimeAsync(0);
		link.greet({ sessionId: B, memberId: 'm9', greeting: 'x', offers: [] });
		expect(member.greeting).toBeNull();
		const g = { sessionId: A, memberId: 'm1', greeting: '·678', offers: ['c1'] };
		link.greet(g);
		link.greet(g);
		expect(member.greeting).toEqual(g);
		expect(member.joining).toBe(false);
		expect(greeted).toBe(1);
		// Greeted members have nothing to join.
		member.openJoin();
		expect(member.joining).toBe(false);
	});

	it('logs out on a tap, and on a reset before the session ends', () => {
		link.greet({ sessionId: A, memberId: 'm1', greeting: 'x', offers: [] });
		member.logOut('tap');
		expect(member.greeting).toBeNull();
		link.greet({ sessionId: A, memberId: 'm2', greeting: 'y', offers: [] });
		member.reset('idle');
		member.reset('idle');
		expect(events).toEqual([
			{ type: 'member.logged_out', payload: { memberId: 'm1', reason: 'tap' } },
			{ type: 'member.logged_out', payload: { memberId: 'm2', reason: 'idle' } }
		]);
		expect(member.greeting).toBeNull();
	});

	it('drops the greeting at once when the greeted member is erased, with no log-out event', () => {
		link.greet({ sessionId: A, memberId: 'm1', greeting: '·678', offers: ['c1'] });
		link.forget('m2');
		expect(member.greeting?.memberId).toBe('m1');
		link.forget('m1');
		expect(member.greeting).toBeNull();
		member.reset('idle');
		expect(events).toEqual([]);
	});

	it('shows a refused card for a few seconds, only during a session', async () => {
		link.refuse('card_expired');
		expect(member.refused).toBe('card_expired');
		await vi.advanceTimersByTimeAsync(REFUSED_MS);
		expect(member.refused).toBeNull();
		session = null;
		link.refuse('card_invalid');
		expect(member.refused).toBeNull();
	});

	it('tells the agent the session when it changes and when the link comes back', () => {
		member.sessionChanged();
		session = null;
		member.sessionChanged();
		session = B;
		link.reconnect();
		expect(link.sessions).toEqual([A, null, B]);
	});

	it('wipes everything when the session ends', async () => {
		member.openJoin();
		await vi.advanceTimersByTimeAsync(0);
		link.refuse('card_used');
		session = null;
		member.sessionChanged();
		expect([member.joining, member.qr, member.refused, member.greeting]).toEqual([
			false,
			null,
			null,
			null
		]);
	});
});

describe('renewIn', () => {
	const now = Date.parse('2025-03-01T10:00:00Z');
	it('renews a minute early, never in a burst, never for too long', () => {
		expect(renewIn(new Date(now + 5 * MINUTE).toISOString(), now)).toBe(4 * MINUTE);
		expect(renewIn(new Date(now - MINUTE).toISOString(), now)).toBe(15_000);
		expect(renewIn(new Date(now + 60 * MINUTE).toISOString(), now)).toBe(10 * MINUTE);
		expect(renewIn('not a date', now)).toBe(15_000);
	});
});
