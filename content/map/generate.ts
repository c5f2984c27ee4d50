import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Floor, Localized, Mall, Shop } from '../../protocol/index.js';
import { centre, geo, levelId, point, polygon, r2, rect, same, slug, type Feature, type Pt } from './geo.js';
import { Walkway, type Connector } from './walkway.js';

/**
 * Writes the demo mall's map as IMDF plus Atrium's walkway and kiosk extensions, from the layout
 * below and the shops in content/shops.json. Deterministic: the same inputs give byte-identical files,
 * so the committed output diffs cleanly. Run: `npx tsx content/map/generate.ts [out-dir]`.
 *
 * The layout is drawn in metres (x east, y north, origin at the venue's display point) and converted to
 * WGS84 at the end. Each floor is a 120 m × 60 m box:
 *
 *   y  30 ┌────┬──────────── north shops (18 m deep) ────────────┬────┐
 *          │ WC │                                                 │ WC │
 *      12 │    ├──────────── north corridor (y = 9) ─────────────┤    │
 *       6 │lob │ west hall │     atrium void      │ east hall │lob │
 *      -6 │ by │ (ES bank) │     (x ±20, y ±6)    │ (ES bank) │ by │
 *     -12 │    ├──────────── south corridor (y = -9) ────────────┤    │
 *          │ S1 │                                                 │    │
 *     -30 └────┴──────────── south shops ─────────────────────────┴────┘
 *        -60  -48                                                 48   60
 *
 * The west core has E1, the stairwell S1, toilets (incl. accessible) and a nursing room; the east core
 * has E2 and toilets (incl. accessible). L1 has entrances north and south of the atrium, B1 a passage to
 * the MRT. Escalator pairs run between adjacent floors, alternating between the west and east banks.
 */

const HALF_W = 60;
const HALF_H = 30;
const BAND_X = 48;
const BAND_INNER_Y = 12;
const CORRIDOR_Y = 9;
const PASSAGE_W = 8;

/** Shops drawn without a unit, so the kiosk's "no geometry" path is exercised (see README). */
const WITHOUT_GEOMETRY = new Set(['fifty-lan']);

/** Frontage by category, relative to an ordinary shop; the band's length is shared out by these. */
const FRONTAGE: Record<string, number> = {
	cinema: 2.4,
	dining: 1.2,
	'books-lifestyle': 1.3,
	sports: 1.2,
	electronics: 1,
	fashion: 1,
	beauty: 0.9,
	cafe: 0.8,
	kids: 1,
	services: 0.45
};
const FRONTAGE_BY_SHOP: Record<string, number> = { 'vieshow-cinemas': 4.5 };

/** IMDF occupant categories are free-form; these follow the spirit of its amenity list. */
const OCCUPANT_CATEGORY: Record<string, string> = {
	dining: 'restaurant',
	cafe: 'cafe',
	fashion: 'clothing',
	beauty: 'beauty',
	cinema: 'entertainment',
	electronics: 'electronics',
	'books-lifestyle': 'lifestyle',
	kids: 'kids',
	sports: 'sports',
	services: 'services'
};

/** Where the entrances are: a passage through a shop band, with the outer opening's name. */
interface Passage {
	side: 'north' | 'south';
	category: 'pedestrian.principal' | 'pedestrian.transit';
	name: Localized;
}
const PASSAGES: Record<string, Passage[]> = {
	B1: [
		{
			side: 'south',
			category: 'pedestrian.transit',
			name: {
				'zh-Hant': '捷運通道（台北101站）',
				'zh-Hans': '捷运通道（台北101站）',
				en: 'MRT passage (Taipei 101 Station)'
			}
		}
	],
	L1: [
		{
			side: 'north',
			category: 'pedestrian.principal',
			name: {
				'zh-Hant': '北側入口（松壽路）',
				'zh-Hans': '北侧入口（松寿路）',
				en: 'North entrance (Songshou Rd)'
			}
		},
		{
			side: 'south',
			category: 'pedestrian.principal',
			name: {
				'zh-Hant': '南側入口（松仁路）',
				'zh-Hans': '南侧入口（松仁路）',
				en: 'South entrance (Songren Rd)'
			}
		}
	]
};

