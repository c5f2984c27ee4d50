import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_DIR, ORDERS_SECRET, deviceSocket } from '../tests/support/controller.js';
import { createApplication } from './app.js';
import { seedFromContent } from './content/seed.js';
import { createLogger } from './logger.js';
import { createEmbeddedStores } from './store/embedded.js';

/**
 * The controller listens before its stores have replayed (main.ts needs the port for the public
 * URL). What reaches it in that window must wait for the checks, not slip past them.
 */
describe('a controller that is still starting', () => {
	it('checks a device that connected during start-up, and answers HTTP once ready', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'atrium-startup-'));
		const server = createServer();
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		// Content is seeded (slowly) on this first start: the window is wide open.
		const starting = createEmbeddedStores(dir).then((stores) =>
			createApplication(server, {
				stores,
				secret: Buffer.alloc(32, 7),
				ordersSecret: ORDERS_SECRET,
				contentDir: CONTENT_DIR,
				seedContent: () => seedFromContent(CONTENT_DIR),
				log: createLogger('startup-test', true)
			})
		);
		await new Promise((r) => setTimeout(r, 20));
		const forged = deviceSocket(url, { deviceId: 'kiosk-demo-1', token: 'not-a-token' });
		const outcome = new Promise<string>((resolve) => {
			forged.once('connect', () => resolve('admitted'));
			forged.once('connect_error', (err) => resolve(`refused ${(err as Error & { data?: { code?: string } }).data?.code}`));
		});
		const page = fetch(`${url}/api/public/mall`);
		const app = await starting;
		try {
			expect(await outcome).toMatch(/^refused /);
			expect((await page).status).toBe(200);
		} finally {
			forged.close();
			await app.close();
			server.close();
			await rm(dir, { recursive: true, force: true });
		}
	});
});
