import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReplicaData } from '../protocol/index.js';
import { MediaCache } from './media-cache.js';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg"/>';

describe('media cache', () => {
	let controller: Server;
	let screen: Server;
	let dir: string;
	let requests = 0;
	let cache: MediaCache;

	beforeEach(async () => {
		requests = 0;
		dir = await mkdtemp(join(tmpdir(), 'atrium-media-'));
		controller = createServer((req, res) => {
			requests++;
			if (req.url === '/media/poster.svg') res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(SVG);
			else res.writeHead(404).end();
		});
		await new Promise<void>((r) => controller.listen(0, '127.0.0.1', r));
		cache = new MediaCache(dir, `http://127.0.0.1:${(controller.address() as AddressInfo).port}`);
		screen = createServer((req, res) => {
			void cache.serve((req.url ?? '').slice('/media/'.length), res).then((ok) => ok || res.writeHead(404).end());
		});
		await new Promise<void>((r) => screen.listen(0, '127.0.0.1', r));
	});
	afterEach(async () => {
		await new Promise((r) => controller.close(r));
		await new Promise((r) => screen.close(r));
		await rm(dir, { recursive: true, force: true });
	});

	const get = (file: string) => fetch(`http://127.0.0.1:${(screen.address() as AddressInfo).port}/media/${file}`);

	/** The replica naming these files, as the agent's first sync after start-up receives it. */
	const named = (...files: string[]) =>
		({ media: files.map((src) => ({ src })) }) as unknown as ReplicaData;

	it('serves a file the screen asks for while the first sync is still fetching it, and then from disk', async () => {
		void cache.sync(named('poster.svg'));
		const [a, b] = await Promise.all([get('poster.svg'), get('poster.svg')]);
		expect([a.status, b.status]).toEqual([200, 200]);
		expect(await a.text()).toBe(SVG);
		expect(requests).toBe(1);
		await controller.close();
		controller.closeAllConnections();
		expect(await (await get('poster.svg')).text()).toBe(SVG);
	});

	it('answers 404 for what the controller does not have, and never asks it for what the replica does not name', async () => {
		await cache.sync(named('missing.svg'));
		expect(requests).toBe(1);
		expect((await get('missing.svg')).status).toBe(404);
		expect(requests).toBe(2);
		expect((await get('other.svg')).status).toBe(404);
		expect((await get('..%2Fsecret.key')).status).toBe(404);
		expect((await get('x.exe')).status).toBe(404);
		expect(requests).toBe(2);
	});
});
