import type { MapData } from '$protocol';

/**
 * Routes over the mall's walkway graph. Pure: runs in the kiosk's browser, on the phone page and in
 * Node. The graph is compiled once into flat arrays; a route is A* (or Dijkstra for many targets) with
 * a binary heap, costed in seconds of a shopper's time.
 */

export interface RouteOptions {
	stepFree: boolean;
}

export interface RouteStep {
	kind: 'walk' | 'connector' | 'arrive';
	/** Level where the step starts. */
	levelId: string;
	distanceM: number;
	connector?: {
		kind: 'escalator' | 'elevator' | 'stairs';
		name?: string;
		toLevelId: string;
		/** Up or down, for "take the escalator up to L2". */
		direction?: 'up' | 'down';
	};
}

export interface Route {
	/** Node ids (`to` is the chosen target of several). */
	from: string;
	to: string;
	stepFree: boolean;
	distanceM: number;
	durationS: number;
	steps: RouteStep[];
	/** Polyline per level, in order, for drawing. */
	path: { levelId: string; points: [number, number][] }[];
}

/** Walking pace of a shopper who is not in a hurry, m/s. */
export const WALK_MPS = 1.2;
/** Escalator speed along its length, m/s, and the pause to step on. */
export const ESCALATOR_MPS = 0.5;
export const ESCALATOR_BOARD_S = 5;
/** Average wait for a car, then travel per level. */
export const ELEVATOR_WAIT_S = 30;
export const ELEVATOR_PER_LEVEL_S = 4;
/** Climbing speed on stairs, vertical m/s. */
export const STAIRS_VERTICAL_MPS = 0.4;
/** Storey height; MapData has ordinals only. */
export const LEVEL_HEIGHT_M = 5;

const WALK = 0;
const ESCALATOR = 1;
const ELEVATOR = 2;
const STAIRS = 3;
/** Stepping into an elevator car: carries the wait, so a ride through several floors waits once. */
const BOARD = 4;
const ALIGHT = 5;
const KIND_CODE = { walk: WALK, escalator: ESCALATOR, elevator: ELEVATOR, stairs: STAIRS } as const;
const CONNECTOR_NAMES = ['walk', 'escalator', 'elevator', 'stairs'] as const;

/**
 * A* is exact when the estimate never overestimates. Every edge costs at least its plan distance at
 * walking pace plus ELEVATOR_PER_LEVEL_S per level it climbs (see `cost`), so this bound holds for any
 * map, not just the demo's.
 */
const H_PER_M = 1 / WALK_MPS;
const H_PER_LEVEL = ELEVATOR_PER_LEVEL_S;
/** Beyond this many targets the min-over-targets estimate costs more than it saves. */
const A_STAR_MAX_TARGETS = 16;

class MinHeap {
	#keys = new Float64Array(1024);
	#vals = new Int32Array(1024);
	size = 0;

	clear(): void {
		this.size = 0;
	}

	push(key: number, val: number): void {
		if (this.size === this.#keys.length) {
			const keys = new Float64Array(this.size * 2);
			const vals = new Int32Array(this.size * 2);
			keys.set(this.#keys);
			vals.set(this.#vals);
			this.#keys = keys;
			this.#vals = vals;
		}
		const k = this.#keys;
		const v = this.#vals;
		let i = this.size++;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (k[parent] <= key) break;
			k[i] = k[parent];
			v[i] = v[parent];
			i = parent;
		}
		k[i] = key;
		v[i] = val;
	}

	/** Removes the minimum and returns its value. */
	pop(): number {
		const k = this.#keys;
		const v = this.#vals;
		const top = v[0];
		const n = --this.size;
		const key = k[n];
		const val = v[n];
		let i = 0;
		for (;;) {
			let c = 2 * i + 1;
			if (c >= n) break;
			if (c + 1 < n && k[c + 1] < k[c]) c++;
			if (k[c] >= key) break;
			k[i] = k[c];
			v[i] = v[c];
			i = c;
		}
		k[i] = key;
		v[i] = val;
		return top;
	}
}

export class Router {
	readonly #ids: string[];
	readonly #index = new Map<string, number>();
	/** Per vertex; vertices past the map's nodes are elevator cars at a stop. */
	readonly #x: Float64Array;
	readonly #y: Float64Array;
	readonly #level: Int32Array;
	readonly #ordinal: Float64Array;
	/** The map node a vertex stands for (itself, or the landing an elevator car stops at). */
	readonly #real: Int32Array;
	readonly #levelIds: string[];
	/** Compressed adjacency: arcs of vertex v are #first[v] … #first[v + 1] - 1. */
	readonly #first: Int32Array;
	readonly #from: Int32Array;
	readonly #to: Int32Array;
	readonly #cost: Float64Array;
	readonly #length: Float64Array;
	readonly #kind: Uint8Array;
	readonly #name: Int32Array;
	readonly #names: string[] = [];
	// Per query, reused: allocation would dominate on a 20,000-node map.
	readonly #dist: Float64Array;
	readonly #prev: Int32Array;
	readonly #done: Uint8Array;
	readonly #isTarget: Uint8Array;
	readonly #heap = new MinHeap();