/**
 * The kiosk in the B1 food hall, by the atrium, screen facing the corridor: most shops are a floor
 * change away, so its routes show the mall's level names and the step-free choice matters.
 */
const KIOSK = { deviceId: 'kiosk-demo-1', floor: 'B1', point: [-8, 7] as Pt, heading: 180 };

const ROOT = path.resolve(import.meta.dirname, '..');
// An output directory may be given, so a test can check the committed files are current.
const OUT = process.argv[2] ? path.resolve(process.argv[2]) : import.meta.dirname;


const mall = JSON.parse(readFileSync(path.join(ROOT, 'mall.json'), 'utf8')) as Mall;
const shops = JSON.parse(readFileSync(path.join(ROOT, 'shops.json'), 'utf8')) as Shop[];
const floors = [...mall.floors].sort((a, b) => a.level - b.level);

// ---- features ----

const out = {
	venue: [] as Feature[],
	level: [] as Feature[],
	unit: [] as Feature[],
	opening: [] as Feature[],
	amenity: [] as Feature[],
	anchor: [] as Feature[],
	occupant: [] as Feature[]
};
/** Node references are resolved to ids once the graph is built: features hold their point meanwhile. */
const nodeRefs: { feature: Feature; level: Floor; at: Pt }[] = [];
const refNode = (feature: Feature, level: Floor, at: Pt) => nodeRefs.push({ feature, level, at });
const connectors: Connector[] = [];
const walkway = new Walkway();
const segment = (f: Floor, a: Pt, b: Pt) => walkway.segment(f, a, b);
const attach = (f: Floor, p: Pt, hang = false) => walkway.attach(f, p, hang);

function unit(
	f: Floor,
	id: string,
	category: string,
	ring: Pt[],
	name: Localized | null,
	door?: Pt
): Feature {
	const feature: Feature = {
		type: 'Feature',
		id,
		feature_type: 'unit',
		geometry: polygon(ring),
		properties: {
			category,
			restriction: category === 'nonpublic' ? 'employeesonly' : null,
			accessibility: category.endsWith('.wheelchair') ? ['wheelchair'] : null,
			name,
			alt_name: null,
			level_id: levelId(f),
			display_point: point(centre(ring))
		}
	};
	out.unit.push(feature);
	if (door) refNode(feature, f, attach(f, door));
	return feature;
}

function opening(
	f: Floor,
	id: string,
	category: string,
	a: Pt,
	b: Pt,
	name: Localized | null = null
): Feature {
	const feature: Feature = {
		type: 'Feature',
		id,
		feature_type: 'opening',
		geometry: { type: 'LineString', coordinates: [geo(a), geo(b)] },
		properties: {
			category,
			accessibility: null,
			access_control: null,
			door:
				category === 'pedestrian' ? null : { type: 'movable', automatic: true, material: 'glass' },
			name,
			alt_name: null,
			display_point: point([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]),
			level_id: levelId(f)
		}
	};
	out.opening.push(feature);
	return feature;
}

function amenity(
	f: Floor,
	id: string,
	category: string,
	at: Pt,
	unitIds: string[],
	name: Localized | null,
	node: Pt
): void {
	const feature: Feature = {
		type: 'Feature',
		id,
		feature_type: 'amenity',
		geometry: point(at),
		properties: {
			category,
			accessibility:
				category.endsWith('.wheelchair') || category === 'elevator' ? ['wheelchair'] : null,
			name,
			alt_name: null,
			hours: null,
			phone: null,
			website: null,
			unit_ids: unitIds,
			address_id: null,
			correlation_id: null
		}
	};
	out.amenity.push(feature);
	refNode(feature, f, node);
}

/** A room off a walkway: the unit, its door (opening) and the walkway node in front of it. */
function room(
	f: Floor,
	id: string,
	category: string,
	ring: Pt[],
	name: Localized | null,
	doorA: Pt,
	doorB: Pt
) {
	const door: Pt = [(doorA[0] + doorB[0]) / 2, (doorA[1] + doorB[1]) / 2];
	const feature = unit(f, id, category, ring, name, door);
	opening(f, id.replace(/^unit-/, 'opening-'), 'pedestrian', doorA, doorB);
	return { feature, node: attach(f, door) };
}

