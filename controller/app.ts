import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Server } from 'socket.io';
import type {
	ConsoleClientEvents,
	ConsoleServerEvents,
	DeviceClientEvents,
	DeviceServerEvents,
	JournaledEvent,
	MemberView,
	ReplicaData
} from '../protocol/index.js';
import { EVENTS_NEW_MAX, uuidv7 } from '../protocol/index.js';
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
import { MemberService } from './members/member.service.js';
import { OrderDesk } from './members/orders.js';
import { DevOutbox, type SmsSender } from './members/sms.js';
import { createMemberApi } from './members/member.handlers.js';
import { ProfileProjection } from './profiles/profile.projection.js';
import { contentLookups, ProfileService } from './profiles/profile.service.js';
import { deviceRoom } from './sockets/device.handlers.js';
import { feedRoom, registerConsoleNamespace } from './sockets/console.handlers.js';
import { registerDeviceNamespace } from './sockets/device.handlers.js';
import type { Stores } from './store/embedded.js';
import type { UserStore } from './auth/auth.store.js';

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
	/** Verifies the orders webhook's HMAC (`x-atrium-signature`). */
	ordersSecret: Buffer;
	/** Sends one-time codes; the demo's dev outbox shows them in the console and the log. */
	sms?: SmsSender;
	/** How long after joining a member's orders are credited to the staff who signed them up. */
	attributionWindowDays?: number;
}

export interface Application {
	io: Server;
	auth: AuthService;
	devices: DeviceService;
	events: EventService;
	replica: ReplicaService;
	coupons: CouponService;
	members: MemberService;
	orders: OrderDesk;
	/** Member profiles folded from the journal, for the console. */
	profiles: ProfileService;
	/** One-time codes sent, when no real SMS sender is configured. */
	outbox: DevOutbox;
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

	const ioOptions = {
		maxHttpBufferSize: 1024 * 1024,
		serveClient: false,
		// The screens and console are served from this same origin.
		cors: { origin: false }
	};
	// Attached to the HTTP server only at the end, once every check and handler is in place.
	const io = new Server(ioOptions);
	const deviceNsp = io.of('/device') as unknown as import('socket.io').Namespace<
		DeviceClientEvents,
		DeviceServerEvents
	>;
	const consoleNsp = io.of('/console') as unknown as import('socket.io').Namespace<
		ConsoleClientEvents,
		ConsoleServerEvents
	>;

	// main.ts listens before this runs (to learn its port). While the stores replay, sockets are
	// turned away (clients retry) and pages wait: a device must never get in before its token is
	// checked (socket.io fixes a connection's middleware when it arrives), nor send events that
	// nobody would acknowledge.
	let markReady = () => {};
	const ready = new Promise<void>((resolve) => (markReady = resolve));
	let dispatch: (req: IncomingMessage, res: ServerResponse) => void = () => {};
	httpServer.on('request', (req, res) => {
		// Once attached, socket.io answers its own path before this listener sees it.
		if (req.url?.startsWith('/socket.io/')) {
			res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' }).end('starting\n');
			return;
		}
		void ready.then(() => dispatch(req, res));
	});

