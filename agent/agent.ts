import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Server, type Namespace } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import {
	ClaimRequest,
	EventBatch,
	MAX_BATCH,
	SCREEN_CLIENT_EVENTS,
	fail,
	parse,
	toProtocolError,
	type AgentStatus,
	type DeviceClientEvents,
	type DeviceConfig,
	type DeviceKind,
	type DeviceServerEvents,
	type MemberGreeting,
	type Response,
	type ScreenClientEvents,
	type ScreenServerEvents
} from '../protocol/index.js';
import { MediaCache } from './media-cache.js';
import { Outbox, writeAtomically } from './outbox.js';
import { CouponDesk, type CouponRenderer } from './coupons/coupon-desk.js';
import { DeviceKey } from './coupons/device-key.js';
import type { CouponPrinter } from './printer/printer.js';
import { ReplicaStore } from './replica-store.js';
import { KioskSession } from './members/kiosk-session.js';
import { MAX_SCAN_LENGTH, type Scanner } from './scanner/scanner.js';

export type PageHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface AgentOptions {
	deviceId: string;
	kind: DeviceKind;
	token: string;
	controllerUrl: string;
	dataDir: string;
	/** Port for the local screen; 0 picks a free one. */
	port: number;
	pages?: PageHandler;
	/** The coupon printer, or null on a device without one (signage). */
	printer?: CouponPrinter | null;
	printerSimulated?: boolean;
	/** PWG media name for coupons, from the device profile. */
	media?: string;
	renderer?: CouponRenderer | null;
	/** The member-card scanner, when the device has one (or its simulator); its owner closes it. */
	scanner?: Pick<Scanner, 'onScan' | 'status'> | null;
	/** Serves POST /_sim/scan on the local port, to drive a simulated scanner (demo, tests). */
	simulateScan?: ((text: string) => void) | null;
	/** How many batches may await the controller's acknowledgement at once. */
	inflightBatches?: number;
	log?: (message: string) => void;
}

export interface Agent {
	/** Where the local screen is served. */
	url: string;
	outbox: Outbox;
	replica: ReplicaStore;
	controller: Socket<DeviceServerEvents, DeviceClientEvents>;
	close(): Promise<void>;
}

const VERSION = '0.1.0';
/** How long a card scanned on the attract loop waits for the screen to start its session. */
const WAKE_MS = 5000;

/**
 * The device runtime: serves the screen on localhost, keeps the replica and the outbox on the
 * device's disk, and keeps both in step with the controller whenever it can be reached.
 */