const WC = {
	male: { 'zh-Hant': '男廁', 'zh-Hans': '男厕', en: 'Men’s toilets' },
	female: { 'zh-Hant': '女廁', 'zh-Hans': '女厕', en: 'Women’s toilets' },
	accessible: { 'zh-Hant': '無障礙廁所', 'zh-Hans': '无障碍厕所', en: 'Accessible toilet' },
	nursing: { 'zh-Hant': '哺乳室', 'zh-Hans': '母婴室', en: 'Nursing room' },
	info: { 'zh-Hant': '服務台', 'zh-Hans': '服务台', en: 'Information' },
	atm: { 'zh-Hant': '提款機', 'zh-Hans': '自动取款机', en: 'ATM' }
} satisfies Record<string, Localized>;

function core(f: Floor, side: 'west' | 'east') {
	const s = side === 'west' ? -1 : 1;
	const w = side[0];
	const lid = f.id;
	// Sorted so the outer wall comes first whichever side this is.
	const xs = (a: number, b: number): [number, number] => [
		Math.min(s * a, s * b),
		Math.max(s * a, s * b)
	];
	const lobbyX = s * 52;
	segment(f, [lobbyX, -15], [lobbyX, 15]);
	segment(f, [s * 57, 15], [s * 51, 15]);
	segment(f, [s * 57, -15], [s * 51, -15]);
	const [ox0, ox1] = xs(60, 48);
	const [cx0, cx1] = xs(60, 56);
	const lobby: Pt[] =
		side === 'west'
			? [
					[-60, 18],
					[-48, 18],
					[-48, -18],
					[-60, -18],
					[-60, -14],
					[-56, -14],
					[-56, 14],
					[-60, 14]
				]
			: [
					[60, 18],
					[48, 18],
					[48, -18],
					[60, -18],
					[60, -14],
					[56, -14],
					[56, 14],
					[60, 14]
				];
	unit(f, `unit-${lid}-lobby-${w}`, 'walkway', lobby, null);

	const [mx0, mx1] = xs(60, 54);
	const [fx0, fx1] = xs(54, 48);
	for (const [sex, x0, x1] of [
		['male', mx0, mx1],
		['female', fx0, fx1]
	] as const) {
		const id = `unit-${lid}-wc-${w}-${sex[0]}`;
		const r = room(
			f,
			id,
			`restroom.${sex}`,
			rect(x0, 18, x1, 30),
			WC[sex],
			[x0 + 1.5, 18],
			[x1 - 1.5, 18]
		);
		amenity(
			f,
			`amenity-${lid}-wc-${w}-${sex[0]}`,
			`restroom.${sex}`,
			centre(rect(x0, 18, x1, 30)),
			[id],
			WC[sex],
			r.node
		);
	}
	const innerX = s * 56;
	const acc = room(
		f,
		`unit-${lid}-wc-${w}-a`,
		'restroom.unisex.wheelchair',
		rect(cx0, 6, cx1, 14),
		WC.accessible,
		[innerX, 8],
		[innerX, 12]
	);
	amenity(
		f,
		`amenity-${lid}-wc-${w}-a`,
		'restroom.unisex.wheelchair',
		centre(rect(cx0, 6, cx1, 14)),
		[`unit-${lid}-wc-${w}-a`],
		WC.accessible,
		acc.node
	);

	const elevator = side === 'west' ? 'E1' : 'E2';
	const car = rect(cx0, -4, cx1, 4);
	const carId = `unit-${lid}-${elevator.toLowerCase()}`;
	unit(f, carId, 'elevator', car, same(elevator));
	opening(
		f,
		`opening-${lid}-${elevator.toLowerCase()}`,
		'pedestrian',
		[innerX, -1.5],
		[innerX, 1.5]
	);
	const stop: Pt = [s * 58, 0];
	attach(f, stop, true);
	amenity(
		f,
		`amenity-${lid}-${elevator.toLowerCase()}`,
		'elevator',
		stop,
		[carId],
		same(elevator),
		stop
	);

	if (side === 'west') {
		const nursing = room(
			f,
			`unit-${lid}-nursing`,
			'mothersroom',
			rect(cx0, -14, cx1, -6),
			WC.nursing,
			[innerX, -12],
			[innerX, -8]
		);
		amenity(
			f,
			`amenity-${lid}-nursing`,
			'mothersroom',
			centre(rect(cx0, -14, cx1, -6)),
			[`unit-${lid}-nursing`],
			WC.nursing,
			nursing.node
		);
		const well = rect(-60, -30, -48, -18);
		const wellId = `unit-${lid}-s1`;
		unit(f, wellId, 'stairs', well, same('S1'));
		opening(f, `opening-${lid}-s1`, 'pedestrian', [-56, -18], [-52, -18]);
		const landing: Pt = [-54, -22];
		attach(f, landing, true);
		amenity(f, `amenity-${lid}-s1`, 'stairs', landing, [wellId], same('S1'), landing);
	} else {
		unit(f, `unit-${lid}-service-e`, 'nonpublic', rect(cx0, -14, cx1, -6), null);
		unit(f, `unit-${lid}-storage-e`, 'nonpublic', rect(ox0, -30, ox1, -18), null);
	}
}

