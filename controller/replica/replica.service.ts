import {
	ReplicaData,
	applyChanges,
	parse,
	type Replica,
	type ReplicaChange,
	type ReplicaUpdate
} from '../../protocol/index.js';

export interface ContentStore {
	get(): Promise<Replica | null>;
	put(replica: Replica): Promise<void>;
}

const LOG_LIMIT = 200;

/**
 * The content every screen needs, versioned. Each change bumps the version and is kept in a short
 * log, so an agent that was offline catches up with the changes since its last acknowledged version,
 * or with a snapshot when it is further behind than the log reaches.
 */
export class ReplicaService {
	#replica: Replica;
	#log: { version: number; changes: ReplicaChange[] }[] = [];

	private constructor(
		private store: ContentStore,
		replica: Replica,
		private onUpdate: (update: ReplicaUpdate) => void,
		private derive?: (data: ReplicaData) => ReplicaData['search']
	) {
		this.#replica = replica;
	}

	/** Loads the stored content, seeding it on first run. */
	static async open(
		store: ContentStore,
		seed: () => Promise<ReplicaData>,
		onUpdate: (update: ReplicaUpdate) => void = () => {},
		/** Recomputes what is derived from shops and categories (the search keys). */
		derive?: (data: ReplicaData) => ReplicaData['search']
	): Promise<ReplicaService> {
		let replica = await store.get();
		if (!replica) {
			replica = { version: 1, data: await seed() };
			await store.put(replica);
		}
		return new ReplicaService(store, replica, onUpdate, derive);
	}

	current(): Replica {
		return this.#replica;
	}

	since(version: number): ReplicaUpdate {
		const now = this.#replica.version;
		if (version === now) return { kind: 'current', version: now };
		const first = this.#log[0];
		if (version > now || !first || version < first.version - 1) {
			return { kind: 'snapshot', version: now, data: this.#replica.data };
		}
		const changes = this.#log.filter((l) => l.version > version).flatMap((l) => l.changes);
		return { kind: 'delta', from: version, version: now, changes };
	}

	/**
	 * Applies changes atomically: the result is validated whole before anything is stored or sent.
	 * A change to shops or categories also carries the search keys derived from them, so screens
	 * never search stale names.
	 */
	async apply(changes: ReplicaChange[]): Promise<number> {
		const derive = this.derive;
		let next = parse(ReplicaData, applyChanges(this.#replica.data, changes));
		if (derive && changes.some((c) => c.collection === 'shops' || c.collection === 'categories')) {
			const search = derive(next);
			changes = [...changes, { collection: 'search', upsert: [search], remove: [] }];
			next = { ...next, search };
		}
		const from = this.#replica.version;
		const replica: Replica = { version: from + 1, data: next };
		await this.store.put(replica);
		this.#replica = replica;
		this.#log.push({ version: replica.version, changes });
		if (this.#log.length > LOG_LIMIT) this.#log.shift();
		this.onUpdate({ kind: 'delta', from, version: replica.version, changes });
		return replica.version;
	}
}
