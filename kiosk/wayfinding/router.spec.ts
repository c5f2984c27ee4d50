import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import path from 'node:path';
// The spec loads the demo map exactly as the controller does; the screen code itself never does.
import { loadContent } from '../../controller/content/content.loader.js';
import { loadImdf } from '../../controller/content/imdf.loader.js';
import type { MapData, MapEdge, ReplicaData } from '$protocol';
import {
	ELEVATOR_PER_LEVEL_S,
	ELEVATOR_WAIT_S,
	ESCALATOR_BOARD_S,
	ESCALATOR_MPS,
	LEVEL_HEIGHT_M,
	Router,
	STAIRS_VERTICAL_MPS,
	WALK_MPS,
	type Route
} from './router';
import { describeStep } from './steps';

const CONTENT_DIR = path.resolve(import.meta.dirname, '../../content');

let content: ReplicaData;
let map: MapData;
let router: Router;
let kiosk: string;
beforeAll(async () => {
	content = await loadContent(CONTENT_DIR);
	map = await loadImdf(path.join(CONTENT_DIR, 'map'), content.mall.floors, content.shops);
	router = new Router(map);
	kiosk = atriumL1(map);
});

/** A shopper standing at the L1 atrium railing: the walkway node nearest (-8, 7) on L1. */
function atriumL1(map: MapData): string {
	const l1 = map.levels.find((l) => l.id === 'level-l1')!.id;
	return map.nodes
		.filter((n) => n.levelId === l1)
		.reduce((best, n) => (Math.hypot(n.x + 8, n.y - 7) < Math.hypot(best.x + 8, best.y - 7) ? n : best)).id;
}

const door = (shopId: string) => map.units.find((u) => u.shopId === shopId)!.nodeId!;
const label = (levelId: string) => {
	const floorId = map.levels.find((l) => l.id === levelId)!.floorId;
	return content.mall.floors.find((f) => f.id === floorId)!.label;
};
const en = (r: Route) => r.steps.map((s) => describeStep(s, { levelLabel: label, locale: 'en' }));

describe('routes in the demo mall', () => {
	it('walks to Starbucks on the kiosk’s own floor without changing level', () => {
		const r = router.route(kiosk, [door('starbucks')], { stepFree: false })!;
		expect(r.steps.map((s) => s.kind)).toEqual(['walk', 'arrive']);
		expect(r.path.map((p) => label(p.levelId))).toEqual(['L1']);
		expect(r.distanceM).toBeGreaterThan(10);
		expect(r.distanceM).toBeLessThan(80);
		expect(r.durationS).toBeCloseTo(r.distanceM / WALK_MPS, 0);
		expect(r.path[0].points[0]).toEqual([
			map.nodes.find((n) => n.id === kiosk)!.x,
			map.nodes.find((n) => n.id === kiosk)!.y
		]);
	});

	it('takes a named elevator to L3 when step-free', () => {
		const r = router.route(kiosk, [door('vieshow-cinemas')], { stepFree: true })!;
		const connectors = r.steps.filter((s) => s.kind === 'connector');
		expect(connectors.length).toBe(1);
		expect(connectors.every((s) => s.connector?.kind === 'elevator')).toBe(true);
		expect(en(r)).toContainEqual(expect.stringMatching(/^Take elevator E[12] to L3$/));
		expect(r.path.map((p) => label(p.levelId))).toEqual(['L1', 'L3']);
		expect(r.steps.at(-1)).toMatchObject({ kind: 'arrive', levelId: 'level-l3' });
	});

	it('may take the escalator when steps are fine, and is then quicker', () => {
		const walking = router.route(kiosk, [door('din-tai-fung')], { stepFree: false })!;
		const stepFree = router.route(kiosk, [door('din-tai-fung')], { stepFree: true })!;
		expect(en(walking)).toContain('Take the escalator ES2 down to B1');
		expect(stepFree.steps.some((s) => s.connector?.kind === 'escalator')).toBe(false);
		expect(walking.durationS).toBeLessThan(stepFree.durationS);
	});

	it('rides escalators only their way: back up from B1 is the up escalator', () => {
		const r = router.route(door('din-tai-fung'), [kiosk], { stepFree: false })!;
		expect(en(r)).toContain('Take the escalator ES1 up to L1');
	});

	it('picks the nearest of several targets', () => {
		const near = door('starbucks');
		const far = door('nuvola-trattoria');
		const r = router.route(kiosk, [far, near], { stepFree: false })!;
		expect(r.to).toBe(near);
	});

	it('says so when asked for a node that is not on the map', () => {
		expect(() => router.route('n-nowhere', [kiosk], { stepFree: false })).toThrow(/n-nowhere/);
	});
});