/** Shops along one band, west to east (north) or east to west (south), with any entrance passage. */
function band(f: Floor, side: 'north' | 'south', bandShops: Shop[], passage: Passage | undefined) {
	const sign = side === 'north' ? 1 : -1;
	const items: ({ shop: Shop } | { passage: Passage })[] = bandShops.map((shop) => ({ shop }));
	if (passage) items.splice(Math.ceil(items.length / 2), 0, { passage });
	const weight = (s: Shop) => FRONTAGE_BY_SHOP[s.id] ?? FRONTAGE[s.category] ?? 1;
	const total = bandShops.reduce((n, s) => n + weight(s), 0);
	const perWeight = (2 * BAND_X - (passage ? PASSAGE_W : 0)) / total;
	let cursor = -BAND_X;
	if (side === 'south') items.reverse();
	for (const item of items) {
		const width = 'shop' in item ? weight(item.shop) * perWeight : PASSAGE_W;
		const x0 = r2(cursor);
		const x1 = r2(cursor + width);
		cursor += width;
		const front = sign * BAND_INNER_Y;
		if ('passage' in item) {
			const ring = side === 'north' ? rect(x0, front, x1, HALF_H) : rect(x0, -HALF_H, x1, front);
			const id = `unit-${f.id}-passage-${side[0]}`;
			unit(f, id, 'walkway', ring, null);
			const mid = r2((x0 + x1) / 2);
			const outer: Pt = [mid, sign * (HALF_H - 1)];
			segment(f, [mid, sign * CORRIDOR_Y], outer);
			const o = opening(
				f,
				`opening-${f.id}-exit-${side[0]}`,
				item.passage.category,
				[x0 + 1, sign * HALF_H],
				[x1 - 1, sign * HALF_H],
				item.passage.name
			);
			refNode(o, f, outer);
			continue;
		}
		const shop = item.shop;
		const depth = shop.category === 'services' ? 8 : HALF_H - BAND_INNER_Y;
		const ring =
			side === 'north' ? rect(x0, front, x1, front + depth) : rect(x0, front - depth, x1, front);
		const id = `unit-${slug(shop.unit)}`;
		const doorHalf = Math.min(2, (x1 - x0) / 4);
		const mid = r2((x0 + x1) / 2);
		const r = room(
			f,
			id,
			'room',
			ring,
			same(shop.unit),
			[mid - doorHalf, front],
			[mid + doorHalf, front]
		);
		const label = centre(ring);
		const anchorId = `anchor-${shop.id}`;
		out.anchor.push({
			type: 'Feature',
			id: anchorId,
			feature_type: 'anchor',
			geometry: point(label),
			properties: { address_id: null, unit_id: id }
		});
		out.occupant.push({
			type: 'Feature',
			id: `occupant-${shop.id}`,
			feature_type: 'occupant',
			geometry: null,
			properties: {
				category: OCCUPANT_CATEGORY[shop.category] ?? 'unspecified',
				name: shop.name,
				phone: shop.phone ?? null,
				website: null,
				hours: null,
				validity: null,
				anchor_id: anchorId,
				correlation_id: null,
				'ext:atrium_shop_id': shop.id
			}
		});
		if (shop.id.startsWith('atm-'))
			amenity(f, `amenity-${shop.id}`, 'atm', label, [id], WC.atm, r.node);
		if (shop.id === 'customer-service')
			amenity(f, 'amenity-info-l1', 'information', label, [id], WC.info, r.node);
	}
}

