import { io, type Socket } from 'socket.io-client';
import type { ConsoleClientEvents, ConsoleServerEvents, ConsoleUser, Locale } from '$protocol';
import { initialLocale, saveLocale } from './i18n';
import { loadMallTime } from './mall-time.svelte';

export type ConsoleSocket = Socket<ConsoleServerEvents, ConsoleClientEvents>;

/** The signed-in user, their language and the live link to the controller, shared by console pages. */
export class ConsoleSession {
	locale = $state<Locale>(initialLocale());
	user = $state<ConsoleUser | null>(null);
	connected = $state(true);
	socket: ConsoleSocket | null = null;
	#onConnect: (() => void)[] = [];

	/** Loads the user (or sends them to sign in) and connects. */
	async start(): Promise<void> {
		const res = await fetch('/api/me');
		if (!res.ok) {
			location.assign(`/console/login?next=${encodeURIComponent(location.pathname)}`);
			return;
		}
		this.user = ((await res.json()) as { data: ConsoleUser }).data;
		void loadMallTime();
		const socket: ConsoleSocket = io('/console', { transports: ['websocket'] });
		this.socket = socket;
		socket.on('connect', () => {
			this.connected = true;
			for (const f of this.#onConnect) f();
		});
		socket.on('disconnect', () => (this.connected = false));
	}

	/** Runs on every (re)connect: pages reload what they show, so nothing is missed while away. */
	onConnect(f: () => void): void {
		this.#onConnect.push(f);
		if (this.socket?.connected) f();
	}

	setLocale(locale: Locale): void {
		this.locale = locale;
		saveLocale(locale);
	}

	async signOut(): Promise<void> {
		await fetch('/api/logout', { method: 'POST' });
		location.assign('/console/login');
	}

	close(): void {
		this.socket?.close();
	}
}