	const devices = new DeviceService(stores.devices, clock, (status) =>
		consoleNsp.to(feedRoom('devices')).emit('device:status', status)
	);
	const events = new EventService(stores.events, clock, (journaled) =>
		consoleNsp.to(feedRoom('events')).emit('events:new', {
			events: journaled.length > EVENTS_NEW_MAX ? journaled.slice(-EVENTS_NEW_MAX) : journaled,
			count: journaled.length,
			types: [...new Set(journaled.map((e) => e.type))]
		})
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
	// Staff names for join pages; the user store is async, so names are kept at hand, current from
	// the moment a user is written through this controller (the timer catches other writers).
	const staffNames = new Map<string, string>();
	const refreshStaff = async () => {
		for (const u of await stores.users.list()) staffNames.set(u.username, u.displayName);
	};
	await refreshStaff();
	const staffTimer = setInterval(() => void refreshStaff(), 30_000);
	staffTimer.unref();
	const users: UserStore = {
		get: (username) => stores.users.get(username),
		list: () => stores.users.list(),
		put: async (user) => {
			await stores.users.put(user);
			staffNames.set(user.username, user.displayName);
		}
	};
	const auth = new AuthService(users, stores.sessions, options.secret, clock);
	const outbox = new DevOutbox(createLogger('sms'), () => clock.now());
	const members = new MemberService(stores.members, stores.memberKeys, options.secret, {
		publicUrl,
		clock,
		sms: options.sms ?? outbox,
		shopName: (id, locale) => replica.current().data.shops.find((s) => s.id === id)?.name[locale] ?? null,
		staffName: (id) => staffNames.get(id) ?? null,
		// The profiles are built below; a member's view is only asked for once requests arrive.
		points: (id): number => projection.points(id)
	});
	const orders = new OrderDesk(members, options.ordersSecret, {
		clock,
		windowDays: options.attributionWindowDays ?? 15
	});
	// Member profiles: registered before events.open(), so the journal's replay folds every event.
	// The mall's zone is read once: a visit's day is the mall's calendar day.
	const lookups = contentLookups(() => replica.current().data);
	const projection: ProfileProjection = new ProfileProjection({
		...lookups,
		timeZone: replica.current().data.mall.timezone,
		clock,
		// members.open() runs before events.open(), so erasures are known before the replay.
		isErased: (memberId) => members.isErased(memberId)
	});
	events.fold((e) => projection.fold(e));
	const profiles = new ProfileService(projection, lookups, members, clock);
	// Erasure, from the phone or the console: the profile and every watch on it go. The journal's
	// events stay: they carry the member's random id and never a phone number, and the only link
	// from that id to a number (sealed in the member ledger) was shredded with the member's key
	// (members/vault.ts). So they count on in anonymous aggregates, and a replay skips them for
	// profiles (isErased above).
	members.onErased((memberId) => {
		profiles.forget(memberId);
		// A kiosk greeting them now must not keep showing the greeting (or their offers).
		deviceNsp.emit('member:forgotten', { memberId });
	});
	outbox.onSend((message) => consoleNsp.to(feedRoom('outbox')).emit('outbox:new', message));
	const greet = (deviceId: string, sessionId: string, member: MemberView) => {
		const offers = replica
			.current()
			.data.campaigns.filter((c) => c.audience === 'members')
			.map((c) => c.id);
		deviceNsp.to(deviceRoom(deviceId)).emit('member:greeting', {
			sessionId,
			memberId: member.id,
			greeting: member.greeting,
			offers
		});
		return { sessionId, memberId: member.id, greeting: member.greeting, offers };
	};
	/** Journals what the controller itself saw a member do, stamped with the kiosk session if any. */
	const recordMember = (
		type: 'member.joined' | 'member.identified',
		deviceId: string,
		sessionId: string,
		payload: Record<string, string | null>
	) =>
		events.record({
			id: uuidv7(),
			type,
			at: clock.now().toISOString(),
			sessionId,
			locale: 'zh-Hant',
			deviceId,
			receivedAt: clock.now().toISOString(),
			payload
		} as JournaledEvent);
	const memberApi = createMemberApi({
		members,
		orders,
		log,
		secureCookies: options.secureCookies ?? false,
		onJoined: async (member, session, attribution, created) => {
			if (session && !created) {
				await recordMember('member.identified', session.deviceId, session.sessionId, {
					memberId: member.id,
					kioskId: session.deviceId
				});
			} else {
				await recordMember('member.joined', session?.deviceId ?? 'controller', session?.sessionId ?? uuidv7(), {
					memberId: member.id,
					kioskId: session?.deviceId ?? null,
					channel: attribution.channel,
					staffId: attribution.staffId
				});
			}
			if (session) greet(session.deviceId, session.sessionId, member);
		},
		onOrder: (event) => events.record(event),
		coupons: (memberId) => coupons.forMember(memberId),
		profile: (memberId) => profiles.figures(memberId)
	});
	const memberEntries = await members.open();
	log.info(`member ledger replayed: ${memberEntries} entries`);
	const ledger = await coupons.open();
	const count = await events.open();
	log.info(`journal replayed: ${count} events, ${ledger} coupon ledger entries`);

	registerDeviceNamespace(io.of('/device'), {
		publicUrl,
		devices,
		events,
		replica,
		coupons,
		members: {
			joinQr: (deviceId, sessionId) => members.joinQr(deviceId, sessionId),
			identify: async (deviceId, sessionId, scanned) => {
				const member = members.identify(scanned, deviceId, sessionId);
				await recordMember('member.identified', deviceId, sessionId, { memberId: member.id, kioskId: deviceId });
				return greet(deviceId, sessionId, member);
			}
		},
		log
	});
	const templates = (await readdir(join(options.contentDir, 'coupon-templates')).catch(() => []))
		.filter((f) => f.endsWith('.json'))
		.map((f) => f.slice(0, -'.json'.length));
	registerConsoleNamespace(io.of('/console'), {
		auth,
		devices,
		events,
		coupons,
		replica,
		members,
		orders,
		profiles,
		outbox,
		users,
		templates,
		log
	});

	const api = createApi({
		auth,
		devices,
		coupons,
		content: () => replica.current().data,
		contentDir: options.contentDir,
		secureCookies: options.secureCookies ?? false
	});
	const publicApi = createPublicApi(
		() => replica.current().data,
		(code) => coupons.find(code)
	);
	const pages = options.pages;
	dispatch = (req, res) => {
		publicApi(req, res)
			.then((done) => done || memberApi(req, res))
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
	};
	io.attach(httpServer, ioOptions);
	markReady();

	return {
		io,
		auth,
		devices,
		events,
		replica,
		coupons,
		members,
		orders,
		profiles,
		outbox,
		async close() {
			clearInterval(staffTimer);
			await io.close();
			await stores.events.close();
			await stores.coupons.close();
			await stores.members.close();
			await stores.memberKeys.close();
			await stores.close();
		}
	};
}