// ---- the building ----

const outline = rect(-HALF_W, -HALF_H, HALF_W, HALF_H);
out.venue.push({
	type: 'Feature',
	id: `venue-${mall.id}`,
	feature_type: 'venue',
	geometry: polygon(outline),
	properties: {
		category: 'shoppingcenter',
		restriction: null,
		name: mall.name,
		alt_name: null,
		hours: 'Mo-Th,Su 11:00-21:30; Fr,Sa 11:00-22:00',
		phone: null,
		website: null,
		display_point: point([0, 0]),
		address_id: null
	}
});

for (const f of floors) {
	out.level.push({
		type: 'Feature',
		id: levelId(f),
		feature_type: 'level',
		geometry: polygon(outline),
		properties: {
			category: 'unspecified',
			restriction: null,
			outdoor: false,
			ordinal: f.level,
			name: f.name,
			short_name: same(f.label),
			display_point: point([0, 0]),
			address_id: null,
			building_ids: null
		}
	});
	// The corridors, the hall lines either side of the atrium, and the lobby lines in the cores.
	segment(f, [-52, CORRIDOR_Y], [52, CORRIDOR_Y]);
	segment(f, [-52, -CORRIDOR_Y], [52, -CORRIDOR_Y]);
	for (const x of [-46, -24, 24, 46]) segment(f, [x, -CORRIDOR_Y], [x, CORRIDOR_Y]);
	unit(f, `unit-${f.id}-corridor-n`, 'walkway', rect(-BAND_X, 6, BAND_X, BAND_INNER_Y), null);
	unit(f, `unit-${f.id}-corridor-s`, 'walkway', rect(-BAND_X, -BAND_INNER_Y, BAND_X, -6), null);
	unit(f, `unit-${f.id}-hall-w`, 'walkway', rect(-BAND_X, -6, -20, 6), null);
	unit(f, `unit-${f.id}-hall-e`, 'walkway', rect(20, -6, BAND_X, 6), null);
	const bottom = f === floors[0];
	unit(f, `unit-${f.id}-atrium`, bottom ? 'walkway' : 'opentobelow', rect(-20, -6, 20, 6), null);
	core(f, 'west');
	core(f, 'east');
	const mine = shops
		.filter((s) => s.floor === f.id && !WITHOUT_GEOMETRY.has(s.id))
		.sort((a, b) => a.unit.localeCompare(b.unit, 'en', { numeric: true }));
	const half = Math.ceil(mine.length / 2);
	const passages = PASSAGES[f.label] ?? [];
	band(
		f,
		'north',
		mine.slice(0, half),
		passages.find((p) => p.side === 'north')
	);
	band(
		f,
		'south',
		mine.slice(half),
		passages.find((p) => p.side === 'south')
	);
}

