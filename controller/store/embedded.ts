import { join } from 'node:path';
import { openDocuments, WriteQueue } from './documents.js';
import { Journal } from './journal.js';
import type { Low } from 'lowdb';
import type { JournaledEvent, Replica } from '../../protocol/index.js';
import type { ContentStore } from '../replica/replica.service.js';
import type { LedgerEntry } from '../coupons/coupon.ledger.js';
import type { MemberEntry } from '../members/member.ledger.js';
import { FileVault, type KeyVault } from '../members/vault.js';
import type { UserRecord, SessionRecord, UserStore, SessionStore } from '../auth/auth.store.js';
import type { DeviceRecord, PairingRecord, DeviceStore } from '../devices/device.store.js';

export interface DocumentData {
	users: UserRecord[];
	sessions: SessionRecord[];
	devices: DeviceRecord[];
	pairings: PairingRecord[];
	content: Replica | null;
}

export interface Stores {
	users: UserStore;
	sessions: SessionStore;
	devices: DeviceStore;
	content: ContentStore;
	events: Journal<JournaledEvent>;
	coupons: Journal<LedgerEntry>;
	members: Journal<MemberEntry>;
	/** Per-member keys: erasing a member destroys theirs (see controller/members/vault.ts). */
	memberKeys: KeyVault;
	close(): Promise<void>;
}

/** The embedded store: `data/documents.json` (lowdb) and `data/journal/` (NDJSON segments). */
export async function createEmbeddedStores(dataDir: string): Promise<Stores> {
	const db = await openDocuments<DocumentData>(join(dataDir, 'documents.json'), {
		users: [],
		sessions: [],
		devices: [],
		pairings: [],
		content: null
	});
	const queue = new WriteQueue();
	const write = () => queue.run(() => db.write());
	return {
		users: new LowUserStore(db, write),
		sessions: new LowSessionStore(db, write),
		devices: new LowDeviceStore(db, write),
		content: {
			get: async () => db.data.content,
			put: async (replica) => {
				db.data.content = replica;
				await write();
			}
		},
		events: new Journal<JournaledEvent>(join(dataDir, 'journal')),
		coupons: new Journal<LedgerEntry>(join(dataDir, 'coupons')),
		members: new Journal<MemberEntry>(join(dataDir, 'members')),
		memberKeys: new FileVault(join(dataDir, 'member-keys.ndjson')),
		close: async () => {
			await queue.run(() => Promise.resolve());
		}
	};
}

type Write = () => Promise<void>;

function upsert<T>(list: T[], item: T, same: (a: T) => boolean): void {
	const i = list.findIndex(same);
	if (i === -1) list.push(item);
	else list[i] = item;
}

class LowUserStore implements UserStore {
	constructor(
		private db: Low<DocumentData>,
		private write: Write
	) {}
	async get(username: string) {
		return this.db.data.users.find((u) => u.username === username) ?? null;
	}
	async list() {
		return [...this.db.data.users];
	}
	async put(user: UserRecord) {
		upsert(this.db.data.users, user, (u) => u.username === user.username);
		await this.write();
	}
}

class LowSessionStore implements SessionStore {
	constructor(
		private db: Low<DocumentData>,
		private write: Write
	) {}
	async get(id: string) {
		return this.db.data.sessions.find((s) => s.id === id) ?? null;
	}
	async put(session: SessionRecord) {
		const now = Date.now();
		// Expired sessions are dropped whenever a new one is written, so the file cannot grow without bound.
		this.db.data.sessions = this.db.data.sessions.filter((s) => Date.parse(s.expiresAt) > now);
		upsert(this.db.data.sessions, session, (s) => s.id === session.id);
		await this.write();
	}
	async delete(id: string) {
		this.db.data.sessions = this.db.data.sessions.filter((s) => s.id !== id);
		await this.write();
	}
}

class LowDeviceStore implements DeviceStore {
	constructor(
		private db: Low<DocumentData>,
		private write: Write
	) {}
	async get(id: string) {
		return this.db.data.devices.find((d) => d.id === id) ?? null;
	}
	async list() {
		return [...this.db.data.devices];
	}
	async put(device: DeviceRecord) {
		upsert(this.db.data.devices, device, (d) => d.id === device.id);
		await this.write();
	}
	async putPairing(pairing: PairingRecord) {
		// One live code per device: a new code replaces the old one.
		this.db.data.pairings = this.db.data.pairings.filter((p) => p.deviceId !== pairing.deviceId);
		this.db.data.pairings.push(pairing);
		await this.write();
	}
	async takePairing(codeHash: string, now: Date) {
		const p = this.db.data.pairings.find((x) => x.codeHash === codeHash);
		if (!p) return null;
		this.db.data.pairings = this.db.data.pairings.filter((x) => x !== p);
		await this.write();
		return Date.parse(p.expiresAt) > now.getTime() ? p : null;
	}
}
