import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Server } from 'socket.io';
import type {
	ConsoleClientEvents,
	ConsoleServerEvents,
	DeviceClientEvents,
	DeviceServerEvents,
	ReplicaData
} from '../protocol/index.js';
import { AuthService } from './auth/auth.service.js';
import { systemClock, type Clock } from './clock.js';
import { DeviceService } from './devices/device.service.js';
import { EventService } from './events/event.service.js';
import { createApi } from './http/api.js';
import { createPublicApi } from './http/public.js';
import { createLogger, type Logger } from './logger.js';
import { ReplicaService } from './replica/replica.service.js';
import { CouponService } from './coupons/coupon.service.js';
import { buildSearchIndex } from './content/search-index.js';
import { feedRoom, registerConsoleNamespace } from './sockets/console.handlers.js';
import { registerDeviceNamespace } from './sockets/device.handlers.js';
import type { Stores } from './store/embedded.js';

/** A connect-style handler, as SvelteKit's adapter-node builds it. */
export type PageHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface ApplicationOptions {
	stores: Stores;
	/** Signs session cookies (and, later, coupon and member tokens). */
	secret: Buffer;
	/** The demo mall, read on first run only. */
	seedContent: () => Promise<ReplicaData>;
	contentDir: string;
	clock?: Clock;
	pages?: PageHandler;
	log?: Logger;
	secureCookies?: boolean;
	/** Where phones reach this controller (ATRIUM_PUBLIC_URL). */
	publicUrl?: string;
}

export interface Application {
	io: Server;
	auth: AuthService;
	devices: DeviceService;
	events: EventService;
	replica: ReplicaService;
	coupons: CouponService;
	close(): Promise<void>;
}

/**
 * Wires the controller onto an HTTP server: the controller's API, the SvelteKit pages, and
 * socket.io's `/device` and `/console` namespaces, all on one port.
 */
export async function createApplication(
	httpServer: HttpServer,
	options: ApplicationOptions
): Promise<Application> {
	const clock = options.clock ?? systemClock;
	const log = options.log ?? createLogger('controller');
	const { stores } = options;

	const io = new Server(httpServer, {
		maxHttpBufferSize: 1024 * 1024,
		serveClient: false,
		// The screens and console are served from this same origin.
		cors: { origin: false }
	});
	const deviceNsp = io.of('/device') as unknown as import('socket.io').Namespace<
		DeviceClientEvents,
		DeviceServerEvents
	>;
	const consoleNsp = io.of('/console') as unknown as import('socket.io').Namespace<
		ConsoleClientEvents,
		ConsoleServerEvents
	>;

	const auth = new AuthService(stores.users, stores.sessions, options.secret, clock);
	const devices = new DeviceService(stores.devices, clock, (status) =>
		consoleNsp.to(feedRoom('devices')).emit('device:status', status)
	);
	const events = new EventService(stores.events, clock, (journaled) =>
		consoleNsp.to(feedRoom('events')).emit('events:new', journaled)
	);
	const replica = await ReplicaService.open(
		stores.content,
		options.seedContent,
		(update) => deviceNsp.emit('replica:update', update),
		(data) => buildSearchIndex(data)
	);
	const publicUrl = options.publicUrl ?? 'http://127.0.0.1:4000';
	const coupons = new CouponService(
		stores.coupons,
		() => replica.current().data,
		options.secret,
		publicUrl,
		clock,
		(event) => events.record(event)
	);
	events.fold((e) => coupons.foldEvent(e));
	const ledger = await coupons.open();
	const count = await events.open();
	log.info(`journal replayed: ${count} events, ${ledger} coupon ledger entries`);

	registerDeviceNamespace(io.of('/device'), { publicUrl, devices, events, replica, coupons, log });
	const templates = (await readdir(join(options.contentDir, 'coupon-templates')).catch(() => []))
		.filter((f) => f.endsWith('.json'))
		.map((f) => f.slice(0, -'.json'.length));
	registerConsoleNamespace(io.of('/console'), { auth, devices, events, coupons, replica, templates, log });

	const api = createApi({
		auth,
		devices,
		coupons,
		content: () => replica.current().data,
		contentDir: options.contentDir,
		secureCookies: options.secureCookies ?? false
	});
	const publicApi = createPublicApi(() => replica.current().data);
	const pages = options.pages;
	httpServer.on('request', (req, res) => {
		// socket.io answers its own path.
		if (req.url?.startsWith('/socket.io/')) return;
		publicApi(req, res)
			.then((done) => done || api(req, res))
			.then(
				(handled) => {
					if (handled) return;
					if (!pages) {
						res.writeHead(404).end();
						return;
					}
					pages(req, res, () => {
						if (!res.headersSent) res.writeHead(404).end();
					});
				},
				(err: unknown) => {
					log.error('request failed', err instanceof Error ? err.stack : String(err));
					if (!res.headersSent) res.writeHead(500).end();
				}
			);
	});

	return {
		io,
		auth,
		devices,
		events,
		replica,
		coupons,
		async close() {
			await io.close();
			await stores.events.close();
			await stores.coupons.close();
			await stores.close();
		}
	};
}
