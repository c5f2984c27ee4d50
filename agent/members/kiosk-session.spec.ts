import { describe, expect, it } from 'vitest';
import { KioskSession } from './kiosk-session.js';

const A = '0190a000-0000-7000-8000-00000000000a';
const B = '0190a000-0000-7000-8000-00000000000b';

describe('KioskSession', () => {
	it('greets a member only in the session on screen, and only once', () => {
		const s = new KioskSession();
		expect(s.greeted({ sessionId: A, memberId: 'm1' })).toBe(false);
		s.setCurrent(A);
		expect(s.greeted({ sessionId: B, memberId: 'm1' })).toBe(false);
		expect(s.greeted({ sessionId: A, memberId: 'm1' })).toBe(true);
		// The identify's answer and the controller's push are the same greeting.
		expect(s.greeted({ sessionId: A, memberId: 'm1' })).toBe(false);
		expect(s.memberFor(A)).toBe('m1');
		expect(s.memberFor(B)).toBeNull();
	});

	it('forgets the member when they log out, and the session goes on anonymous', () => {
		const s = new KioskSession();
		s.setCurrent(A);
		s.greeted({ sessionId: A, memberId: 'm1' });
		s.loggedOut(B);
		expect(s.memberFor(A)).toBe('m1');
		s.loggedOut(A);
		expect(s.current).toBe(A);
		expect(s.memberFor(A)).toBeNull();
		// Someone else scans in on the same session.
		expect(s.greeted({ sessionId: A, memberId: 'm2' })).toBe(true);
		expect(s.memberFor(A)).toBe('m2');
	});

	it('forgets the member when the session ends, so the next shopper is not them', () => {
		const s = new KioskSession();
		s.setCurrent(A);
		s.greeted({ sessionId: A, memberId: 'm1' });
		s.setCurrent(A);
		expect(s.memberFor(A)).toBe('m1');
		s.setCurrent(null);
		expect(s.memberFor(A)).toBeNull();
		s.setCurrent(B);
		expect(s.memberFor(B)).toBeNull();
		// A late greeting for the session that ended is not shown to the next shopper.
		expect(s.greeted({ sessionId: A, memberId: 'm1' })).toBe(false);
	});

	it('forgets an erased member: coupons in the session are no longer theirs', () => {
		const s = new KioskSession();
		s.setCurrent(A);
		s.greeted({ sessionId: A, memberId: 'm1' });
		expect(s.forget('m2')).toBe(false);
		expect(s.forget('m1')).toBe(true);
		expect(s.memberFor(A)).toBeNull();
		expect(s.forget('m1')).toBe(false);
	});
});