export async function startAgent(options: AgentOptions): Promise<Agent> {
	const log = options.log ?? ((m: string) => console.log(`[agent ${options.deviceId}] ${m}`));
	const outbox = await Outbox.open(join(options.dataDir, 'outbox'));
	const replica = await ReplicaStore.open(options.dataDir);
	const media = new MediaCache(join(options.dataDir, 'media'), options.controllerUrl);
	const started = Date.now();
	const configPath = join(options.dataDir, 'config.json');
	let config = await readConfig(configPath);

	// Connected once every handler is in place (below).
	const controller: Socket<DeviceServerEvents, DeviceClientEvents> = connect(`${options.controllerUrl}/device`, {
		auth: { deviceId: options.deviceId, token: options.token },
		reconnectionDelay: 250,
		reconnectionDelayMax: 3000,
		transports: ['websocket'],
		autoConnect: false
	});

	// The shopper session on screen now, and the member the controller tied to it.
	const session = new KioskSession();

	const desk = await CouponDesk.open({
		deviceId: options.deviceId,
		dataDir: options.dataDir,
		controller,
		replica: () => replica.current?.data ?? null,
		publicUrl: () => config?.publicUrl ?? null,
		printer: options.printer ?? null,
		simulated: options.printerSimulated ?? false,
		media: options.media ?? 'custom_80x120mm_80x120mm',
		renderer: options.renderer ?? null,
		key: await DeviceKey.open(join(options.dataDir, 'device-key.pem')),
		emit: (event) => outbox.add([event]),
		memberFor: (sessionId) => session.memberFor(sessionId),
		onPrinterChange: () => beat(),
		log
	});

	// --- the local screen ---
	const http: HttpServer = createServer((req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		if (path.startsWith('/socket.io/')) return;
		if (path === '/_sim/scan' && req.method === 'POST' && options.simulateScan) {
			// Local only (the server binds 127.0.0.1): a stand-in for a hand at the scanner.
			let body = '';
			let tooLong = false;
			req.on('data', (c: Buffer) => {
				// Read on to the end, keeping nothing, so the sender gets an answer instead of a reset.
				if (!tooLong) body += c.toString();
				if (body.length > MAX_SCAN_LENGTH) {
					tooLong = true;
					body = '';
				}
			});
			req.on('end', () => {
				if (tooLong) {
					res.writeHead(413, { 'content-type': 'text/plain' }).end('a scan is at most ' + MAX_SCAN_LENGTH + ' characters\n');
					return;
				}
				try {
					// `curl -d` and `echo |` add a line end a scanner would not.
					options.simulateScan?.(body.replace(/\r?\n$/, ''));
					res.writeHead(204).end();
				} catch (err) {
					res.writeHead(400, { 'content-type': 'text/plain' }).end(`${(err as Error).message}\n`);
				}
			});
			return;
		}
		if (path.startsWith('/media/')) {
			void media.serve(path.slice('/media/'.length), res).then((served) => {
				if (!served) res.writeHead(404).end();
			});
			return;
		}
		if (!options.pages) return void res.writeHead(404).end();
		options.pages(req, res, () => {
			if (!res.headersSent) res.writeHead(404).end();
		});
	});
	const io = new Server(http, { serveClient: false, maxHttpBufferSize: 1024 * 1024, cors: { origin: false } });
	const screens = io.of('/screen') as unknown as Namespace<ScreenClientEvents, ScreenServerEvents>;

	const status = (): AgentStatus => ({
		deviceId: options.deviceId,
		kind: options.kind,
		controller: controller.connected ? 'online' : 'offline',
		pending: outbox.size,
		publicUrl: config?.publicUrl ?? null,
		scanner: options.scanner?.status() ?? null
	});
	const announce = () => screens.emit('agent:status', status());

	screens.on('connection', (socket) => {
		socket.emit('agent:status', status());
		if (replica.current) socket.emit('replica:update', replica.current);
		socket.onAny((event: string, ...args: unknown[]) => {
			if ((SCREEN_CLIENT_EVENTS as readonly string[]).includes(event)) return;
			const ack = args.at(-1);
			if (typeof ack === 'function') (ack as (r: Response<never>) => void)(fail('unknown_event'));
		});
		socket.on('events:emit', async (batch, ack) => {
			if (typeof ack !== 'function') return;
			try {
				const events = parse(EventBatch, batch);
				await outbox.add(events);
				// Coupons claimed after a member logged out are the anonymous session's again.
				for (const e of events) if (e.type === 'member.logged_out') session.loggedOut(e.sessionId);
				ack({ data: { stored: events.length } });
			} catch (err) {
				const error = toProtocolError(err);
				log(`screen events:emit refused: ${error.code}${error.field ? ` (${error.field})` : ''}`);
				ack({ error });
			}
		});
		socket.on('replica:get', (ack) => {
			if (typeof ack === 'function') ack({ data: replica.current });
		});
		socket.on('session:current', (req, ack) => {
			const id = req?.sessionId;
			session.setCurrent(typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : null);
			if (typeof ack === 'function') ack({ data: null });
			wakeIdentify();
		});
		socket.on('member:join_qr', async (req, ack) => {
			if (typeof ack !== 'function') return;
			if (!controller.connected) return ack(fail('unavailable'));
			try {
				ack(await controller.timeout(3000).emitWithAck('member:join_qr', { sessionId: String(req?.sessionId ?? '') }));
			} catch {
				ack(fail('unavailable'));
			}
		});
		socket.on('coupon:claim', async (req, ack) => {
			if (typeof ack !== 'function') return;
			try {
				ack({ data: await desk.claim(parse(ClaimRequest, req)) });
			} catch (err) {
				const error = toProtocolError(err);
				log(`coupon claim refused: ${error.code}`);
				ack({ error });
			}
		});
	});

	// --- the controller link ---

	const applyUpdate = async (update: Parameters<ReplicaStore['apply']>[0]) => {
		const next = await replica.apply(update);
		if (next === 'resync') return sync();
		if (next) {
			log(`replica v${next.version}`);
			screens.emit('replica:update', next);
			void media.sync(next.data);
		}
	};
	const sync = async (): Promise<void> => {
		const res = await controller.timeout(10_000).emitWithAck('replica:sync', { version: replica.version });
		if ('error' in res) return log(`replica sync refused: ${res.error.code}`);
		await applyUpdate(res.data);
	};

	controller.on('connect', () => {
		log('controller connected');
		announce();
		sync()
			.then(() => desk.sync())
			.catch((err: unknown) => log(`sync failed: ${String(err)}`));
		deliver();
		beat();
	});
	controller.on('disconnect', (reason) => {
		log(`controller disconnected (${reason})`);
		announce();
	});
	controller.on('connect_error', (err) => {
		const code = (err as Error & { data?: { code?: string } }).data?.code;
		if (code) log(`controller refused this device: ${code}`);
		// A refusal by the server's middleware ends socket.io's own retries; keep trying, slowly.
		if (!controller.active) setTimeout(() => controller.connect(), 5000).unref();
	});
	controller.on('device:config', (next) => {
		if (typeof next?.publicUrl !== 'string' || next.publicUrl === config?.publicUrl) return;
		config = { publicUrl: next.publicUrl };
		// Kept on disk so QR codes still point at the right place after a restart while offline.
		writeAtomically(configPath, JSON.stringify(config)).catch((err: unknown) => log(`config not saved: ${String(err)}`));
		announce();
	});
	// A greeting for a session that already ended (the shopper left) is not shown to the next one.
	const greet = (greeting: MemberGreeting) => {
		if (session.greeted(greeting)) screens.emit('member:greeting', greeting);
	};
	controller.on('member:greeting', greet);
	controller.on('member:forgotten', (req) => {
		if (typeof req?.memberId === 'string' && session.forget(req.memberId)) {
			screens.emit('member:forgotten', { memberId: req.memberId });
		}
	});
	/** Identifies a scanned member card in the session on screen; refusals reach that shopper only. */
	const identify = (sessionId: string, scanned: string) => {
		if (!controller.connected) return void screens.emit('member:refused', { code: 'unavailable' });
		controller
			.timeout(3000)
			.emitWithAck('member:identify', { sessionId, scanned: scanned.slice(0, 2000) })
			.then((res) => {
				if ('error' in res) {
					log(`member card refused: ${res.error.code}`);
					// The shopper who scanned may have left meanwhile; the next one does not see it.
					if (session.current === sessionId) screens.emit('member:refused', { code: res.error.code });
					return;
				}
				greet(res.data);
			})
			.catch(() => {
				if (session.current === sessionId) screens.emit('member:refused', { code: 'unavailable' });
			});
	};
	/** A card scanned on the attract loop, waiting for the screen to start a session for it. */
	let waking: { scanned: string; at: number } | null = null;
	const stopScanning = options.scanner?.onScan((scanned) => {
		const sessionId = session.current;
		if (sessionId) return identify(sessionId, scanned);
		// The attract loop: a member walked up and showed their card. Wake the screen, then greet.
		if (screens.sockets.size === 0) return log('scan ignored: no screen');
		waking = { scanned, at: Date.now() };
		screens.emit('scanner:wake');
	});
	const wakeIdentify = () => {
		const sessionId = session.current;
		if (!waking || !sessionId) return;
		const { scanned, at } = waking;
		waking = null;
		if (Date.now() - at <= WAKE_MS) identify(sessionId, scanned);
	};
	// The scanner comes and goes (unplugged, plugged in again): the screen's "show your card" follows it.
	let scannerSeen = options.scanner?.status() ?? null;
	const watchScanner = () => {
		const now = options.scanner?.status() ?? null;
		if (now !== scannerSeen) {
			scannerSeen = now;
			log(`scanner ${now ?? 'none'}`);
			announce();
			beat();
		}
	};
	controller.on('replica:update', (update) => {
		applyUpdate(update).catch((err: unknown) => log(`replica update failed: ${String(err)}`));
	});

	// --- delivery: batches of the outbox, a few in flight, each dropped only when acknowledged ---
	const maxInflight = options.inflightBatches ?? 4;
	let inflight = 0;
	let retryTimer: NodeJS.Timeout | null = null;
	function deliver(): void {
		while (controller.connected && inflight < maxInflight) {
			const batch = outbox.take(MAX_BATCH);
			if (batch.length === 0) return;
			inflight++;
			const ids = batch.map((e) => e.id);
			controller
				.timeout(15_000)
				.emitWithAck('events:batch', batch)
				.then(async (res) => {
					if ('error' in res) {
						log(`batch refused: ${res.error.code}${res.error.field ? ` at ${res.error.field}` : ''}`);
						throw new Error(res.error.code);
					}
					await outbox.ack(ids);
				})
				.catch(() => {
					outbox.release(ids);
					retryTimer ??= setTimeout(() => {
						retryTimer = null;
						deliver();
					}, 1000);
				})
				.finally(() => {
					inflight--;
					if (outbox.size === 0 || outbox.idle) announce();
					deliver();
				});
		}
	}
	outbox.onAdded(deliver);

	const beat = () => {
		if (!controller.connected) return;
		controller.emit(
			'device:heartbeat',
			{
				uptimeS: Math.round((Date.now() - started) / 1000),
				memoryMb: Math.round(process.memoryUsage().rss / 1048576),
				version: VERSION,
				replicaVersion: replica.version,
				outboxPending: outbox.size,
				screen: screens.sockets.size > 0 ? 'connected' : 'disconnected',
				...(desk.printerStatus ? { printer: desk.printerStatus } : {}),
				...(scannerSeen ? { scanner: scannerSeen } : {})
			},
			() => {}
		);
	};
	// Each heartbeat carries a fresh look at the printer (a 3 s bounded IPP query).
	const heartbeat = setInterval(() => {
		watchScanner();
		desk.checkPrinter().then(beat, beat);
	}, 10_000);
	heartbeat.unref();
	if (replica.current) void media.sync(replica.current.data);

	controller.connect();
	void desk.checkPrinter().catch(() => undefined);
	await new Promise<void>((resolve) => http.listen(options.port, '127.0.0.1', resolve));
	const address = http.address();
	const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : options.port}`;

	return {
		url,
		outbox,
		replica,
		controller,
		async close() {
			clearInterval(heartbeat);
			stopScanning?.();
			if (retryTimer) clearTimeout(retryTimer);
			controller.close();
			await io.close();
			await outbox.close();
		}
	};
}

async function readConfig(path: string): Promise<DeviceConfig | null> {
	try {
		const value = JSON.parse(await readFile(path, 'utf8')) as Partial<DeviceConfig>;
		return typeof value.publicUrl === 'string' ? { publicUrl: value.publicUrl } : null;
	} catch {
		return null;
	}
}