	constructor(map: MapData) {
		const levelIndex = new Map(map.levels.map((l, i) => [l.id, i]));
		this.#levelIds = map.levels.map((l) => l.id);
		const n = map.nodes.length;
		map.nodes.forEach((node, i) => this.#index.set(node.id, i));
		this.#ids = map.nodes.map((node) => node.id);

		// Elevator cars: one vertex per (elevator, stop). Boarding carries the wait, riding between cars
		// the travel time, so the data may list rides between every pair of floors or only adjacent ones.
		const cars = new Map<string, number>();
		const carReal: number[] = [];
		const car = (name: string, node: number) => {
			const key = `${name}\u0000${node}`;
			let v = cars.get(key);
			if (v === undefined) {
				v = n + carReal.length;
				cars.set(key, v);
				carReal.push(node);
			}
			return v;
		};
		const nameIndex = new Map<string, number>();
		const nameOf = (name: string | undefined) => {
			if (name === undefined) return -1;
			let i = nameIndex.get(name);
			if (i === undefined) {
				i = this.#names.length;
				this.#names.push(name);
				nameIndex.set(name, i);
			}
			return i;
		};

		const arcs: { from: number; to: number; kind: number; name: number }[] = [];
		const nodeAt = (id: string) => {
			const i = this.#index.get(id);
			if (i === undefined) throw new Error(`edge refers to unknown node '${id}'`);
			return i;
		};
		for (const e of map.edges) {
			const a = nodeAt(e.a);
			const b = nodeAt(e.b);
			const kind = KIND_CODE[e.kind];
			const name = nameOf(e.connector);
			if (kind === ELEVATOR) {
				// An unnamed elevator edge is its own shaft.
				const shaft = e.connector ?? `${e.a}\u0000${e.b}`;
				const ca = car(shaft, a);
				const cb = car(shaft, b);
				arcs.push({ from: a, to: ca, kind: BOARD, name }, { from: ca, to: a, kind: ALIGHT, name });
				arcs.push({ from: b, to: cb, kind: BOARD, name }, { from: cb, to: b, kind: ALIGHT, name });
				arcs.push({ from: ca, to: cb, kind, name }, { from: cb, to: ca, kind, name });
				continue;
			}
			arcs.push({ from: a, to: b, kind, name });
			if (!e.oneway) arcs.push({ from: b, to: a, kind, name });
		}

		const total = n + carReal.length;
		this.#x = new Float64Array(total);
		this.#y = new Float64Array(total);
		this.#level = new Int32Array(total);
		this.#ordinal = new Float64Array(total);
		this.#real = new Int32Array(total);
		map.nodes.forEach((node, i) => {
			const level = levelIndex.get(node.levelId);
			if (level === undefined)
				throw new Error(`node '${node.id}' is on unknown level '${node.levelId}'`);
			this.#x[i] = node.x;
			this.#y[i] = node.y;
			this.#level[i] = level;
			this.#ordinal[i] = map.levels[level].ordinal;
			this.#real[i] = i;
		});
		carReal.forEach((real, k) => {
			const v = n + k;
			this.#x[v] = this.#x[real];
			this.#y[v] = this.#y[real];
			this.#level[v] = this.#level[real];
			this.#ordinal[v] = this.#ordinal[real];
			this.#real[v] = real;
		});

		this.#first = new Int32Array(total + 1);
		for (const arc of arcs) this.#first[arc.from + 1]++;
		for (let v = 0; v < total; v++) this.#first[v + 1] += this.#first[v];
		const fill = this.#first.slice(0, total);
		const m = arcs.length;
		this.#from = new Int32Array(m);
		this.#to = new Int32Array(m);
		this.#cost = new Float64Array(m);
		this.#length = new Float64Array(m);
		this.#kind = new Uint8Array(m);
		this.#name = new Int32Array(m);
		for (const arc of arcs) {
			const slot = fill[arc.from]++;
			const [cost, length] = this.#costOf(arc.from, arc.to, arc.kind);
			this.#from[slot] = arc.from;
			this.#to[slot] = arc.to;
			this.#cost[slot] = cost;
			this.#length[slot] = length;
			this.#kind[slot] = arc.kind;
			this.#name[slot] = arc.name;
		}

		this.#dist = new Float64Array(total);
		this.#prev = new Int32Array(total);
		this.#done = new Uint8Array(total);
		this.#isTarget = new Uint8Array(total);
	}

	/** Seconds and metres walked or ridden for one arc. */
	#costOf(a: number, b: number, kind: number): [number, number] {
		const plan = Math.hypot(this.#x[b] - this.#x[a], this.#y[b] - this.#y[a]);
		const levels = Math.abs(this.#ordinal[b] - this.#ordinal[a]);
		const rise = levels * LEVEL_HEIGHT_M;
		const along = Math.hypot(plan, rise);
		switch (kind) {
			case ESCALATOR:
				return [along / ESCALATOR_MPS + ESCALATOR_BOARD_S, along];
			case STAIRS:
				return [plan / WALK_MPS + rise / STAIRS_VERTICAL_MPS, along];
			case ELEVATOR:
				return [plan / WALK_MPS + levels * ELEVATOR_PER_LEVEL_S, 0];
			case BOARD:
				return [ELEVATOR_WAIT_S, 0];
			case ALIGHT:
				return [0, 0];
			default:
				// A sloped walk (a ramp between levels) still climbs.
				return [along / WALK_MPS + levels * ELEVATOR_PER_LEVEL_S, along];
		}
	}

	/** Shortest route to the nearest of the targets; null when none is reachable (e.g. step-free). */
	route(from: string, targets: string[], options: RouteOptions): Route | null {
		const source = this.#vertex(from);
		const goals = [...new Set(targets.map((t) => this.#vertex(t)))];
		if (goals.length === 0) return null;
		const reached = this.#search(source, goals, options.stepFree);
		return reached < 0 ? null : this.#build(source, reached, options.stepFree);
	}

	#vertex(id: string): number {
		const i = this.#index.get(id);
		if (i === undefined) throw new RangeError(`unknown map node '${id}'`);
		return i;
	}

	/** Returns the target reached first (the nearest), or -1. */
	#search(source: number, goals: number[], stepFree: boolean): number {
		const dist = this.#dist;
		const prev = this.#prev;
		const done = this.#done;
		const isTarget = this.#isTarget;
		dist.fill(Infinity);
		done.fill(0);
		for (const g of goals) isTarget[g] = 1;
		const useEstimate = goals.length <= A_STAR_MAX_TARGETS;
		const gx = goals.map((g) => this.#x[g]);
		const gy = goals.map((g) => this.#y[g]);
		const go = goals.map((g) => this.#ordinal[g]);
		const x = this.#x;
		const y = this.#y;
		const ord = this.#ordinal;
		const estimate = (v: number) => {
			let best = Infinity;
			for (let i = 0; i < gx.length; i++) {
				const h =
					Math.hypot(x[v] - gx[i], y[v] - gy[i]) * H_PER_M + Math.abs(ord[v] - go[i]) * H_PER_LEVEL;
				if (h < best) best = h;
			}
			return best;
		};
		const heap = this.#heap;
		heap.clear();
		dist[source] = 0;
		prev[source] = -1;
		heap.push(useEstimate ? estimate(source) : 0, source);
		const first = this.#first;
		const to = this.#to;
		const cost = this.#cost;
		const kind = this.#kind;
		let found = -1;
		while (heap.size > 0) {
			const v = heap.pop();
			if (done[v]) continue;
			done[v] = 1;
			if (isTarget[v]) {
				found = v;
				break;
			}
			const dv = dist[v];
			for (let a = first[v], end = first[v + 1]; a < end; a++) {
				const k = kind[a];
				if (stepFree && (k === ESCALATOR || k === STAIRS)) continue;
				const w = to[a];
				const d = dv + cost[a];
				if (d < dist[w]) {
					dist[w] = d;
					prev[w] = a;
					heap.push(useEstimate ? d + estimate(w) : d, w);
				}
			}
		}
		for (const g of goals) isTarget[g] = 0;
		return found;
	}

	#build(source: number, target: number, stepFree: boolean): Route {
		const arcs: number[] = [];
		for (let v = target; v !== source; v = this.#from[this.#prev[v]]) arcs.push(this.#prev[v]);
		arcs.reverse();

		const steps: RouteStep[] = [];
		const path: Route['path'] = [];
		const lv = (v: number) => this.#levelIds[this.#level[v]];
		const addPoint = (v: number) => {
			const levelId = lv(v);
			const point: [number, number] = [this.#x[v], this.#y[v]];
			const last = path.at(-1);
			if (!last || last.levelId !== levelId) path.push({ levelId, points: [point] });
			else {
				const prev = last.points.at(-1)!;
				if (prev[0] !== point[0] || prev[1] !== point[1]) last.points.push(point);
			}
		};
		addPoint(source);
		let distanceM = 0;
		let from = source;
		for (const a of arcs) {
			const to = this.#to[a];
			const k = this.#kind[a];
			distanceM += this.#length[a];
			if (k === BOARD || k === ALIGHT) {
				// The car itself is drawn nowhere: floors it passes are not part of the picture.
				if (k === ALIGHT) addPoint(to);
				from = to;
				continue;
			}
			const name = this.#name[a] >= 0 ? this.#names[this.#name[a]] : undefined;
			const last = steps.at(-1);
			if (k === WALK) {
				if (last?.kind === 'walk' && last.levelId === lv(from)) last.distanceM += this.#length[a];
				else steps.push({ kind: 'walk', levelId: lv(from), distanceM: this.#length[a] });
			} else {
				const connector = CONNECTOR_NAMES[k] as 'escalator' | 'elevator' | 'stairs';
				const up = this.#ordinal[to] > this.#ordinal[from];
				// Flights of the same stairs (or stops of the same car) read as one step.
				if (
					last?.kind === 'connector' &&
					last.connector?.kind === connector &&
					last.connector.name === name &&
					last.connector.toLevelId === lv(from) &&
					last.connector.direction === (up ? 'up' : 'down')
				) {
					last.distanceM += this.#length[a];
					last.connector.toLevelId = lv(to);
				} else {
					steps.push({
						kind: 'connector',
						levelId: lv(from),
						distanceM: this.#length[a],
						connector: {
							kind: connector,
							...(name ? { name } : {}),
							toLevelId: lv(to),
							direction: up ? 'up' : 'down'
						}
					});
				}
			}
			if (k !== ELEVATOR) addPoint(to);
			from = to;
		}
		// A few metres between two connectors (off one escalator, onto the next) is not worth a step.
		const changesLevel = steps.some((s) => s.kind === 'connector');
		const kept = steps.filter((s) => s.kind !== 'walk' || s.distanceM >= (changesLevel ? 3 : 0.05));
		for (const s of kept) s.distanceM = Math.round(s.distanceM * 10) / 10;
		kept.push({ kind: 'arrive', levelId: lv(target), distanceM: 0 });
		return {
			from: this.#ids[source],
			to: this.#ids[this.#real[target]],
			stepFree,
			distanceM: Math.round(distanceM * 10) / 10,
			durationS: Math.round(this.#dist[target] * 10) / 10,
			steps: kept,
			path
		};
	}
}
