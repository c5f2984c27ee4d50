import type { BatchReceipt, InteractionEvent, JournaledEvent } from '../../protocol/index.js';
import type { Clock } from '../clock.js';
import type { Journal } from '../store/journal.js';

/**
 * Ids remembered per device for deduplication. An agent re-sends only what it still holds
 * unacknowledged, oldest first, with at most a few batches in flight, so a duplicate is always
 * among the last few thousand events journaled for that device, however long it was away. The
 * window keeps memory bounded (devices × this) where a set of every id would grow for ever.
 */
export const DEDUP_PER_DEVICE = 20_000;

/**
 * Interaction events from devices: journaled once each, whatever the number of retries.
 * Delivery is at-least-once; the ids of each device's recent events make the effect exactly-once.
 */
export class EventService {
	/**
	 * Ids in the dedup window, journaled or being journaled, with the number of the write that holds
	 * them (0: on disk since the replay). One map operation per event on the hot path.
	 */
	#seen = new Map<string, number>();
	/** Per device, its window's ids as a ring, to forget the oldest. */
	#rings = new Map<string, { ids: string[]; next: number }>();
	#count = 0;
	/** Writes still in flight by number, so a concurrent retry waits for the same outcome. */
	#inflight = new Map<number, Promise<void>>();
	#writes = 0;
	#recent: JournaledEvent[] = [];
	#folds: ((event: JournaledEvent) => void)[] = [];
	static readonly RECENT = 500;

	constructor(
		private journal: Journal<JournaledEvent>,
		private clock: Clock,
		private onJournaled: (events: JournaledEvent[]) => void = () => {}
	) {}

	/**
	 * Projections (stats, profiles) fold every event: the journal's history when it is opened, then
	 * each new event once it is on disk. Register before `open()`.
	 */
	fold(projection: (event: JournaledEvent) => void): void {
		this.#folds.push(projection);
	}

	/** Replays the journal; returns how many events it holds. */
	async open(): Promise<number> {
		return this.journal.open((e) => {
			if (this.#seen.has(e.id)) return;
			this.#count++;
			this.#track(e.deviceId, e.id, 0);
			this.#remember(e);
			for (const f of this.#folds) f(e);
		});
	}

	/** Journals an event the controller itself observed (a redemption at a shop, say). */
	async record(event: JournaledEvent): Promise<void> {
		await this.ingest(event.deviceId, [event]);
	}

	async ingest(deviceId: string, batch: readonly InteractionEvent[]): Promise<BatchReceipt> {
		const receivedAt = this.clock.now().toISOString();
		const write = ++this.#writes;
		const fresh: JournaledEvent[] = [];
		const waits = new Set<Promise<void>>();
		for (const e of batch) {
			const holder = this.#seen.get(e.id);
			if (holder !== undefined) {
				// A retry (or a repeat inside this batch, which this write covers).
				const pending = holder === write ? undefined : this.#inflight.get(holder);
				if (pending) waits.add(pending);
				continue;
			}
			this.#track(deviceId, e.id, write);
			fresh.push({ ...e, deviceId, receivedAt });
		}
		if (fresh.length > 0) {
			const written = this.journal.append(fresh);
			this.#inflight.set(write, written);
			try {
				await written;
			} catch (err) {
				// Not journaled: forget the ids so the agent's retry is accepted.
				for (const e of fresh) this.#seen.delete(e.id);
				throw err;
			} finally {
				this.#inflight.delete(write);
			}
			this.#count += fresh.length;
			for (const e of fresh) {
				this.#remember(e);
				for (const f of this.#folds) f(e);
			}
			this.onJournaled(fresh);
		}
		// A retry of events another write holds is answered once that write is on disk (or failed).
		await Promise.all(waits);
		return { accepted: fresh.length, duplicates: batch.length - fresh.length };
	}

	recent(limit: number): JournaledEvent[] {
		return this.#recent.slice(-limit);
	}

	/** Events journaled (replayed and new). */
	get count(): number {
		return this.#count;
	}

	/** Ids held for deduplication, at most DEDUP_PER_DEVICE per device. */
	get remembered(): number {
		return this.#seen.size;
	}

	#track(deviceId: string, id: string, write: number): void {
		this.#seen.set(id, write);
		let ring = this.#rings.get(deviceId);
		if (!ring) this.#rings.set(deviceId, (ring = { ids: [], next: 0 }));
		if (ring.ids.length < DEDUP_PER_DEVICE) {
			ring.ids.push(id);
			return;
		}
		const oldest = ring.ids[ring.next];
		// Still being written (a burst larger than the window): its retry must keep waiting on it.
		const holder = this.#seen.get(oldest);
		if (holder !== undefined && !this.#inflight.has(holder)) this.#seen.delete(oldest);
		ring.ids[ring.next] = id;
		ring.next = (ring.next + 1) % DEDUP_PER_DEVICE;
	}

	#remember(e: JournaledEvent): void {
		this.#recent.push(e);
		if (this.#recent.length > EventService.RECENT * 2) {
			this.#recent = this.#recent.slice(-EventService.RECENT);
		}
	}
}