/** Two levels joined only by stairs, and three joined by an elevator that stops at each. */
function tinyMap(edges: MapEdge[]): MapData {
	const outline: [number, number][] = [
		[0, 0],
		[10, 0],
		[10, 10]
	];
	return {
		levels: [0, 1, 2].map((o) => ({ id: `lv${o}`, floorId: `f${o}`, ordinal: o, outline })),
		units: [],
		amenities: [],
		nodes: [
			{ id: 'a', levelId: 'lv0', x: 0, y: 0 },
			{ id: 'b', levelId: 'lv1', x: 0, y: 0 },
			{ id: 'c', levelId: 'lv2', x: 0, y: 0 },
			{ id: 'd', levelId: 'lv2', x: 12, y: 0 }
		],
		edges,
		kiosks: []
	};
}

describe('routes on hand-made graphs', () => {
	it('finds no step-free route where only stairs lead', () => {
		const r = new Router(tinyMap([{ a: 'a', b: 'b', kind: 'stairs', connector: 'S1' }]));
		expect(r.route('a', ['b'], { stepFree: true })).toBeNull();
		const walking = r.route('a', ['b'], { stepFree: false })!;
		expect(walking.steps[0].connector).toMatchObject({
			kind: 'stairs',
			name: 'S1',
			toLevelId: 'lv1',
			direction: 'up'
		});
		expect(walking.durationS).toBeCloseTo(LEVEL_HEIGHT_M / STAIRS_VERTICAL_MPS, 1);
	});

	it('waits for an elevator once, however many floors it stops at', () => {
		const r = new Router(
			tinyMap([
				{ a: 'a', b: 'b', kind: 'elevator', connector: 'E1' },
				{ a: 'b', b: 'c', kind: 'elevator', connector: 'E1' },
				{ a: 'c', b: 'd', kind: 'walk' }
			])
		);
		const route = r.route('a', ['d'], { stepFree: true })!;
		expect(route.durationS).toBeCloseTo(
			ELEVATOR_WAIT_S + 2 * ELEVATOR_PER_LEVEL_S + 12 / WALK_MPS,
			1
		);
		expect(route.steps.map((s) => s.kind)).toEqual(['connector', 'walk', 'arrive']);
		expect(route.steps[0].connector).toMatchObject({
			kind: 'elevator',
			name: 'E1',
			toLevelId: 'lv2'
		});
		expect(route.path.map((p) => p.levelId)).toEqual(['lv0', 'lv2']);
	});

	it('merges walks along a corridor into one step', () => {
		const m = tinyMap([]);
		m.nodes.push(
			{ id: 'e', levelId: 'lv2', x: 24, y: 0 },
			{ id: 'f', levelId: 'lv2', x: 24, y: 5 }
		);
		m.edges.push(
			{ a: 'c', b: 'd', kind: 'walk' },
			{ a: 'd', b: 'e', kind: 'walk' },
			{ a: 'e', b: 'f', kind: 'walk' }
		);
		const route = new Router(m).route('c', ['f'], { stepFree: false })!;
		expect(route.steps).toEqual([
			{ kind: 'walk', levelId: 'lv2', distanceM: 29 },
			{ kind: 'arrive', levelId: 'lv2', distanceM: 0 }
		]);
		expect(route.path).toEqual([
			{
				levelId: 'lv2',
				points: [
					[0, 0],
					[12, 0],
					[24, 0],
					[24, 5]
				]
			}
		]);
	});
});

// ---- property: Dijkstra/A* agree with Floyd–Warshall on small random graphs ----

const KINDS = ['walk', 'walk', 'walk', 'stairs', 'escalator', 'elevator'] as const;

/** The documented cost model, written out independently of the router. */
function edgeCost(m: MapData, e: MapEdge): number {
	const a = m.nodes.find((n) => n.id === e.a)!;
	const b = m.nodes.find((n) => n.id === e.b)!;
	const ord = (id: string) => m.levels.find((l) => l.id === id)!.ordinal;
	const plan = Math.hypot(a.x - b.x, a.y - b.y);
	const levels = Math.abs(ord(a.levelId) - ord(b.levelId));
	const along = Math.hypot(plan, levels * LEVEL_HEIGHT_M);
	switch (e.kind) {
		case 'escalator':
			return along / ESCALATOR_MPS + ESCALATOR_BOARD_S;
		case 'stairs':
			return plan / WALK_MPS + (levels * LEVEL_HEIGHT_M) / STAIRS_VERTICAL_MPS;
		case 'elevator':
			// An unnamed elevator edge is a shaft of its own: a wait, then the ride.
			return ELEVATOR_WAIT_S + plan / WALK_MPS + levels * ELEVATOR_PER_LEVEL_S;
		default:
			return along / WALK_MPS + levels * ELEVATOR_PER_LEVEL_S;
	}
}

