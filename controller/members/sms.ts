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

	constructor(
		private log: Logger,
		private now: () => Date = () => new Date()
	) {}

	async send(e164: string, text: string): Promise<void> {
		const message = { at: this.now().toISOString(), to: maskPhone(e164), text };
		this.#messages.push(message);
		if (this.#messages.length > KEEP) this.#messages.shift();
		this.log.info(`sms (dev outbox) to ${message.to}`, text);
	}

	/** Newest first. */
	list(): OutboxMessage[] {
		return [...this.#messages].reverse();
	}
}
