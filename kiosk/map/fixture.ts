import type { Floor, MapData, Shop } from '$protocol';
import type { Route } from '../wayfinding/router';

/**
 * A three-level mall for the map's specs: 60 × 30 m floors, a walkway down the middle, an escalator
 * pair between L1 and L2, an elevator through B1–L2, a kiosk on L1 facing north. Used by specs only.
 */
const OUTLINE: [number, number][] = [
	[0, 0],
	[60, 0],
	[60, 30],
	[0, 30]
];
const rect = (x: number, y: number, w: number, h: number): [number, number][] => [
	[x, y],
	[x + w, y],
	[x + w, y + h],
	[x, y + h]
];

export const FIXTURE_FLOORS: Floor[] = [
	{ id: 'b1', label: 'B1', level: -1, name: { 'zh-Hant': 'B1 美食街', 'zh-Hans': 'B1 美食街', en: 'B1 Food hall' } },
	{ id: 'l1', label: 'L1', level: 0, name: { 'zh-Hant': '1F 精品', 'zh-Hans': '1F 精品', en: 'L1 Boutiques' } },
	{ id: 'l2', label: 'L2', level: 1, name: { 'zh-Hant': '2F 生活', 'zh-Hans': '2F 生活', en: 'L2 Living' } }
];

export const FIXTURE_MAP: MapData = {
	levels: [
		{ id: 'lv-b1', floorId: 'b1', ordinal: -1, outline: OUTLINE },
		{ id: 'lv-l1', floorId: 'l1', ordinal: 0, outline: OUTLINE },
		{ id: 'lv-l2', floorId: 'l2', ordinal: 1, outline: OUTLINE }
	],
	units: [
		{ id: 'u-b1-walk', levelId: 'lv-b1', kind: 'walkway', polygon: rect(0, 12, 60, 6), anchor: [30, 15] },
		{ id: 'u-b1-01', levelId: 'lv-b1', kind: 'shop', shopId: 'noodles', polygon: rect(0, 18, 20, 12), anchor: [10, 24], nodeId: 'n-b1-a' },
		{ id: 'u-b1-lift', levelId: 'lv-b1', kind: 'elevator', polygon: rect(52, 6, 6, 6), anchor: [55, 9] },
		{ id: 'u-l1-walk', levelId: 'lv-l1', kind: 'walkway', polygon: rect(0, 12, 60, 6), anchor: [30, 15] },
		{ id: 'u-l1-01', levelId: 'lv-l1', kind: 'shop', shopId: 'tea', polygon: rect(0, 18, 20, 12), anchor: [10, 24], nodeId: 'n-l1-a' },
		{ id: 'u-l1-02', levelId: 'lv-l1', kind: 'shop', shopId: 'shoes', polygon: rect(20, 18, 20, 12), anchor: [30, 24], nodeId: 'n-l1-b' },
		{ id: 'u-l1-esc', levelId: 'lv-l1', kind: 'escalator', polygon: rect(28, 6, 8, 6), anchor: [32, 9] },
		{ id: 'u-l1-lift', levelId: 'lv-l1', kind: 'elevator', polygon: rect(52, 6, 6, 6), anchor: [55, 9] },
		{ id: 'u-l2-walk', levelId: 'lv-l2', kind: 'walkway', polygon: rect(0, 12, 60, 6), anchor: [30, 15] },
		{ id: 'u-l2-01', levelId: 'lv-l2', kind: 'shop', shopId: 'books', polygon: rect(40, 18, 20, 12), anchor: [50, 24], nodeId: 'n-l2-c' },
		{ id: 'u-l2-wc', levelId: 'lv-l2', kind: 'restroom', polygon: rect(0, 0, 10, 12), anchor: [5, 6] },
		{ id: 'u-l2-esc', levelId: 'lv-l2', kind: 'escalator', polygon: rect(28, 6, 8, 6), anchor: [32, 9] },
		{ id: 'u-l2-lift', levelId: 'lv-l2', kind: 'elevator', polygon: rect(52, 6, 6, 6), anchor: [55, 9] }
	],
	amenities: [
		{ id: 'a-l2-wc', levelId: 'lv-l2', kind: 'toilet', point: [5, 6], nodeId: 'n-l2-wc' },
		{ id: 'a-l1-exit', levelId: 'lv-l1', kind: 'exit', point: [0, 15], nodeId: 'n-l1-exit', name: { 'zh-Hant': '西門', 'zh-Hans': '西门', en: 'West gate' } }
	],
	nodes: [
		{ id: 'n-b1-a', levelId: 'lv-b1', x: 10, y: 15 },
		{ id: 'n-b1-lift', levelId: 'lv-b1', x: 55, y: 15 },
		{ id: 'n-l1-exit', levelId: 'lv-l1', x: 0, y: 15 },
		{ id: 'n-l1-k', levelId: 'lv-l1', x: 4, y: 15 },
		{ id: 'n-l1-a', levelId: 'lv-l1', x: 10, y: 15 },
		{ id: 'n-l1-b', levelId: 'lv-l1', x: 30, y: 15 },
		{ id: 'n-l1-esc', levelId: 'lv-l1', x: 32, y: 12 },
		{ id: 'n-l1-lift', levelId: 'lv-l1', x: 55, y: 15 },
		{ id: 'n-l2-wc', levelId: 'lv-l2', x: 5, y: 15 },
		{ id: 'n-l2-esc', levelId: 'lv-l2', x: 32, y: 12 },
		{ id: 'n-l2-c', levelId: 'lv-l2', x: 50, y: 15 },
		{ id: 'n-l2-lift', levelId: 'lv-l2', x: 55, y: 15 }
	],
	edges: [
		{ a: 'n-b1-a', b: 'n-b1-lift', kind: 'walk' },
		{ a: 'n-l1-exit', b: 'n-l1-k', kind: 'walk' },
		{ a: 'n-l1-k', b: 'n-l1-a', kind: 'walk' },
		{ a: 'n-l1-a', b: 'n-l1-b', kind: 'walk' },
		{ a: 'n-l1-b', b: 'n-l1-esc', kind: 'walk' },
		{ a: 'n-l1-b', b: 'n-l1-lift', kind: 'walk' },
		{ a: 'n-l2-wc', b: 'n-l2-esc', kind: 'walk' },
		{ a: 'n-l2-esc', b: 'n-l2-c', kind: 'walk' },
		{ a: 'n-l2-c', b: 'n-l2-lift', kind: 'walk' },
		{ a: 'n-l1-esc', b: 'n-l2-esc', kind: 'escalator', connector: 'S1', oneway: true },
		{ a: 'n-l2-esc', b: 'n-l1-esc', kind: 'escalator', connector: 'S2', oneway: true },
		{ a: 'n-b1-lift', b: 'n-l1-lift', kind: 'elevator', connector: 'E1' },
		{ a: 'n-l1-lift', b: 'n-l2-lift', kind: 'elevator', connector: 'E1' }
	],
	kiosks: [{ deviceId: 'kiosk-1', levelId: 'lv-l1', point: [4, 14], nodeId: 'n-l1-k', heading: 0 }]
};