function floydWarshall(m: MapData, stepFree: boolean): number[][] {
	const n = m.nodes.length;
	const idx = new Map(m.nodes.map((node, i) => [node.id, i]));
	const d = Array.from({ length: n }, (_, i) =>
		Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity))
	);
	for (const e of m.edges) {
		if (stepFree && (e.kind === 'stairs' || e.kind === 'escalator')) continue;
		const a = idx.get(e.a)!;
		const b = idx.get(e.b)!;
		const c = edgeCost(m, e);
		d[a][b] = Math.min(d[a][b], c);
		if (!e.oneway) d[b][a] = Math.min(d[b][a], c);
	}
	for (let k = 0; k < n; k++)
		for (let i = 0; i < n; i++)
			for (let j = 0; j < n; j++) d[i][j] = Math.min(d[i][j], d[i][k] + d[k][j]);
	return d;
}

const randomMap = fc
	.integer({ min: 2, max: 9 })
	.chain((n) =>
		fc.record({
			nodes: fc.array(
				fc.record({
					level: fc.integer({ min: 0, max: 2 }),
					x: fc.integer({ min: 0, max: 40 }),
					y: fc.integer({ min: 0, max: 40 })
				}),
				{ minLength: n, maxLength: n }
			),
			// A spanning tree keeps the graph connected; extra edges make shortcuts and detours.
			parents: fc.array(fc.nat(), { minLength: n - 1, maxLength: n - 1 }),
			treeKinds: fc.array(fc.constantFrom(...KINDS), { minLength: n - 1, maxLength: n - 1 }),
			extra: fc.array(
				fc.record({
					a: fc.nat({ max: n - 1 }),
					b: fc.nat({ max: n - 1 }),
					kind: fc.constantFrom(...KINDS),
					oneway: fc.boolean()
				}),
				{ maxLength: 2 * n }
			)
		})
	)
	.map(({ nodes, parents, treeKinds, extra }): MapData => {
		const edges: MapEdge[] = [];
		const add = (a: number, b: number, kind: MapEdge['kind'], oneway: boolean) => {
			if (a === b) return;
			const edge: MapEdge = { a: `n${a}`, b: `n${b}`, kind };
			if (kind === 'escalator' && oneway) edge.oneway = true;
			edges.push(edge);
		};
		parents.forEach((p, i) => add(i + 1, p % (i + 1), treeKinds[i], false));
		for (const e of extra) add(e.a, e.b, e.kind, e.oneway);
		return {
			levels: [0, 1, 2].map((o) => ({
				id: `lv${o}`,
				floorId: `f${o}`,
				ordinal: o,
				outline: [
					[0, 0],
					[1, 0],
					[1, 1]
				]
			})),
			units: [],
			amenities: [],
			nodes: nodes.map((node, i) => ({
				id: `n${i}`,
				levelId: `lv${node.level}`,
				x: node.x,
				y: node.y
			})),
			edges,
			kiosks: []
		};
	});

describe('shortest routes (property)', () => {
	it('match Floyd–Warshall in time, for one target and for the nearest of several', () => {
		fc.assert(
			fc.property(
				randomMap,
				fc.boolean(),
				fc.nat(),
				fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
				(m, stepFree, s, ts) => {
					const n = m.nodes.length;
					const dist = floydWarshall(m, stepFree);
					const from = s % n;
					const targets = [...new Set(ts.map((t) => t % n))];
					const best = Math.min(...targets.map((t) => dist[from][t]));
					const route = new Router(m).route(
						`n${from}`,
						targets.map((t) => `n${t}`),
						{ stepFree }
					);
					if (best === Infinity) {
						expect(route).toBeNull();
						return;
					}
					expect(route).not.toBeNull();
					expect(Math.abs(route!.durationS - best)).toBeLessThanOrEqual(0.051);
					expect(dist[from][Number(route!.to.slice(1))]).toBeCloseTo(best, 6);
					if (stepFree)
						expect(
							route!.steps.some((st) => st.connector && st.connector.kind !== 'elevator')
						).toBe(false);
				}
			),
			{ numRuns: 300 }
		);
	});
});
