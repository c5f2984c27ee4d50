import { describe, expect, it } from 'vitest';
import { FIXTURE_MAP, FIXTURE_SHOPS } from './fixture';
import { findDestination, highlightUnit, parsePhoneRoute, phoneRouteUrl, reached } from './destination';

describe('findDestination', () => {
	it('finds a shop on the map with its unit and door node', () => {
		const d = findDestination('books', FIXTURE_SHOPS, FIXTURE_MAP);
		expect(d?.kind).toBe('shop');
		expect(d?.levelId).toBe('lv-l2');
		expect(d?.nodeIds).toEqual(['n-l2-c']);
		expect(highlightUnit(d)).toBe('u-l2-01');
	});

	it('still finds a shop that has no unit on the map, with its level but nothing to route to', () => {
		const d = findDestination('orphan', FIXTURE_SHOPS, FIXTURE_MAP);
		expect(d).toMatchObject({ kind: 'shop', levelId: 'lv-l2', nodeIds: [], units: [] });
		expect(highlightUnit(d)).toBeNull();
	});

	it('finds a shop when the mall has no map at all', () => {
		expect(findDestination('tea', FIXTURE_SHOPS, undefined)).toMatchObject({ levelId: null, nodeIds: [] });
	});

	it('finds an amenity by id and nothing for an unknown id', () => {
		expect(findDestination('a-l2-wc', FIXTURE_SHOPS, FIXTURE_MAP)).toMatchObject({
			kind: 'amenity',
			levelId: 'lv-l2',
			nodeIds: ['n-l2-wc']
		});
		expect(findDestination('nope', FIXTURE_SHOPS, FIXTURE_MAP)).toBeNull();
	});
});

describe('phone route URL', () => {
	it('points at the controller and reads back the same query', () => {
		const href = phoneRouteUrl('https://mall.example.com/', {
			deviceId: 'kiosk-demo-1',
			to: 'din-tai-fung',
			stepFree: true,
			locale: 'zh-Hans'
		});
		expect(href).toBe('https://mall.example.com/m/route?k=kiosk-demo-1&to=din-tai-fung&sf=1&l=zh-Hans');
		expect(parsePhoneRoute(new URL(href).searchParams)).toEqual({
			deviceId: 'kiosk-demo-1',
			to: 'din-tai-fung',
			stepFree: true,
			locale: 'zh-Hans'
		});
	});

	it('drops what it cannot trust instead of failing', () => {
		const q = parsePhoneRoute(new URLSearchParams('k=<script>&to=tea&sf=yes&l=fr'));
		expect(q).toEqual({ deviceId: '', to: 'tea', stepFree: false, locale: null });
	});
});

describe('destination with the router', () => {
	it('routes from the kiosk to a shop upstairs, by escalator or, step-free, by elevator', async () => {
		const { Router } = await import('../wayfinding/router');
		const router = new Router(FIXTURE_MAP);
		const dest = findDestination('books', FIXTURE_SHOPS, FIXTURE_MAP)!;
		const walk = router.route('n-l1-k', dest.nodeIds, { stepFree: false });
		const flat = router.route('n-l1-k', dest.nodeIds, { stepFree: true });
		expect(walk?.steps.find((s) => s.kind === 'connector')?.connector?.kind).toBe('escalator');
		expect(flat?.steps.find((s) => s.kind === 'connector')?.connector?.kind).toBe('elevator');
		expect(walk?.path.map((p) => p.levelId)).toEqual(['lv-l1', 'lv-l2']);
	});
});

describe('nearest amenity of a kind', () => {
	it('targets every amenity of the kind and names the one the route reached', () => {
		const map = {
			...FIXTURE_MAP,
			amenities: [
				...FIXTURE_MAP.amenities,
				{ id: 'a-b1-wc', levelId: 'lv-b1', kind: 'toilet' as const, point: [12, 15] as [number, number], nodeId: 'n-b1-a' }
			]
		};
		const dest = findDestination('toilet', FIXTURE_SHOPS, map);
		expect(dest?.nodeIds.sort()).toEqual(['n-b1-a', 'n-l2-wc']);
		const there = reached(dest, map, 'n-b1-a');
		expect(there).toMatchObject({ kind: 'amenity', levelId: 'lv-b1', amenity: { id: 'a-b1-wc' } });
	});
});
