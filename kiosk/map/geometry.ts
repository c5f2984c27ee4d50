import type { MapData, MapLevel, Mall } from '$protocol';
import type { Route } from '../wayfinding/router';

export type Point = [number, number];
export interface Bounds {
	minX: number;
	minY: number;
	maxX: number;
	maxY: number;
}

export function bounds(points: Iterable<Point>): Bounds {
	const b = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
	for (const [x, y] of points) {
		if (x < b.minX) b.minX = x;
		if (y < b.minY) b.minY = y;
		if (x > b.maxX) b.maxX = x;
		if (y > b.maxY) b.maxY = y;
	}
	return b;
}

/** Turns a map point counter-clockwise by `deg` about the origin. */
export function rotate([x, y]: Point, deg: number): Point {
	const r = (deg * Math.PI) / 180;
	const c = Math.cos(r);
	const s = Math.sin(r);
	return [x * c - y * s, x * s + y * c];
}

/**
 * The map's extent after turning it so the way the shopper faces points up the screen. Every level
 * counts, so switching floors never moves or rescales the view.
 */
export function viewBounds(map: MapData, headingDeg: number): Bounds {
	return bounds(map.levels.flatMap((l) => l.outline.map((p) => rotate(p, headingDeg))));
}

/**
 * The orthographic frustum (world metres) that shows `b` in a viewport of `width` × `height` px,
 * seen from `tiltDeg` off straight down: ground depth shrinks by cos(tilt), and walls up to
 * `wallM` high add sin(tilt) of their height on screen.
 */
export function fitOrtho(
	b: Bounds,
	width: number,
	height: number,
	tiltDeg: number,
	wallM: number,
	margin = 0.06
): { width: number; height: number } {
	const t = (tiltDeg * Math.PI) / 180;
	const needW = (b.maxX - b.minX) * (1 + 2 * margin);
	const needH = ((b.maxY - b.minY) * Math.cos(t) + wallM * Math.sin(t)) * (1 + 2 * margin);
	const aspect = width / Math.max(1, height);
	return needW / needH > aspect
		? { width: needW, height: needW / aspect }
		: { width: needH * aspect, height: needH };
}

/** Levels from the top floor down, as an elevator panel lists them. */
export function levelsTopDown(map: MapData): MapLevel[] {
	return [...map.levels].sort((a, b) => b.ordinal - a.ordinal);
}

/** The mall's own sign labels (B1, L1, …) per map level; a level without a floor shows its id. */
export function levelLabels(mall: Mall, map: MapData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const level of map.levels) {
		out[level.id] = mall.floors.find((f) => f.id === level.floorId)?.label ?? level.id;
	}
	return out;
}

/** The route's polylines on one level (a route may pass a level twice). */
export function routeOnLevel(route: Route | null, levelId: string): Point[][] {
	if (!route) return [];
	return route.path.filter((p) => p.levelId === levelId && p.points.length > 0).map((p) => p.points);
}

/** The levels a route crosses, in the order the shopper reaches them. */
export function routeLevels(route: Route | null): string[] {
	const out: string[] = [];
	for (const p of route?.path ?? []) if (out.at(-1) !== p.levelId) out.push(p.levelId);
	return [...new Set(out)];
}

/** Where the route changes floor, seen from one level: leaving it for another, or arriving from one. */
export interface FloorChange {
	point: Point;
	levelId: string;
	direction: 'leave' | 'arrive';
	/** Whether the shopper travels up at this change (by the levels' ordinals), arriving or leaving. */
	up: boolean;
}

export function floorChanges(route: Route | null, map: MapData, levelId: string): FloorChange[] {
	if (!route) return [];
	const ordinal = (id: string) => map.levels.find((l) => l.id === id)?.ordinal ?? 0;
	const out: FloorChange[] = [];
	const path = route.path.filter((p) => p.points.length > 0);
	for (let i = 0; i + 1 < path.length; i++) {
		const a = path[i];
		const b = path[i + 1];
		if (a.levelId === b.levelId) continue;
		const up = ordinal(b.levelId) > ordinal(a.levelId);
		if (a.levelId === levelId) out.push({ point: a.points.at(-1)!, levelId: b.levelId, direction: 'leave', up });
		if (b.levelId === levelId) out.push({ point: b.points[0], levelId: a.levelId, direction: 'arrive', up });
	}
	return out;
}