// Elevators serve every floor; a ride is one edge per pair of floors so no stop is implied between.
for (const [name, x] of [
	['E1', -58],
	['E2', 58]
] as const) {
	for (let i = 0; i < floors.length; i++) {
		for (let k = i + 1; k < floors.length; k++) {
			connectors.push({
				kind: 'elevator',
				name,
				from: [floors[i], [x, 0]],
				to: [floors[k], [x, 0]],
				oneway: false
			});
		}
	}
}
// Stairs S1: one flight per pair of adjacent floors.
for (let i = 0; i + 1 < floors.length; i++) {
	connectors.push({
		kind: 'stairs',
		name: 'S1',
		from: [floors[i], [-54, -22]],
		to: [floors[i + 1], [-54, -22]],
		oneway: false
	});
}
// Escalator pairs: ES1/ES2 between the lowest two floors, ES3/ES4 above, …; banks alternate sides so a
// shopper crosses the atrium between flights, as in most malls.
for (let i = 0; i + 1 < floors.length; i++) {
	const lower = floors[i];
	const upper = floors[i + 1];
	const s = i % 2 === 0 ? -1 : 1;
	const bank = s < 0 ? rect(-42, -3, -28, 3) : rect(28, -3, 42, 3);
	const foot = s * 43;
	const head = s * 27;
	const up = `ES${2 * i + 1}`;
	const down = `ES${2 * i + 2}`;
	for (const f of [lower, upper]) {
		const id = `unit-${f.id}-es-${up.toLowerCase()}-${down.toLowerCase()}`;
		unit(f, id, 'escalator', bank, same(`${up}/${down}`));
		const at: Pt = f === lower ? [foot, 0] : [head, 0];
		amenity(
			f,
			`amenity-${f.id}-${up.toLowerCase()}-${down.toLowerCase()}`,
			'escalator',
			at,
			[id],
			same(`${up}/${down}`),
			[at[0], -1.5]
		);
	}
	const upFoot: Pt = [foot, -1.5];
	const upHead: Pt = [head, -1.5];
	const downHead: Pt = [head, 1.5];
	const downFoot: Pt = [foot, 1.5];
	attach(lower, upFoot, true);
	attach(upper, upHead, true);
	attach(upper, downHead, true);
	attach(lower, downFoot, true);
	connectors.push({
		kind: 'escalator',
		name: up,
		from: [lower, upFoot],
		to: [upper, upHead],
		oneway: true
	});
	connectors.push({
		kind: 'escalator',
		name: down,
		from: [upper, downHead],
		to: [lower, downFoot],
		oneway: true
	});
}

const kioskFloor = floors.find((f) => f.label === KIOSK.floor)!;
const kioskNode = attach(kioskFloor, KIOSK.point);

// ---- walkway extension ----

const { nodes, edges, nodeAt } = walkway.features(floors, connectors);
for (const ref of nodeRefs) {
	const id = nodeAt(ref.level, ref.at);
	if (!id)
		throw new Error(`feature ${String(ref.feature.id)} refers to a point off the walkway graph`);
	(ref.feature.properties as Record<string, unknown>)['ext:atrium_node_id'] = id;
}

const kiosks: Feature[] = [
	{
		type: 'Feature',
		id: KIOSK.deviceId,
		feature_type: 'x-atrium-kiosk',
		geometry: point(KIOSK.point),
		properties: {
			device_id: KIOSK.deviceId,
			level_id: levelId(kioskFloor),
			node_id: nodeAt(kioskFloor, kioskNode),
			heading: KIOSK.heading
		}
	}
];

// ---- write ----

// One feature per line: readable, and a change to one shop is a one-line diff.
function collection(features: Feature[]): string {
	return `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}
const files: Record<string, Feature[]> = {
	'venue.geojson': out.venue,
	'level.geojson': out.level,
	'unit.geojson': out.unit,
	'opening.geojson': out.opening,
	'amenity.geojson': out.amenity,
	'anchor.geojson': out.anchor,
	'occupant.geojson': out.occupant,
	'x-atrium-walkway.geojson': [...nodes, ...edges],
	'x-atrium-kiosk.geojson': kiosks
};
for (const [name, features] of Object.entries(files))
	writeFileSync(path.join(OUT, name), collection(features));
writeFileSync(
	path.join(OUT, 'manifest.json'),
	JSON.stringify(
		{
			version: '1.0.0',
			created: '2025-01-01T00:00:00Z',
			generated_by: 'Atrium content/map/generate.ts',
			language: 'zh-Hant',
			extensions: { atrium: { files: ['x-atrium-walkway.geojson', 'x-atrium-kiosk.geojson'] } }
		},
		null,
		'\t'
	) + '\n'
);
console.log(
	`content/map: ${out.level.length} levels, ${out.unit.length} units, ${out.occupant.length} occupants, ${out.amenity.length} amenities, ${nodes.length} nodes, ${edges.length} edges`
);
