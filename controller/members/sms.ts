import type { OutboxMessage } from '../../protocol/index.js';
export type { OutboxMessage };
import type { Logger } from '../logger.js';
import { maskPhone } from './phone.js';

/** Sends a text message; a real gateway (Twilio, Alibaba Cloud SMS, Every8d…) plugs in here. */
export interface SmsSender {
	send(e164: string, text: string): Promise<void>;
}

const KEEP = 100;

/**
 * The demo's SMS gateway: nothing leaves the controller. The last messages are kept for the
 * console's dev outbox (admins and technicians) and written to the controller log, so whoever runs
 * the demo can read the one-time code without a phone.
 */
export class DevOutbox implements SmsSender {
	#messages: OutboxMessage[] = [];
	#listeners = new Set<(message: OutboxMessage) => void>();

	constructor(
		private log: Logger,
		private now: () => Date = () => new Date()
	) {}

	async send(e164: string, text: string): Promise<void> {
		const message = { at: this.now().toISOString(), to: maskPhone(e164), text };
		this.#messages.push(message);
		if (this.#messages.length > KEEP) this.#messages.shift();
		this.log.info(`sms (dev outbox) to ${message.to}`, text);
		// The message is sent whatever an onlooker does: a failing listener is logged, not thrown.
		for (const listener of this.#listeners) {
			try {
				listener(message);
			} catch (err) {
				this.log.error('dev outbox listener failed', err instanceof Error ? err.message : String(err));
			}
		}
	}

	/** Called with each message as it is sent (the console's live outbox); returns its own cleanup. */
	onSend(listener: (message: OutboxMessage) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Newest first. */
	list(): OutboxMessage[] {
		return [...this.#messages].reverse();
	}
}
