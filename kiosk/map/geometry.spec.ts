import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FIXTURE_FLOORS, FIXTURE_MAP, FIXTURE_ROUTE } from './fixture';
import {
	fitOrtho,
	floorChanges,
	levelLabels,
	levelsTopDown,
	placeLabels,
	ribbon,
	rotate,
	routeEnds,
	routeLevels,
	routeOnLevel,
	svgPath,
	svgViewBox,
	viewBounds
} from './geometry';
import type { Mall } from '$protocol';

const mall = { floors: FIXTURE_FLOORS } as Mall;

describe('levels', () => {
	it('lists floors top down with the mall sign labels', () => {
		expect(levelsTopDown(FIXTURE_MAP).map((l) => l.id)).toEqual(['lv-l2', 'lv-l1', 'lv-b1']);
		expect(levelLabels(mall, FIXTURE_MAP)).toEqual({ 'lv-b1': 'B1', 'lv-l1': 'L1', 'lv-l2': 'L2' });
	});
});

describe('route per level', () => {
	it('splits the route into the part on each floor, in walking order', () => {
		expect(routeLevels(FIXTURE_ROUTE)).toEqual(['lv-l1', 'lv-l2']);
		expect(routeOnLevel(FIXTURE_ROUTE, 'lv-l2')).toEqual([[[32, 12], [50, 15]]]);
		expect(routeOnLevel(FIXTURE_ROUTE, 'lv-b1')).toEqual([]);
		expect(routeOnLevel(null, 'lv-l1')).toEqual([]);
	});

	it('marks where the route goes up to L2 and where it arrives from L1', () => {
		expect(floorChanges(FIXTURE_ROUTE, FIXTURE_MAP, 'lv-l1')).toEqual([
			{ point: [32, 12], levelId: 'lv-l2', direction: 'leave', up: true }
		]);
		expect(floorChanges(FIXTURE_ROUTE, FIXTURE_MAP, 'lv-l2')).toEqual([
			{ point: [32, 12], levelId: 'lv-l1', direction: 'arrive', up: true }
		]);
		expect(routeEnds(FIXTURE_ROUTE)).toEqual({
			start: { levelId: 'lv-l1', point: [4, 15] },
			end: { levelId: 'lv-l2', point: [50, 15] }
		});
	});
});

describe('view fitting', () => {
	it('turns the map so the way the shopper faces is up', () => {
		// Facing east (90°): east must end up pointing north on screen.
		const [x, y] = rotate([1, 0], 90);
		expect(x).toBeCloseTo(0);
		expect(y).toBeCloseTo(1);
		const b = viewBounds(FIXTURE_MAP, 90);
		expect(b.maxX - b.minX).toBeCloseTo(30);
		expect(b.maxY - b.minY).toBeCloseTo(60);
	});

	it('fits a wide floor to a portrait view by its width, and keeps the viewport aspect', () => {
		const b = viewBounds(FIXTURE_MAP, 0);
		const f = fitOrtho(b, 1080, 1200, 35, 4, 0);
		expect(f.width).toBeCloseTo(60);
		expect(f.width / f.height).toBeCloseTo(1080 / 1200);
		fc.assert(
			fc.property(fc.integer({ min: 100, max: 3000 }), fc.integer({ min: 100, max: 3000 }), (w, h) => {
				const g = fitOrtho(b, w, h, 35, 4);
				return g.width >= 60 && g.height >= 30 * Math.cos((35 * Math.PI) / 180);
			})
		);
	});
});

describe('svg', () => {
	it('flips y so north is up and closes rings', () => {
		expect(svgPath([[0, 0], [10, 0], [10, 5]], true)).toBe('M0 0L10 0L10 -5Z');
		expect(svgPath([[1.26, 2]], false)).toBe('M1.3 -2');
		expect(svgViewBox({ minX: 0, minY: 0, maxX: 60, maxY: 30 }, 2)).toBe('-2 -32 64 34');
	});
});

describe('ribbon', () => {
	it('makes a straight route a strip of the asked width', () => {
		const { positions, indices } = ribbon([[0, 0], [10, 0]], 2);
		expect(positions).toEqual([0, 1, 0, -1, 10, 1, 10, -1]);
		expect(indices).toHaveLength(6);
	});

	it('keeps the strip width at a right-angle turn and survives repeated points', () => {
		const { positions, indices } = ribbon([[0, 0], [10, 0], [10, 0], [10, 10]], 2);
		expect(positions).toHaveLength(12);
		expect(indices).toHaveLength(12);
		// The corner's outer vertex sits on the mitre, √2 × half-width from the corner.
		const [x, y] = [positions[4] - 10, positions[5]];
		expect(Math.hypot(x, y)).toBeCloseTo(Math.SQRT2);
		expect(positions.every(Number.isFinite)).toBe(true);
	});

	it('never produces a non-finite vertex, even on hairpins', () => {
		const pt = fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 }));
		fc.assert(
			fc.property(fc.array(pt, { minLength: 2, maxLength: 8 }), (pts) =>
				ribbon(pts as [number, number][], 1.5).positions.every(Number.isFinite)
			)
		);
	});
});

describe('placeLabels', () => {
	it('keeps the first of two overlapping labels and any that do not touch', () => {
		const kept = placeLabels([
			{ id: 'dest', x: 100, y: 100, width: 80, height: 30 },
			{ id: 'near', x: 120, y: 110, width: 80, height: 30 },
			{ id: 'far', x: 400, y: 100, width: 80, height: 30 }
		]);
		expect([...kept].sort()).toEqual(['dest', 'far']);
	});
});
