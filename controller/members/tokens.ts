import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Where a join QR hangs: each gets its own attribution token. */
export const CHANNELS = ['kiosk', 'poster', 'wechat', 'wifi', 'counter'] as const;
export type Channel = (typeof CHANNELS)[number];

export const JOIN_TTL_MS = 5 * 60 * 1000;
export const CARD_TTL_MS = 60 * 1000;

/** A kiosk session's join QR: short-lived and single use, so a photo of it is useless later. */
export interface JoinToken {
	kind: 'join';
	sessionId: string;
	deviceId: string;
	/** Expiry, epoch ms (carried in seconds). */
	exp: number;
	nonce: string;
}

/** A printed staff or channel QR: lives as long as the poster, so it carries no expiry. */
export interface AttributionToken {
	kind: 'attr';
	channel: Channel;
	staffId: string | null;
	shopId: string | null;
}

/** A member's rotating card QR; its nonce makes each one good for one scan. */
export interface CardToken {
	kind: 'card';
	memberId: string;
	exp: number;
	nonce: string;
}

export type Token = JoinToken | AttributionToken | CardToken;

// Short keys keep the QR at a low version, which cheap kiosk scanners read faster.
const Ref = z.string().min(1).max(64);
const Wire = z.discriminatedUnion('k', [
	z.strictObject({ k: z.literal('j'), s: Ref, d: Ref, e: z.int().positive(), n: Ref }),
	z.strictObject({
		k: z.literal('a'),
		c: z.enum(CHANNELS),
		st: Ref.optional(),
		sh: Ref.optional()
	}),
	z.strictObject({ k: z.literal('c'), m: Ref, e: z.int().positive(), n: Ref })
]);
type Wire = z.infer<typeof Wire>;

const SIGNATURE_BYTES = 16;
const TOKEN = /^([A-Za-z0-9_-]{8,600})\.([A-Za-z0-9_-]{22})$/;

export function newNonce(): string {
	return randomBytes(9).toString('base64url');
}

/**
 * Compact signed tokens: base64url(JSON) + '.' + HMAC-SHA256 under the controller secret, cut to
 * 128 bits. The signed text is prefixed so a coupon or cookie signature can never pass as a token.
 */
export class TokenSigner {
	constructor(private secret: Buffer) {}

	sign(token: Token): string {
		const payload = Buffer.from(JSON.stringify(toWire(token))).toString('base64url');
		return `${payload}.${this.#mac(payload).toString('base64url')}`;
	}

	/** The token if its signature holds and its shape is known; expiry is the caller's to judge. */
	verify(text: string): Token | null {
		const m = TOKEN.exec(text.trim());
		if (!m) return null;
		const given = Buffer.from(m[2], 'base64url');
		const expected = this.#mac(m[1]);
		if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
		let json: unknown;
		try {
			json = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8'));
		} catch {
			return null;
		}
		const wire = Wire.safeParse(json);
		return wire.success ? fromWire(wire.data) : null;
	}

	#mac(payload: string): Buffer {
		return createHmac('sha256', this.secret)
			.update(`atrium-token.v1.${payload}`)
			.digest()
			.subarray(0, SIGNATURE_BYTES);
	}
}

function toWire(t: Token): Wire {
	switch (t.kind) {
		case 'join':
			return { k: 'j', s: t.sessionId, d: t.deviceId, e: Math.ceil(t.exp / 1000), n: t.nonce };
		case 'attr':
			return {
				k: 'a',
				c: t.channel,
				...(t.staffId ? { st: t.staffId } : {}),
				...(t.shopId ? { sh: t.shopId } : {})
			};
		case 'card':
			return { k: 'c', m: t.memberId, e: Math.ceil(t.exp / 1000), n: t.nonce };
	}
}

function fromWire(w: Wire): Token {
	switch (w.k) {
		case 'j':
			return { kind: 'join', sessionId: w.s, deviceId: w.d, exp: w.e * 1000, nonce: w.n };
		case 'a':
			return { kind: 'attr', channel: w.c, staffId: w.st ?? null, shopId: w.sh ?? null };
		case 'c':
			return { kind: 'card', memberId: w.m, exp: w.e * 1000, nonce: w.n };
	}
}

/**
 * Nonces of single-use tokens already spent. A token is refused after its expiry anyway, so a nonce
 * is forgotten once its token has expired and the set stays as small as the live tokens.
 */
export class SpentNonces {
	#spent = new Map<string, number>();
	#sweptAt = 0;

	has(nonce: string): boolean {
		return this.#spent.has(nonce);
	}

	/** Marks a nonce spent; false when it already was. */
	spend(nonce: string, exp: number, now: number): boolean {
		if (now - this.#sweptAt > 30_000) {
			for (const [n, e] of this.#spent) if (e < now) this.#spent.delete(n);
			this.#sweptAt = now;
		}
		if (this.#spent.has(nonce)) return false;
		this.#spent.set(nonce, exp);
		return true;
	}

	/** Gives a nonce back when the step that spent it failed to persist. */
	release(nonce: string): void {
		this.#spent.delete(nonce);
	}

	get size(): number {
		return this.#spent.size;
	}
}
