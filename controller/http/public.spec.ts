import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReplicaData } from '../../protocol/index.js';
import { FIXTURE_FLOORS, FIXTURE_MAP, FIXTURE_SHOPS } from '../../kiosk/map/fixture.js';
import { createPublicApi } from './public.js';

const base: ReplicaData = {
	mall: {
		id: 'fixture-mall',
		name: { 'zh-Hant': '測試商場', 'zh-Hans': '测试商场', en: 'Test Mall' },
		timezone: 'Asia/Taipei',
		defaultLocale: 'zh-Hant',
		hours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
		floors: FIXTURE_FLOORS
	},
	categories: [],
	shops: FIXTURE_SHOPS,
	campaigns: [],
	media: [],
	playlists: [],
	map: {
		...FIXTURE_MAP,
		kiosks: [...FIXTURE_MAP.kiosks, { deviceId: 'kiosk-2', levelId: 'lv-l2', point: [1, 1], nodeId: 'n-l2-wc', heading: 90 }]
	},
	search: [{ shopId: 'tea', pinyin: ['chapu'], initials: ['cp'], folded: ['茶铺'], readings: [] }]
};

let data = base;
let server: Server;
let origin: string;

beforeAll(async () => {
	const api = createPublicApi(() => data);
	server = createServer((req, res) => {
		void api(req, res).then((handled) => {
			if (!handled) res.writeHead(418).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('GET /api/public/mall', () => {
	it('serves the mall, its shops and the map with only the asking kiosk, and nothing private', async () => {
		const res = await fetch(`${origin}/api/public/mall?k=kiosk-1`);
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
		const body = (await res.json()) as { data: Record<string, unknown> & { map: ReplicaData['map'] } };
		expect(Object.keys(body.data).sort()).toEqual(['categories', 'mall', 'map', 'shops']);
		expect(body.data.map?.kiosks.map((k) => k.deviceId)).toEqual(['kiosk-1']);
		expect(body.data.map?.units).toHaveLength(FIXTURE_MAP.units.length);
		expect(JSON.stringify(body)).not.toContain('chapu');
	});

	it('names no kiosk when the phone names an unknown one', async () => {
		const body = (await (await fetch(`${origin}/api/public/mall?k=kiosk-9`)).json()) as {
			data: { map: { kiosks: unknown[] } };
		};
		expect(body.data.map.kiosks).toEqual([]);
	});

	it('answers a repeat visit with 304 until the replica changes', async () => {
		const first = await fetch(`${origin}/api/public/mall?k=kiosk-1`);
		const etag = first.headers.get('etag')!;
		expect(etag).toMatch(/^".+"$/);
		const again = await fetch(`${origin}/api/public/mall?k=kiosk-1`, { headers: { 'if-none-match': etag } });
		expect(again.status).toBe(304);

		data = { ...base, shops: base.shops.slice(0, 2) };
		const changed = await fetch(`${origin}/api/public/mall?k=kiosk-1`, { headers: { 'if-none-match': etag } });
		expect(changed.status).toBe(200);
		expect(((await changed.json()) as { data: { shops: unknown[] } }).data.shops).toHaveLength(2);
		data = base;
	});

	it('compresses for phones that accept gzip', async () => {
		const res = await fetch(`${origin}/api/public/mall`, { headers: { 'accept-encoding': 'gzip' } });
		expect(res.headers.get('content-encoding')).toBe('gzip');
		expect(((await res.json()) as { data: { mall: { id: string } } }).data.mall.id).toBe('fixture-mall');
	});

	it('refuses writes with a typed error and leaves other paths to the next handler', async () => {
		const post = await fetch(`${origin}/api/public/mall`, { method: 'POST', body: '{}' });
		expect(post.status).toBe(404);
		expect(((await post.json()) as { error: { code: string } }).error.code).toBe('not_found');
		expect((await fetch(`${origin}/api/public/other`)).status).toBe(418);
	});
});
