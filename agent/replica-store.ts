import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
	Replica,
	applyChanges,
	describe as describeError,
	type ReplicaUpdate
} from '../protocol/index.js';
import { writeAtomically } from './outbox.js';

/**
 * The device's copy of what its screen needs, persisted so the screen has content after a restart
 * with the controller unreachable. Written whole and atomically: a crash leaves the old or the new copy.
 */
export class ReplicaStore {
	#replica: Replica | null;

	private constructor(
		private path: string,
		replica: Replica | null
	) {
		this.#replica = replica;
	}

	static async open(dir: string): Promise<ReplicaStore> {
		const path = join(dir, 'replica.json');
		let replica: Replica | null = null;
		try {
			const parsed = Replica.safeParse(JSON.parse(await readFile(path, 'utf8')));
			if (parsed.success) replica = parsed.data;
			else console.warn(`replica ${path} ignored: ${describeError(parsed.error)}`);
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code !== 'ENOENT') console.warn(`replica ${path} unreadable`);
		}
		return new ReplicaStore(path, replica);
	}

	get current(): Replica | null {
		return this.#replica;
	}

	get version(): number {
		return this.#replica?.version ?? 0;
	}

	/**
	 * Applies an update; returns the new replica when it changed, null when it was already current.
	 * A delta that does not start at our version cannot be applied: the caller asks for a resync.
	 */
	async apply(update: ReplicaUpdate): Promise<Replica | 'resync' | null> {
		if (update.kind === 'current') return null;
		let next: Replica;
		if (update.kind === 'snapshot') {
			next = { version: update.version, data: update.data };
		} else {
			if (!this.#replica || update.from !== this.#replica.version) return 'resync';
			next = { version: update.version, data: applyChanges(this.#replica.data, update.changes) };
		}
		const parsed = Replica.parse(next);
		await writeAtomically(this.path, JSON.stringify(parsed));
		this.#replica = parsed;
		return parsed;
	}
}
