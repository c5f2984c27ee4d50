import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadContent } from './content.loader.js';
import { loadImdf, MAP_FILES, MapError } from './imdf.loader.js';
import type { MapData, ReplicaData } from '../../protocol/index.js';

const CONTENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../content');
const MAP_DIR = path.join(CONTENT_DIR, 'map');
/** The one shop the demo map leaves without geometry (content/map/README.md). */
const NO_GEOMETRY = 'fifty-lan';

let content: ReplicaData;
beforeAll(async () => {
	content = await loadContent(CONTENT_DIR);
});

describe('the demo mall map', () => {
	let map: MapData;
	beforeAll(async () => {
		map = await loadImdf(MAP_DIR, content.mall.floors, content.shops);
	});

	it('has one level per floor, in order, matched by label', () => {
		expect(map.levels.map((l) => l.floorId)).toEqual(['b1', 'l1', 'l2', 'l3']);
		expect(map.levels.map((l) => l.ordinal)).toEqual([-1, 0, 1, 2]);
	});

	it('places every shop but the documented one in a unit on its own floor, with a door node', () => {
		const floorOf = new Map(map.levels.map((l) => [l.id, l.floorId]));
		const nodeIds = new Set(map.nodes.map((n) => n.id));
		for (const shop of content.shops) {
			const units = map.units.filter((u) => u.shopId === shop.id);
			if (shop.id === NO_GEOMETRY) {
				expect(units, shop.id).toEqual([]);
				continue;
			}
			expect(units, shop.id).toHaveLength(1);
			expect(units[0].kind).toBe('shop');
			expect(floorOf.get(units[0].levelId), shop.id).toBe(shop.floor);
			expect(nodeIds.has(units[0].nodeId ?? ''), shop.id).toBe(true);
		}
	});

	it('draws in metres around the venue, inside the 120 m × 60 m building', () => {
		for (const n of map.nodes) {
			expect(Math.abs(n.x)).toBeLessThanOrEqual(60.01);
			expect(Math.abs(n.y)).toBeLessThanOrEqual(30.01);
		}
		const cinema = map.units.find((u) => u.shopId === 'vieshow-cinemas')!;
		const xs = cinema.polygon.map((p) => p[0]);
		// Sized by category: the cinema is the widest frontage on L3.
		expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(30);
	});

	it('has toilets, accessible toilets and elevators on every floor, ATMs on B1 and L3, exits on L1', () => {
		const kinds = (levelId: string) =>
			new Set(map.amenities.filter((a) => a.levelId === levelId).map((a) => a.kind));
		for (const level of map.levels) {
			expect([...kinds(level.id)], level.id).toEqual(
				expect.arrayContaining(['toilet', 'accessible-toilet', 'elevator'])
			);
		}
		const atmFloors = map.amenities
			.filter((a) => a.kind === 'atm')
			.map((a) => map.levels.find((l) => l.id === a.levelId)?.floorId);
		expect(atmFloors.sort()).toEqual(['b1', 'l3']);
		const exits = map.amenities.filter((a) => a.kind === 'exit' && a.levelId === 'level-l1');
		expect(exits.length).toBeGreaterThanOrEqual(2);
		expect(exits[0].name?.en).toMatch(/entrance/i);
		const toilet = map.amenities.find((a) => a.kind === 'accessible-toilet');
		expect(toilet?.name).toEqual({
			'zh-Hant': '無障礙廁所',
			'zh-Hans': '无障碍厕所',
			en: 'Accessible toilet'
		});
	});

	it('stands kiosk-demo-1 in the B1 food hall by the atrium', () => {
		const kiosk = map.kiosks.find((k) => k.deviceId === 'kiosk-demo-1');
		expect(kiosk?.levelId).toBe('level-b1');
		expect(Math.hypot(kiosk!.point[0], kiosk!.point[1])).toBeLessThan(20);
		expect(kiosk?.heading).toBe(180);
	});

	it('runs escalators one way, in named pairs, and names the elevators', () => {
		const escalators = map.edges.filter((e) => e.kind === 'escalator');
		expect(escalators.length).toBe(6);
		expect(escalators.every((e) => e.oneway && /^ES\d$/.test(e.connector ?? ''))).toBe(true);
		expect(new Set(map.edges.filter((e) => e.kind === 'elevator').map((e) => e.connector))).toEqual(
			new Set(['E1', 'E2'])
		);
	});

	it('is what the generator writes (the committed files are current)', async () => {
		const tmp = await mkdtemp(path.join(os.tmpdir(), 'atrium-map-gen-'));
		try {
			execFileSync(process.execPath, ['--import', 'tsx', path.join(MAP_DIR, 'generate.ts'), tmp], {
				stdio: 'pipe'
			});
			for (const file of MAP_FILES) {
				expect(await readFile(path.join(tmp, file), 'utf8'), file).toBe(
					await readFile(path.join(MAP_DIR, file), 'utf8')
				);
			}
		} finally {
			await rm(tmp, { recursive: true, force: true });
		}
	});
});