/** Where the route starts and ends, with their levels. */
export function routeEnds(route: Route | null): { start: { levelId: string; point: Point }; end: { levelId: string; point: Point } } | null {
	const path = route?.path.filter((p) => p.points.length > 0) ?? [];
	if (path.length === 0) return null;
	const first = path[0];
	const last = path.at(-1)!;
	return {
		start: { levelId: first.levelId, point: first.points[0] },
		end: { levelId: last.levelId, point: last.points.at(-1)! }
	};
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** An SVG path for a ring or polyline in map metres; SVG's y runs down, the map's north is up. */
export function svgPath(points: Point[], closed: boolean): string {
	if (points.length === 0) return '';
	const d = points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${r1(x)} ${r1(-y)}`).join('');
	return closed ? `${d}Z` : d;
}

/** The SVG viewBox that shows `b` (map metres) with a margin, y flipped as in svgPath. */
export function svgViewBox(b: Bounds, margin: number): string {
	return [b.minX - margin, -b.maxY - margin, b.maxX - b.minX + 2 * margin, b.maxY - b.minY + 2 * margin]
		.map(r1)
		.join(' ');
}

/**
 * A flat strip `width` wide along a polyline, as triangles: WebGL draws lines one pixel wide, and a
 * route must read from across the walkway. Joints are mitred, capped at 2× width at sharp turns.
 */
export function ribbon(points: Point[], width: number): { positions: number[]; indices: number[] } {
	const pts = points.filter((p, i) => i === 0 || p[0] !== points[i - 1][0] || p[1] !== points[i - 1][1]);
	const positions: number[] = [];
	const indices: number[] = [];
	if (pts.length < 2) return { positions, indices };
	const half = width / 2;
	const dir = (a: Point, b: Point): Point => {
		const dx = b[0] - a[0];
		const dy = b[1] - a[1];
		const len = Math.hypot(dx, dy);
		return [dx / len, dy / len];
	};
	for (let i = 0; i < pts.length; i++) {
		const din = i > 0 ? dir(pts[i - 1], pts[i]) : dir(pts[0], pts[1]);
		const dout = i < pts.length - 1 ? dir(pts[i], pts[i + 1]) : din;
		let nx = -(din[1] + dout[1]);
		let ny = din[0] + dout[0];
		let len = Math.hypot(nx, ny);
		if (len < 1e-6) {
			// A U-turn: fall back to the incoming segment's normal.
			nx = -din[1];
			ny = din[0];
			len = 1;
		}
		nx /= len;
		ny /= len;
		// Mitre length grows as 1/cos(half the turn); cap it so a hairpin does not spike.
		const cos = Math.max(0.5, nx * -din[1] + ny * din[0]);
		const m = half / cos;
		const [x, y] = pts[i];
		positions.push(x + nx * m, y + ny * m, x - nx * m, y - ny * m);
		if (i > 0) {
			const k = 2 * i;
			indices.push(k - 2, k - 1, k, k - 1, k + 1, k);
		}
	}
	return { positions, indices };
}

/** A label's screen box, for keeping labels from covering each other. */
export interface LabelBox {
	id: string;
	x: number;
	y: number;
	width: number;
	height: number;
}

/**
 * Keeps the labels that do not overlap one placed before them; callers list the important ones
 * (the destination, "you are here") first.
 */
export function placeLabels(boxes: LabelBox[], gap = 4): Set<string> {
	const placed: LabelBox[] = [];
	for (const b of boxes) {
		const clash = placed.some(
			(p) =>
				Math.abs(p.x - b.x) * 2 < p.width + b.width + 2 * gap &&
				Math.abs(p.y - b.y) * 2 < p.height + b.height + 2 * gap
		);
		if (!clash) placed.push(b);
	}
	return new Set(placed.map((p) => p.id));
}

/** A rough width in px of a label, for placeLabels: CJK glyphs are square, Latin ones about half. */
export function textWidth(text: string, fontPx: number): number {
	let w = 0;
	for (const ch of text) w += /[\u2E80-\uFFEF]/.test(ch) ? fontPx : fontPx * 0.58;
	return w;
}
