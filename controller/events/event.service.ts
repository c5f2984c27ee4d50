import type { BatchReceipt, InteractionEvent, JournaledEvent } from '../../protocol/index.js';
import type { Clock } from '../clock.js';
import type { Journal } from '../store/journal.js';

/**
 * Interaction events from devices: journaled once each, whatever the number of retries.
 * Delivery is at-least-once; the id set makes the effect exactly-once.
 */
export class EventService {
	#seen = new Set<string>();
	/** Ids whose journal write is still in flight, so a concurrent retry waits for the same outcome. */
	#inflight = new Map<string, Promise<void>>();
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
			this.#seen.add(e.id);
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
		const fresh: JournaledEvent[] = [];
		const waits: Promise<void>[] = [];
		const inBatch = new Set<string>();
		for (const e of batch) {
			if (this.#seen.has(e.id) || inBatch.has(e.id)) {
				const pending = this.#inflight.get(e.id);
				if (pending) waits.push(pending);
				continue;
			}
			inBatch.add(e.id);
			fresh.push({ ...e, deviceId, receivedAt });
		}
		if (fresh.length > 0) {
			for (const e of fresh) this.#seen.add(e.id);
			const write = this.journal.append(fresh);
			for (const e of fresh) this.#inflight.set(e.id, write);
			try {
				await write;
			} catch (err) {
				// Not journaled: forget the ids so the agent's retry is accepted.
				for (const e of fresh) this.#seen.delete(e.id);
				throw err;
			} finally {
				for (const e of fresh) this.#inflight.delete(e.id);
			}
			for (const e of fresh) {
				this.#remember(e);
				for (const f of this.#folds) f(e);
			}
			this.onJournaled(fresh);
		}
		await Promise.all(waits);
		return { accepted: fresh.length, duplicates: batch.length - fresh.length };
	}

	recent(limit: number): JournaledEvent[] {
		return this.#recent.slice(-limit);
	}

	get count(): number {
		return this.#seen.size;
	}

	#remember(e: JournaledEvent): void {
		this.#recent.push(e);
		if (this.#recent.length > EventService.RECENT * 2) {
			this.#recent = this.#recent.slice(-EventService.RECENT);
		}
	}
}
