import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { createApplication, type Application } from '../../controller/app.js';
import { seedFromContent } from '../../controller/content/seed.js';
import { createEmbeddedStores } from '../../controller/store/embedded.js';
import { setupDemo } from '../../controller/setup.js';
import { createLogger } from '../../controller/logger.js';
import type { DeviceClientEvents, DeviceServerEvents } from '../../protocol/index.js';
import { ROOT } from '../../scripts/mall.js';

export const CONTENT_DIR = join(ROOT, 'content');
/** The test controller's orders webhook secret, for signing test orders. */
export const ORDERS_SECRET = Buffer.alloc(32, 8);

/** A controller on a random port with its own data folder, as a test's peer sees it. */
export async function startTestController(dataDir?: string) {
	const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'atrium-ctl-')));
	const server = createServer();
	const app: Application = await createApplication(server, {
		stores: await createEmbeddedStores(dir),
		secret: Buffer.alloc(32, 7),
		ordersSecret: ORDERS_SECRET,
		contentDir: CONTENT_DIR,
		seedContent: () => seedFromContent(CONTENT_DIR),
		log: createLogger('test-controller', true)
	});
	const demo = await setupDemo(app.auth, app.devices, join(dir, 'demo-pairing.json'));
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const address = server.address();
	const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
	return {
		app,
		url,
		dir,
		demo,
		/** Pairs a demo device and returns its token. */
		async pair(deviceId: string): Promise<string> {
			const res = await fetch(`${url}/api/devices/pair`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ code: demo.pairing[deviceId] })
			});
			return ((await res.json()) as { data: { token: string } }).data.token;
		},
		async close(removeData = true) {
			await app.close();
			server.close();
			if (removeData) await rm(dir, { recursive: true, force: true });
		}
	};
}

export function deviceSocket(
	url: string,
	auth: unknown
): Socket<DeviceServerEvents, DeviceClientEvents> {
	return connect(`${url}/device`, { auth: auth as object, transports: ['websocket'], reconnection: false });
}

/** Resolves when the socket connects, rejects with the server's error data when refused. */
export function connected(socket: Socket): Promise<void> {
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', (err) => reject((err as Error & { data?: unknown }).data ?? err));
	});
}

export async function signIn(url: string, username: string, password: string): Promise<string> {
	const res = await fetch(`${url}/api/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password })
	});
	const cookie = res.headers.get('set-cookie');
	if (!res.ok || !cookie) throw new Error(`sign-in failed: ${res.status}`);
	return cookie.split(';')[0];
}