describe('a broken map', () => {
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(path.join(os.tmpdir(), 'atrium-map-'));
	});
	afterAll(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	type Feature = { id: string; geometry: unknown; properties: Record<string, unknown> };
	let n = 0;
	/** A fresh copy of the demo map with one file changed. */
	async function broken(
		file: string,
		change: (features: Feature[]) => Feature[] | void
	): Promise<string> {
		const copy = path.join(dir, `copy-${n++}`);
		await cp(MAP_DIR, copy, { recursive: true });
		const json = JSON.parse(await readFile(path.join(copy, file), 'utf8')) as {
			features: Feature[];
		};
		json.features = change(json.features) ?? json.features;
		await writeFile(path.join(copy, file), JSON.stringify(json));
		return copy;
	}
	const load = (d: string) => loadImdf(d, content.mall.floors, content.shops);
	const byId = (features: Feature[], id: string) => features.find((f) => f.id === id)!;

	it('rejects a unit with the wrong geometry, naming file and feature', async () => {
		const d = await broken('unit.geojson', (fs) => {
			byId(fs, 'unit-l2-07').geometry = { type: 'Point', coordinates: [121.567, 25.036] };
		});
		await expect(load(d)).rejects.toThrow(
			/unit\.geojson: feature 'unit-l2-07': geometry: expected Polygon/
		);
		await expect(load(d)).rejects.toBeInstanceOf(MapError);
	});

	it('rejects a unit on a level that does not exist', async () => {
		const d = await broken('unit.geojson', (fs) => {
			byId(fs, 'unit-l1-05').properties.level_id = 'level-l9';
		});
		await expect(load(d)).rejects.toThrow(
			/unit\.geojson: feature 'unit-l1-05': level_id: unknown level 'level-l9'/
		);
	});

	it('rejects an edge to a missing node', async () => {
		const d = await broken('x-atrium-walkway.geojson', (fs) => {
			byId(fs, 'e-0001').properties.to = 'n-nowhere';
		});
		await expect(load(d)).rejects.toThrow(
			/x-atrium-walkway\.geojson: feature 'e-0001': to: unknown node 'n-nowhere'/
		);
	});

	it('rejects a file that is not JSON, naming it', async () => {
		const copy = path.join(dir, 'bad-json');
		await cp(MAP_DIR, copy, { recursive: true });
		const text = await readFile(path.join(copy, 'amenity.geojson'), 'utf8');
		await writeFile(path.join(copy, 'amenity.geojson'), text.slice(0, text.length / 2));
		await expect(load(copy)).rejects.toThrow(/amenity\.geojson: invalid JSON/);
	});

	it('rejects an occupant for a shop the directory does not have', async () => {
		const d = await broken('occupant.geojson', (fs) => {
			byId(fs, 'occupant-starbucks').properties['ext:atrium_shop_id'] = 'starbuck';
		});
		await expect(load(d)).rejects.toThrow(
			/occupant\.geojson: feature 'occupant-starbucks': ext:atrium_shop_id: unknown shop 'starbuck'/
		);
	});

	it('rejects latitude and longitude swapped', async () => {
		const d = await broken('anchor.geojson', (fs) => {
			byId(fs, 'anchor-starbucks').geometry = { type: 'Point', coordinates: [25.036, 121.567] };
		});
		await expect(load(d)).rejects.toThrow(
			/anchor\.geojson: feature 'anchor-starbucks': geometry\.coordinates\[1\]/
		);
	});

	it('rejects a map where the kiosk cannot reach a floor step-free', async () => {
		const d = await broken('x-atrium-walkway.geojson', (fs) =>
			fs.filter(
				(f) =>
					!(
						f.properties.kind === 'elevator' &&
						[f.properties.from, f.properties.to].some((id) => String(id).startsWith('n-l3-'))
					)
			)
		);
		await expect(load(d)).rejects.toThrow(
			/x-atrium-kiosk\.geojson: feature 'kiosk-demo-1': level 'level-l3' \(L3\) cannot be reached step-free/
		);
	});
});
