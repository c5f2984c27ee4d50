import { io, type Socket } from 'socket.io-client';
import type { Replica } from './content.js';
import type { InteractionEvent } from './events.js';
import { MAX_BATCH } from './limits.js';
import type { AgentStatus, ScreenClientEvents, ScreenServerEvents } from './screen.js';
import type { ClaimRequest, ClaimResult } from './coupons.js';
import type { Response } from './errors.js';

type Pending = { event: InteractionEvent; done: () => void };

/** Batches the screen may have in flight to its agent at once. */
const MAX_INFLIGHT = 4;

/**
 * The screen's end of the local link to its agent. Events are queued and sent together at the end
 * of the current task, so a burst of taps costs one message; each resolves once the agent has it on
 * disk. Events the agent could not take (it restarts, say) stay queued and go again on reconnect.
 */
export class ScreenLink {
	readonly socket: Socket<ScreenServerEvents, ScreenClientEvents>;
	/** Waiting to be sent, oldest first, from `#head` on (the part before it is already taken). */
	#queue: Pending[] = [];
	#head = 0;
	#scheduled = false;
	/** Batches sent and not yet answered: a few at once, so the agent's disk and the wire overlap. */
	#inflight = 0;

	constructor(url: string = location.origin) {
		this.socket = io(`${url}/screen`, {
			transports: ['websocket'],
			reconnectionDelay: 200,
			reconnectionDelayMax: 2000
		});
		this.socket.on('connect', () => this.#schedule());
	}

	onReplica(listener: (replica: Replica) => void): () => void {
		this.socket.on('replica:update', listener);
		return () => this.socket.off('replica:update', listener);
	}

	onStatus(listener: (status: AgentStatus) => void): () => void {
		this.socket.on('agent:status', listener);
		return () => this.socket.off('agent:status', listener);
	}

	/**
	 * Asks the agent for a coupon; it answers once the coupon printed or could not. No answer in
	 * 20 s (the agent is gone) reads as `unavailable`.
	 */
	async claim(req: ClaimRequest): Promise<Response<ClaimResult>> {
		try {
			return await this.socket.timeout(20_000).emitWithAck('coupon:claim', req);
		} catch {
			return { error: { code: 'unavailable', message: 'The kiosk cannot reach its printer service.' } };
		}
	}

	/** Resolves when the agent has stored the event durably. */
	send(event: InteractionEvent): Promise<void> {
		return new Promise((done) => {
			this.#queue.push({ event, done });
			this.#schedule();
		});
	}

	#schedule(): void {
		if (this.#scheduled) return;
		this.#scheduled = true;
		setTimeout(() => {
			this.#scheduled = false;
			this.#flush();
		}, 0);
	}

	#flush(): void {
		while (this.#inflight < MAX_INFLIGHT && this.#head < this.#queue.length && this.socket.connected) {
			const batch = this.#queue.slice(this.#head, this.#head + MAX_BATCH);
			this.#head += batch.length;
			// Drop what was taken once it is most of the array, so a long burst costs O(n), not O(n²).
			if (this.#head > 4096 && this.#head * 2 > this.#queue.length) {
				this.#queue = this.#queue.slice(this.#head);
				this.#head = 0;
			}
			this.#inflight++;
			void this.#send(batch);
		}
	}

	async #send(batch: Pending[]): Promise<void> {
		try {
			const res = await this.socket
				.timeout(5000)
				.emitWithAck('events:emit', batch.map((b) => b.event));
			if ('error' in res) {
				// A payload the agent refuses will never be accepted: drop it rather than block the queue.
				console.error('event refused by agent', res.error);
			}
			for (const b of batch) b.done();
		} catch {
			// No answer in time: the events go again, before anything newer (the agent drops duplicates).
			this.#queue = [...batch, ...this.#queue.slice(this.#head)];
			this.#head = 0;
		} finally {
			this.#inflight--;
		}
		if (this.#head < this.#queue.length) this.#schedule();
	}

	close(): void {
		this.socket.close();
	}
}
