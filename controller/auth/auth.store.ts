import type { Role } from '../../protocol/index.js';

export interface UserRecord {
	username: string;
	displayName: string;
	role: Role;
	shopId?: string;
	manager?: boolean;
	/** `scrypt$N$r$p$salt$hash`, base64 parts. */
	passwordHash: string;
	createdAt: string;
}

export interface SessionRecord {
	id: string;
	username: string;
	createdAt: string;
	expiresAt: string;
}

export interface UserStore {
	get(username: string): Promise<UserRecord | null>;
	list(): Promise<UserRecord[]>;
	put(user: UserRecord): Promise<void>;
}

export interface SessionStore {
	get(id: string): Promise<SessionRecord | null>;
	put(session: SessionRecord): Promise<void>;
	delete(id: string): Promise<void>;
}
