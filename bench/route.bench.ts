import type { MapData, MapEdge, MapNode } from '../protocol/index.js';
import {
	ELEVATOR_PER_LEVEL_S,
	ELEVATOR_WAIT_S,
	ESCALATOR_BOARD_S,
	ESCALATOR_MPS,
	LEVEL_HEIGHT_M,
	Router,
	STAIRS_VERTICAL_MPS,
	WALK_MPS
} from '../kiosk/wayfinding/router.js';
import { median, percentile, report, round } from './support.js';

/**
 * Route computation on a 10-floor mall of 20,000 walkway nodes: the kiosk's Router (A* over flat
 * arrays with a binary heap) beside a textbook Dijkstra over a Map of adjacency lists with a sorted-array
 * queue, on the same graph, the same costs and the same kiosk→shop pairs, in the same run.
 */
const FLOORS = 10;
const COLS = 50;
const ROWS = 40;
const SPACING_M = 2.5;
const PAIRS = Number(process.env.BENCH_PAIRS ?? 200);

// Deterministic, so runs compare.
function mulberry32(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const rand = mulberry32(20_000);

function makeMall(): MapData {
	const id = (f: number, c: number, r: number) => `n${f}-${c}-${r}`;
	const nodes: MapNode[] = [];
	const edges: MapEdge[] = [];
	const outline: [number, number][] = [
		[0, 0],
		[COLS * SPACING_M, 0],
		[COLS * SPACING_M, ROWS * SPACING_M],
		[0, ROWS * SPACING_M]
	];
	for (let f = 0; f < FLOORS; f++) {
		for (let c = 0; c < COLS; c++) {
			for (let r = 0; r < ROWS; r++) {
				nodes.push({ id: id(f, c, r), levelId: `lv${f}`, x: c * SPACING_M, y: r * SPACING_M });
				// Shops' walls: some grid links are missing, so paths bend as in a real mall; every node
				// keeps a link to one before it, so each floor stays connected.
				const left = c > 0 && (r % 10 === 0 || rand() > 0.2);
				const below = r > 0 && (c % 10 === 0 || rand() > 0.2 || (c > 0 && !left));
				if (left) edges.push({ a: id(f, c - 1, r), b: id(f, c, r), kind: 'walk' });
				if (below) edges.push({ a: id(f, c, r - 1), b: id(f, c, r), kind: 'walk' });
			}
		}
	}
	// Four elevators serving every floor; one ride per pair of floors.
	const lifts: [string, number, number][] = [
		['E1', 0, 0],
		['E2', COLS - 1, 0],
		['E3', 0, ROWS - 1],
		['E4', COLS - 1, ROWS - 1]
	];
	for (const [name, c, r] of lifts) {
		for (let f = 0; f < FLOORS; f++) {
			for (let g = f + 1; g < FLOORS; g++)
				edges.push({ a: id(f, c, r), b: id(g, c, r), kind: 'elevator', connector: name });
		}
	}
	// Two one-way escalator pairs and two stairwells between each pair of adjacent floors.
	for (let f = 0; f + 1 < FLOORS; f++) {
		const c0 = f % 2 ? 30 : 10;
		for (const r of [10, 30]) {
			edges.push({
				a: id(f, c0, r),
				b: id(f + 1, c0 + 6, r),
				kind: 'escalator',
				connector: `ES${2 * f + 1}`,
				oneway: true
			});
			edges.push({
				a: id(f + 1, c0 + 6, r + 1),
				b: id(f, c0, r + 1),
				kind: 'escalator',
				connector: `ES${2 * f + 2}`,
				oneway: true
			});
		}
		edges.push({ a: id(f, 20, 0), b: id(f + 1, 20, 0), kind: 'stairs', connector: 'S1' });
		edges.push({
			a: id(f, 40, ROWS - 1),
			b: id(f + 1, 40, ROWS - 1),
			kind: 'stairs',
			connector: 'S2'
		});
	}
	return {
		levels: Array.from({ length: FLOORS }, (_, f) => ({
			id: `lv${f}`,
			floorId: `f${f}`,
			ordinal: f,
			outline
		})),
		units: [],
		amenities: [],
		nodes,
		edges,
		kiosks: []
	};
}

/** The baseline: what one writes first. Same cost model; an elevator ride is one edge with its wait. */
function baselineRouter(map: MapData) {
	const byId = new Map(map.nodes.map((n) => [n.id, n]));
	const ordinal = new Map(map.levels.map((l) => [l.id, l.ordinal]));
	const adjacency = new Map<string, { to: string; cost: number; kind: MapEdge['kind'] }[]>();
	const add = (a: string, to: string, cost: number, kind: MapEdge['kind']) => {
		const list = adjacency.get(a) ?? [];
		list.push({ to, cost, kind });
		adjacency.set(a, list);
	};
	for (const e of map.edges) {
		const a = byId.get(e.a)!;
		const b = byId.get(e.b)!;
		const plan = Math.hypot(a.x - b.x, a.y - b.y);
		const levels = Math.abs(ordinal.get(a.levelId)! - ordinal.get(b.levelId)!);
		const along = Math.hypot(plan, levels * LEVEL_HEIGHT_M);
		const cost =
			e.kind === 'escalator'
				? along / ESCALATOR_MPS + ESCALATOR_BOARD_S
				: e.kind === 'stairs'
					? plan / WALK_MPS + (levels * LEVEL_HEIGHT_M) / STAIRS_VERTICAL_MPS
					: e.kind === 'elevator'
						? ELEVATOR_WAIT_S + plan / WALK_MPS + levels * ELEVATOR_PER_LEVEL_S
						: along / WALK_MPS + levels * ELEVATOR_PER_LEVEL_S;
		add(e.a, e.b, cost, e.kind);
		if (!e.oneway) add(e.b, e.a, cost, e.kind);
	}
	return (from: string, to: string, stepFree: boolean): number => {
		const dist = new Map<string, number>([[from, 0]]);
		const done = new Set<string>();
		// Kept sorted by descending distance, so the nearest is popped from the end.
		const queue: [number, string][] = [[0, from]];
		while (queue.length) {
			const [d, v] = queue.pop()!;
			if (done.has(v)) continue;
			done.add(v);
			if (v === to) return d;
			for (const e of adjacency.get(v) ?? []) {
				if (stepFree && (e.kind === 'escalator' || e.kind === 'stairs')) continue;
				const nd = d + e.cost;
				if (nd < (dist.get(e.to) ?? Infinity)) {
					dist.set(e.to, nd);
					let lo = 0;
					let hi = queue.length;
					while (lo < hi) {
						const mid = (lo + hi) >> 1;
						if (queue[mid][0] > nd) lo = mid + 1;
						else hi = mid;
					}
					queue.splice(lo, 0, [nd, e.to]);
				}
			}
		}
		return Infinity;
	};
}

const map = makeMall();
const constructMs: number[] = [];
let router = new Router(map);
for (let i = 0; i < 5; i++) {
	const start = performance.now();
	router = new Router(map);
	constructMs.push(performance.now() - start);
}

const pick = () => map.nodes[Math.floor(rand() * map.nodes.length)].id;
const pairs = Array.from({ length: PAIRS }, (_, i) => ({
	from: pick(),
	to: pick(),
	stepFree: i % 2 === 1
}));

// Warm both up so the JIT is not what is measured.
const baseline = baselineRouter(map);
for (const p of pairs.slice(0, 20)) {
	router.route(p.from, [p.to], { stepFree: p.stepFree });
	baseline(p.from, p.to, p.stepFree);
}

const ours: number[] = [];
const oursStepFree: number[] = [];
const durations: number[] = [];
for (const p of pairs) {
	const start = performance.now();
	const route = router.route(p.from, [p.to], { stepFree: p.stepFree });
	const ms = performance.now() - start;
	ours.push(ms);
	if (p.stepFree) oursStepFree.push(ms);
	durations.push(route?.durationS ?? Infinity);
}
// Nearest of many ("nearest toilet" in a mall this size): past 16 targets the router runs Dijkstra.
const many: number[] = [];
for (const p of pairs) {
	const targets = [p.to, ...Array.from({ length: 19 }, pick)];
	const start = performance.now();
	router.route(p.from, targets, { stepFree: p.stepFree });
	many.push(performance.now() - start);
}

const base: number[] = [];
let mismatches = 0;
pairs.forEach((p, i) => {
	const start = performance.now();
	const d = baseline(p.from, p.to, p.stepFree);
	base.push(performance.now() - start);
	// Both must find equally quick routes, or the comparison means nothing.
	if (!(Math.abs(d - durations[i]) <= 0.051 || (d === Infinity && durations[i] === Infinity)))
		mismatches++;
});

const median_ms = median(ours);
const baseline_median_ms = median(base);
report({
	bench: 'route',
	nodes: map.nodes.length,
	edges: map.edges.length,
	floors: FLOORS,
	pairs: PAIRS,
	median_ms: round(median_ms, 3),
	p95_ms: round(percentile(ours, 95), 3),
	step_free_median_ms: round(median(oursStepFree), 3),
	nearest_of_20_median_ms: round(median(many), 3),
	baseline_median_ms: round(baseline_median_ms, 3),
	baseline_p95_ms: round(percentile(base, 95), 3),
	baseline: 'Dijkstra over Map<string, edge[]> with a sorted-array queue, same graph and pairs',
	ratio: round(median_ms / baseline_median_ms, 3),
	constructor_ms: round(median(constructMs), 1),
	mismatches
});
