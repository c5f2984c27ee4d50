import { describe, it, expect, beforeAll } from 'vitest';
import path from 'node:path';
// The spec loads the demo map exactly as the controller does; the screen code itself never does.
import { loadContent } from '../../controller/content/content.loader.js';
import { loadImdf } from '../../controller/content/imdf.loader.js';
import type { MapData } from '$protocol';
import { Router } from './router';
import { nearestAmenity } from './nearest';

const CONTENT_DIR = path.resolve(import.meta.dirname, '../../content');

let map: MapData;
let router: Router;
let kiosk: string;
beforeAll(async () => {
	const content = await loadContent(CONTENT_DIR);
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

describe('nearestAmenity from the L1 atrium', () => {
	it('finds a toilet on L1, not one on another floor', () => {
		const found = nearestAmenity(router, map, kiosk, 'toilet', { stepFree: false })!;
		expect(found.amenity.kind).toBe('toilet');
		expect(found.amenity.levelId).toBe('level-l1');
		expect(found.route.to).toBe(found.amenity.nodeId);
		expect(found.route.steps.some((s) => s.kind === 'connector')).toBe(false);
	});

	it('sends a step-free shopper to an accessible toilet', () => {
		const found = nearestAmenity(router, map, kiosk, 'toilet', { stepFree: true })!;
		expect(found.amenity.kind).toBe('accessible-toilet');
		expect(found.amenity.levelId).toBe('level-l1');
	});

	it('finds an ATM on another floor, with the floor change in the route', () => {
		const found = nearestAmenity(router, map, kiosk, 'atm', { stepFree: false })!;
		expect(['level-b1', 'level-l3']).toContain(found.amenity.levelId);
		expect(found.route.steps.some((s) => s.kind === 'connector')).toBe(true);
		// No other ATM is quicker to reach.
		for (const atm of map.amenities.filter((a) => a.kind === 'atm')) {
			const r = router.route(kiosk, [atm.nodeId], { stepFree: false })!;
			expect(found.route.durationS).toBeLessThanOrEqual(r.durationS);
		}
	});

	it('answers null for a kind the mall does not have', () => {
		const without = { ...map, amenities: map.amenities.filter((a) => a.kind !== 'nursing-room') };
		expect(nearestAmenity(router, without, kiosk, 'nursing-room', { stepFree: false })).toBeNull();
	});
});
