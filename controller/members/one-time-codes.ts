import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { AtriumError } from '../../protocol/index.js';

const MINUTE = 60_000;

export interface MemberLimits {
	codeTtlMs: number;
	/** Wrong codes before the phone number is locked out, and for how long. */
	maxAttempts: number;
	lockoutMs: number;
	/** Codes sent to one number within `codeWindowMs`, and the pause between two. */
	codesPerPhone: number;
	codeWindowMs: number;
	resendMs: number;
	/** Code requests per kiosk session (or, without one, per IP address), per hour. */
	perSourcePerHour: number;
	/** Code requests per kiosk, whatever its session, per hour. */
	perKioskPerHour: number;
}

export const DEFAULT_LIMITS: MemberLimits = {
	codeTtlMs: 5 * MINUTE,
	maxAttempts: 5,
	lockoutMs: 10 * MINUTE,
	codesPerPhone: 3,
	codeWindowMs: 10 * MINUTE,
	resendMs: 30_000,
	perSourcePerHour: 20,
	perKioskPerHour: 60
};

interface PendingCode {
	/** Null once used, expired by lockout, or never sent. */
	hash: Buffer | null;
	expiresAt: number;
	attempts: number;
	lockedUntil: number;
	sends: number[];
}

/** Where code requests come from, each with its hourly limit: a kiosk session and kiosk, or an IP. */
export type CodeSources = [key: string, perHour: number][];

/**
 * One-time codes by phone number, with their limits: tries before a lockout, codes per number and
 * window, requests per source and hour. In memory only: a restart costs a shopper one new code.
 * Each check and its reservation happen in one synchronous step; the returned functions take a
 * reservation back when what followed it (the SMS, the ledger write) failed.
 */
export class OneTimeCodes {
	#pending = new Map<string, PendingCode>();
	#requests = new Map<string, number[]>();
	#sweptAt = 0;

	constructor(readonly limits: MemberLimits) {}

	/** Checks every limit for a new code to `e164`, then reserves one. */
	issue(
		e164: string,
		sources: CodeSources,
		now: number
	): { code: string; expiresAt: number; resendAfter: number; rollback: () => void } {
		this.#sweep(now);
		const L = this.limits;
		const previous = this.#pending.get(e164);
		if (previous && previous.lockedUntil > now) {
			throw new AtriumError('code_locked', undefined, undefined, { retryAt: iso(previous.lockedUntil) });
		}
		const sends = (previous?.sends ?? []).filter((t) => t > now - L.codeWindowMs);
		const last = sends.at(-1) ?? -Infinity;
		if (last + L.resendMs > now) throw limited(last + L.resendMs);
		if (sends.length >= L.codesPerPhone) throw limited(sends[0] + L.codeWindowMs);
		for (const [key, max] of sources) {
			const recent = (this.#requests.get(key) ?? []).filter((t) => t > now - 60 * MINUTE);
			if (recent.length >= max) throw limited(recent[0] + 60 * MINUTE);
		}

		const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
		const pending: PendingCode = {
			hash: codeHash(e164, code),
			expiresAt: now + L.codeTtlMs,
			attempts: 0,
			lockedUntil: 0,
			sends: [...sends, now]
		};
		this.#pending.set(e164, pending);
		for (const [key] of sources) this.#requests.set(key, [...(this.#requests.get(key) ?? []), now]);
		return {
			code,
			expiresAt: pending.expiresAt,
			resendAfter: pending.sends.length >= L.codesPerPhone ? pending.sends[0] + L.codeWindowMs : now + L.resendMs,
			rollback: () => {
				if (previous) this.#pending.set(e164, previous);
				else this.#pending.delete(e164);
				for (const [key] of sources) {
					this.#requests.set(
						key,
						(this.#requests.get(key) ?? []).filter((t) => t !== now)
					);
				}
			}
		};
	}

	/**
	 * Checks a typed code and spends it; a wrong one counts toward the lockout. Returns the function
	 * that makes the code good again.
	 */
	spend(e164: string, code: string, now: number): () => void {
		const p = this.#pending.get(e164);
		if (p && p.lockedUntil > now) {
			throw new AtriumError('code_locked', undefined, 'code', { retryAt: iso(p.lockedUntil) });
		}
		if (!p?.hash || p.expiresAt <= now) throw new AtriumError('code_expired', undefined, 'code');
		if (!timingSafeEqual(codeHash(e164, code), p.hash)) {
			p.attempts++;
			if (p.attempts >= this.limits.maxAttempts) {
				// The code dies with the lockout: after the cool-down a new one must be sent.
				p.hash = null;
				p.attempts = 0;
				p.lockedUntil = now + this.limits.lockoutMs;
				throw new AtriumError('code_locked', undefined, 'code', { retryAt: iso(p.lockedUntil) });
			}
			throw new AtriumError('code_wrong', undefined, 'code', {
				attemptsLeft: this.limits.maxAttempts - p.attempts
			});
		}
		const hash = p.hash;
		p.hash = null;
		return () => {
			p.hash = hash;
		};
	}

	/** The number joined, or its member was erased: nothing about it is kept. */
	forget(e164: string): void {
		this.#pending.delete(e164);
	}

	/** Forgets state nobody can use any more, once a minute. */
	#sweep(now: number): void {
		if (now - this.#sweptAt < MINUTE) return;
		this.#sweptAt = now;
		for (const [phone, p] of this.#pending) {
			const quiet = p.sends.every((t) => t <= now - this.limits.codeWindowMs);
			if (quiet && p.lockedUntil <= now && p.expiresAt <= now) this.#pending.delete(phone);
		}
		for (const [key, times] of this.#requests) {
			if (times.every((t) => t <= now - 60 * MINUTE)) this.#requests.delete(key);
		}
	}
}

function codeHash(e164: string, code: string): Buffer {
	return createHash('sha256').update(`otp|${e164}|${code}`).digest();
}

export function limited(retryAt: number): AtriumError {
	return new AtriumError('rate_limited', undefined, undefined, { retryAt: iso(retryAt) });
}

function iso(ms: number): string {
	return new Date(ms).toISOString();
}