const shop = (id: string, floor: string, unit: string, zh: string, en: string): Shop => ({
	id,
	name: { 'zh-Hant': zh, 'zh-Hans': zh, en },
	aliases: [],
	category: 'misc',
	floor,
	unit,
	description: { 'zh-Hant': zh, 'zh-Hans': zh, en },
	logo: { text: en.slice(0, 2), color: '#FFFFFF', background: '#123847' }
});

/** `orphan` has no unit on the map: its page must say where it is in words. */
export const FIXTURE_SHOPS: Shop[] = [
	shop('noodles', 'b1', 'B1-01', '麵館', 'Noodle Bar'),
	shop('tea', 'l1', 'L1-01', '茶舖', 'Tea House'),
	shop('shoes', 'l1', 'L1-02', '鞋店', 'Shoe Store'),
	shop('books', 'l2', 'L2-01', '書店', 'Book Store'),
	shop('orphan', 'l2', 'L2-09', '快閃店', 'Pop-up Store')
];

/** What the router would answer from the kiosk to `books`, walking: along L1, up escalator S1, along L2. */
export const FIXTURE_ROUTE: Route = {
	from: 'n-l1-k',
	to: 'n-l2-c',
	stepFree: false,
	distanceM: 66,
	durationS: 70,
	steps: [
		{ kind: 'walk', levelId: 'lv-l1', distanceM: 29 },
		{ kind: 'connector', levelId: 'lv-l1', distanceM: 8, connector: { kind: 'escalator', name: 'S1', toLevelId: 'lv-l2' } },
		{ kind: 'walk', levelId: 'lv-l2', distanceM: 21 },
		{ kind: 'arrive', levelId: 'lv-l2', distanceM: 0 }
	],
	path: [
		{ levelId: 'lv-l1', points: [[4, 15], [10, 15], [30, 15], [32, 12]] },
		{ levelId: 'lv-l2', points: [[32, 12], [50, 15]] }
	]
};
