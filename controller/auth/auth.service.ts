import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AtriumError, type ConsoleUser, type Role } from '../../protocol/index.js';
import type { Clock } from '../clock.js';
import type { SessionStore, UserStore } from './auth.store.js';
import { hashPassword, verifyPassword } from './password.js';

export const SESSION_COOKIE = 'atrium_session';
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const MAX_FAILURES = 5;
const LOCKOUT_MS = 60_000;

/**
 * Console sign-in. The cookie carries a random session id and an HMAC of it under the controller's
 * secret, so a forged or tampered cookie is refused before any store lookup.
 */
export class AuthService {
	#failures = new Map<string, { count: number; until: number }>();

	constructor(
		private users: UserStore,
		private sessions: SessionStore,
		private secret: Buffer,
		private clock: Clock
	) {}

	async createUser(input: {
		username: string;
		displayName: string;
		role: Role;
		password: string;
		shopId?: string;
		manager?: boolean;
	}): Promise<void> {
		const existing = await this.users.get(input.username);
		await this.users.put({
			username: input.username,
			displayName: input.displayName,
			role: input.role,
			...(input.shopId ? { shopId: input.shopId } : {}),
			...(input.manager ? { manager: true } : {}),
			passwordHash: await hashPassword(input.password),
			createdAt: existing?.createdAt ?? this.clock.now().toISOString()
		});
	}

	/** Returns the cookie value for a new session. */
	async login(username: string, password: string): Promise<{ cookie: string; user: ConsoleUser }> {
		const now = this.clock.now().getTime();
		const f = this.#failures.get(username);
		if (f && f.count >= MAX_FAILURES && f.until > now) throw new AtriumError('rate_limited');
		const user = await this.users.get(username);
		// Verify against a dummy hash for unknown users so timing does not reveal who exists.
		const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
		if (!user || !ok) {
			const count = (f && f.until > now ? f.count : 0) + 1;
			this.#failures.set(username, { count, until: now + LOCKOUT_MS });
			throw new AtriumError('bad_credentials');
		}
		this.#failures.delete(username);
		const id = randomBytes(24).toString('base64url');
		await this.sessions.put({
			id,
			username,
			createdAt: new Date(now).toISOString(),
			expiresAt: new Date(now + SESSION_TTL_MS).toISOString()
		});
		return { cookie: `${id}.${this.#sign(id)}`, user: toConsoleUser(user) };
	}

	async logout(cookie: string | undefined): Promise<void> {
		const id = this.#verifyCookie(cookie);
		if (id) await this.sessions.delete(id);
	}

	/** The signed-in user for a cookie value, or null. */
	async authenticate(cookie: string | undefined): Promise<ConsoleUser | null> {
		const id = this.#verifyCookie(cookie);
		if (!id) return null;
		const session = await this.sessions.get(id);
		if (!session || Date.parse(session.expiresAt) <= this.clock.now().getTime()) return null;
		const user = await this.users.get(session.username);
		return user ? toConsoleUser(user) : null;
	}

	#sign(id: string): string {
		return createHmac('sha256', this.secret).update(`session:${id}`).digest('base64url');
	}

	#verifyCookie(cookie: string | undefined): string | null {
		if (!cookie) return null;
		const dot = cookie.lastIndexOf('.');
		if (dot <= 0) return null;
		const id = cookie.slice(0, dot);
		const given = Buffer.from(cookie.slice(dot + 1));
		const expected = Buffer.from(this.#sign(id));
		return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
	}
}

const DUMMY_HASH =
	'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

function toConsoleUser(u: {
	username: string;
	displayName: string;
	role: Role;
	shopId?: string;
	manager?: boolean;
}): ConsoleUser {
	return {
		username: u.username,
		displayName: u.displayName,
		role: u.role,
		...(u.shopId ? { shopId: u.shopId } : {}),
		...(u.manager ? { manager: true } : {})
	};
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
	if (!header) return undefined;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq === -1) continue;
		if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
	}
	return undefined;
}
