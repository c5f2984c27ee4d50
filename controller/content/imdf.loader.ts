import { z } from 'zod';
import {
	LOCALES,
	MapData,
	type AmenityKind,
	type Floor,
	type Localized,
	type MapAmenity,
	type MapEdge,
	type MapKiosk,
	type MapLevel,
	type MapNode,
	type MapUnit,
	type Shop
} from '../../protocol/index.js';
import {
	KINDS,
	Manifest,
	MapError,
	issueText,
	readFeatures,
	readJson,
	type Geometry,
	type Kind,
	type Parsed
} from './imdf.read.js';

export { MapError };

/**
 * Imports the mall's map from IMDF (Apple's Indoor Mapping Data Format) plus Atrium's walkway and kiosk
 * extensions into `MapData`. content/map/README.md documents the mapping feature by feature.
 */

const EARTH_RADIUS_M = 6_371_008.8;

/**
 * Metres per degree of longitude and of latitude at a latitude. Equirectangular around the venue is
 * off by well under a centimetre across a mall; the generator uses the same numbers to go back.
 */
export function metresPerDegree(lat: number): [number, number] {
	const perDegree = (EARTH_RADIUS_M * Math.PI) / 180;
	return [perDegree * Math.cos((lat * Math.PI) / 180), perDegree];
}

/** Beyond this a coordinate is not in the mall: usually longitude and latitude swapped. */
const MAX_SPAN_M = 5_000;

export const MAP_FILES = [
	'manifest.json',
	'venue.geojson',
	'level.geojson',
	'unit.geojson',
	'opening.geojson',
	'amenity.geojson',
	'anchor.geojson',
	'occupant.geojson',
	'x-atrium-walkway.geojson',
	'x-atrium-kiosk.geojson'
] as const;

// ---- IMDF categories → MapData kinds ----

const WALKWAY_UNITS = new Set([
	'walkway',
	'walkway.island',
	'footbridge',
	'lobby',
	'ramp',
	'movingwalkway',
	'unenclosedarea',
	'platform'
]);
const NONPUBLIC_UNITS = new Set([
	'nonpublic',
	'structure',
	'column',
	'storage',
	'serverroom',
	'mailroom',
	'kitchen',
	'brick',
	'concrete',
	'drywall',
	'glass',
	'wood'
]);
/** A hole in the floor: drawn as nothing (MapData has no kind for it). */
const SKIPPED_UNITS = new Set(['opentobelow']);

function unitKind(
	category: string,
	restriction: string | null | undefined,
	occupied: boolean
): MapUnit['kind'] {
	if (occupied) return 'shop';
	if (category.startsWith('restroom')) return 'restroom';
	if (category === 'elevator' || category === 'escalator') return category;
	if (category === 'stairs' || category === 'steps') return 'stairs';
	if (WALKWAY_UNITS.has(category)) return 'walkway';
	if (NONPUBLIC_UNITS.has(category) || restriction === 'employeesonly') return 'nonpublic';
	return 'service';
}

function amenityKind(category: string): AmenityKind | null {
	if (category.startsWith('restroom'))
		return category.includes('wheelchair') ? 'accessible-toilet' : 'toilet';
	if (category === 'mothersroom' || category === 'babychanging') return 'nursing-room';
	if (category === 'atm') return 'atm';
	if (category === 'information' || category === 'guestservices') return 'info';
	if (category === 'elevator' || category === 'escalator' || category === 'stairs') return category;
	return null;
}

/** Openings that lead out of the building: routable as "exit". */
const EXIT_OPENINGS = new Set(['pedestrian.principal', 'pedestrian.transit']);

/** IMDF labels are keyed by language tag; the screens need all three of theirs. */
function localized(labels: Record<string, string> | null | undefined): Localized | undefined {
	if (!labels) return undefined;
	const pick = (...tags: string[]) => tags.map((t) => labels[t]).find((v) => v !== undefined);
	const any = Object.values(labels)[0];
	if (any === undefined) return undefined;
	const en = pick('en', 'en-US', 'en-GB') ?? any;
	const hant = pick('zh-Hant', 'zh-TW', 'zh-HK') ?? pick('zh') ?? en;
	const hans = pick('zh-Hans', 'zh-CN', 'zh-SG') ?? pick('zh') ?? hant;
	const out = { 'zh-Hant': hant, 'zh-Hans': hans, en } satisfies Localized;
	return LOCALES.every((l) => out[l]) ? out : undefined;
}

// ---- the import ----

/**
 * Reads an IMDF archive directory (unzipped) with Atrium's extensions, checks every feature and the
 * walkway graph, and returns the map in metres. `floors` and `shops` are the validated content: levels
 * are matched to floors by label, occupants to shops by `ext:atrium_shop_id` (or exact name).
 */
export async function loadImdf(dir: string, floors: Floor[], shops: Shop[]): Promise<MapData> {
	const manifest = Manifest.safeParse(await readJson(dir, 'manifest.json'));
	if (!manifest.success)
		throw new MapError(dir, 'manifest.json', null, issueText(manifest.error, ''));

	const one = async <P extends z.ZodType>(file: string, k: Kind<P>) =>
		(await readFeatures(dir, file, [k])).get(k.featureType)!;
	const venues = await one('venue.geojson', KINDS.venue);
	const levelFs = await one('level.geojson', KINDS.level);
	const unitFs = await one('unit.geojson', KINDS.unit);
	const openingFs = await one('opening.geojson', KINDS.opening);
	const amenityFs = await one('amenity.geojson', KINDS.amenity);
	const anchorFs = await one('anchor.geojson', KINDS.anchor);
	const occupantFs = await one('occupant.geojson', KINDS.occupant);
	const walkway = await readFeatures(dir, 'x-atrium-walkway.geojson', [
		KINDS.node,
		KINDS.edge
	] as Kind<z.ZodType>[]);
	const nodeFs = walkway.get(KINDS.node.featureType) as Parsed<
		z.output<typeof KINDS.node.properties>
	>[];
	const edgeFs = walkway.get(KINDS.edge.featureType) as Parsed<
		z.output<typeof KINDS.edge.properties>
	>[];
	const kioskFs = await one('x-atrium-kiosk.geojson', KINDS.kiosk);

	// IMDF ids are unique across the whole archive, not just within a file.
	const seen = new Map<string, string>();
	const files: [string, { id: string }[]][] = [
		['venue.geojson', venues],
		['level.geojson', levelFs],
		['unit.geojson', unitFs],
		['opening.geojson', openingFs],
		['amenity.geojson', amenityFs],
		['anchor.geojson', anchorFs],
		['occupant.geojson', occupantFs],
		['x-atrium-walkway.geojson', [...nodeFs, ...edgeFs]],
		['x-atrium-kiosk.geojson', kioskFs]
	];
	for (const [file, features] of files) {
		for (const f of features) {
			const other = seen.get(f.id);
			if (other) throw new MapError(dir, file, f.id, `duplicate id (also in ${other})`);
			seen.set(f.id, file);
		}
	}

	if (venues.length !== 1) {
		throw new MapError(
			dir,
			'venue.geojson',
			null,
			`expected exactly one venue, found ${venues.length}`
		);
	}
	const venue = venues[0];
	const origin =
		venue.properties.display_point?.coordinates ?? centroid(outerRing(venue.geometry!));
	const [mx, my] = metresPerDegree(origin[1]);
	const project = (file: string, id: string, p: readonly number[]): [number, number] => {
		const x = (p[0] - origin[0]) * mx;
		const y = (p[1] - origin[1]) * my;
		if (Math.hypot(x, y) > MAX_SPAN_M) {
			throw new MapError(
				dir,
				file,
				id,
				`coordinates [${p[0]}, ${p[1]}] lie ${Math.round(Math.hypot(x, y) / 1000)} km from the venue (longitude first, then latitude)`
			);
		}
		return [round2(x), round2(y)];
	};
	const ring = (file: string, id: string, g: Geometry): [number, number][] => {
		const pts = outerRing(g).map((p) => project(file, id, p));
		const closed = pts.length > 1 && pts[0][0] === pts.at(-1)![0] && pts[0][1] === pts.at(-1)![1];
		const open = closed ? pts.slice(0, -1) : pts;
		if (open.length < 3)
			throw new MapError(dir, file, id, 'geometry: a polygon needs at least 3 distinct corners');
		return open;
	};

	// Levels ↔ floors by the label on the signs.
	const levels: MapLevel[] = [];
	const levelFloor = new Map<string, Floor>();
	const floorLevel = new Map<string, string>();
	for (const f of levelFs) {
		const names = Object.values(f.properties.short_name).map((s) => s.trim().toUpperCase());
		const floor = floors.find((fl) => names.includes(fl.label.toUpperCase()));
		if (!floor) {
			throw new MapError(
				dir,
				'level.geojson',
				f.id,
				`short_name: no floor in mall.json is labelled ${JSON.stringify(Object.values(f.properties.short_name)[0] ?? '')}`
			);
		}
		if (floor.level !== f.properties.ordinal) {
			throw new MapError(
				dir,
				'level.geojson',
				f.id,
				`ordinal: ${f.properties.ordinal}, but floor ${floor.label} is level ${floor.level} in mall.json`
			);
		}
		const other = floorLevel.get(floor.id);
		if (other)
			throw new MapError(
				dir,
				'level.geojson',
				f.id,
				`floor ${floor.label} is already level '${other}'`
			);
		floorLevel.set(floor.id, f.id);
		levelFloor.set(f.id, floor);
		levels.push({
			id: f.id,
			floorId: floor.id,
			ordinal: f.properties.ordinal,
			outline: ring('level.geojson', f.id, f.geometry!)
		});
	}
	levels.sort((a, b) => a.ordinal - b.ordinal);
	const knownLevel = (file: string, id: string, levelId: string, field = 'level_id') => {
		if (!levelFloor.has(levelId))
			throw new MapError(dir, file, id, `${field}: unknown level '${levelId}'`);
	};

	// The walkway graph first: everything else hangs off its nodes.
	const nodes: MapNode[] = [];
	const nodeLevel = new Map<string, string>();
	for (const f of nodeFs) {
		knownLevel('x-atrium-walkway.geojson', f.id, f.properties.level_id);
		const [x, y] = project('x-atrium-walkway.geojson', f.id, f.geometry!.coordinates as number[]);
		nodes.push({ id: f.id, levelId: f.properties.level_id, x, y });
		nodeLevel.set(f.id, f.properties.level_id);
	}
	const edges: MapEdge[] = [];
	for (const f of edgeFs) {
		const p = f.properties;
		for (const end of ['from', 'to'] as const) {
			if (!nodeLevel.has(p[end]))
				throw new MapError(
					dir,
					'x-atrium-walkway.geojson',
					f.id,
					`${end}: unknown node '${p[end]}'`
				);
		}
		if (p.from === p.to)
			throw new MapError(dir, 'x-atrium-walkway.geojson', f.id, 'from and to are the same node');
		if (p.kind !== 'walk' && nodeLevel.get(p.from) === nodeLevel.get(p.to)) {
			throw new MapError(
				dir,
				'x-atrium-walkway.geojson',
				f.id,
				`kind: a ${p.kind} must connect two levels`
			);
		}
		const edge: MapEdge = { a: p.from, b: p.to, kind: p.kind };
		if (p.connector) edge.connector = p.connector;
		if (p.oneway) edge.oneway = true;
		edges.push(edge);
	}
	const nodeOn = (file: string, id: string, field: string, nodeId: string, levelId: string) => {
		const at = nodeLevel.get(nodeId);
		if (at === undefined) throw new MapError(dir, file, id, `${field}: unknown node '${nodeId}'`);
		if (at !== levelId)
			throw new MapError(
				dir,
				file,
				id,
				`${field}: node '${nodeId}' is on level '${at}', not '${levelId}'`
			);
	};

	// Occupants → anchors → units: which shop is where.
	const anchors = new Map(anchorFs.map((a) => [a.id, a]));
	const unitIds = new Set(unitFs.map((u) => u.id));
	for (const a of anchorFs) {
		if (!unitIds.has(a.properties.unit_id))
			throw new MapError(
				dir,
				'anchor.geojson',
				a.id,
				`unit_id: unknown unit '${a.properties.unit_id}'`
			);
	}
	const shopsById = new Map(shops.map((s) => [s.id, s]));
	const occupied = new Map<string, { shop: Shop; label: readonly number[]; occupant: string }>();
	for (const o of occupantFs) {
		const anchor = anchors.get(o.properties.anchor_id);
		if (!anchor)
			throw new MapError(
				dir,
				'occupant.geojson',
				o.id,
				`anchor_id: unknown anchor '${o.properties.anchor_id}'`
			);
		const shopId = o.properties['ext:atrium_shop_id'];
		let shop: Shop | undefined;
		if (shopId) {
			shop = shopsById.get(shopId);
			if (!shop)
				throw new MapError(
					dir,
					'occupant.geojson',
					o.id,
					`ext:atrium_shop_id: unknown shop '${shopId}'`
				);
		} else {
			// A plain IMDF archive has no shop ids; a tenant whose name is exactly a shop's is that shop.
			const names = o.properties.name;
			shop = shops.find(
				(s) => LOCALES.some((l) => names[l] === s.name[l]) || names.en === s.name.en
			);
			if (!shop) continue;
		}
		const unitId = anchor.properties.unit_id;
		const prior = occupied.get(unitId);
		if (prior) {
			throw new MapError(
				dir,
				'occupant.geojson',
				o.id,
				`unit '${unitId}' is already occupied by '${prior.occupant}'`
			);
		}
		occupied.set(unitId, { shop, label: anchor.geometry!.coordinates as number[], occupant: o.id });
	}

	const units: MapUnit[] = [];
	for (const f of unitFs) {
		const p = f.properties;
		knownLevel('unit.geojson', f.id, p.level_id);
		const occupant = occupied.get(f.id);
		if (occupant) {
			const floor = levelFloor.get(p.level_id)!;
			if (occupant.shop.floor !== floor.id) {
				throw new MapError(
					dir,
					'occupant.geojson',
					occupant.occupant,
					`shop '${occupant.shop.id}' is on floor '${occupant.shop.floor}' in shops.json, but its unit '${f.id}' is on ${floor.label}`
				);
			}
		}
		const polygon = ring('unit.geojson', f.id, f.geometry!);
		if (SKIPPED_UNITS.has(p.category) && !occupant) continue;
		const label = occupant?.label ?? p.display_point?.coordinates;
		const unit: MapUnit = {
			id: f.id,
			levelId: p.level_id,
			kind: unitKind(p.category, p.restriction, occupant !== undefined),
			polygon,
			anchor: label
				? project('unit.geojson', f.id, label)
				: (centroid(polygon).map(round2) as [number, number])
		};
		if (occupant) unit.shopId = occupant.shop.id;
		const nodeId = p['ext:atrium_node_id'];
		if (nodeId) {
			nodeOn('unit.geojson', f.id, 'ext:atrium_node_id', nodeId, p.level_id);
			unit.nodeId = nodeId;
		}
		units.push(unit);
	}
	const unitLevel = new Map(unitFs.map((u) => [u.id, u.properties.level_id]));

	const amenities: MapAmenity[] = [];
	for (const f of amenityFs) {
		const p = f.properties;
		const kind = amenityKind(p.category);
		p.unit_ids.forEach((u, i) => {
			if (!unitLevel.has(u))
				throw new MapError(dir, 'amenity.geojson', f.id, `unit_ids[${i}]: unknown unit '${u}'`);
		});
		if (!kind) continue;
		const levelId = unitLevel.get(p.unit_ids[0])!;
		const nodeId = p['ext:atrium_node_id'];
		if (!nodeId)
			throw new MapError(
				dir,
				'amenity.geojson',
				f.id,
				`ext:atrium_node_id: missing; a ${kind} needs its walkway node to be routed to`
			);
		nodeOn('amenity.geojson', f.id, 'ext:atrium_node_id', nodeId, levelId);
		const amenity: MapAmenity = {
			id: f.id,
			levelId,
			kind,
			point: project('amenity.geojson', f.id, f.geometry!.coordinates as number[]),
			nodeId
		};
		const name = localized(p.name);
		if (name) amenity.name = name;
		amenities.push(amenity);
	}
	for (const f of openingFs) {
		const p = f.properties;
		knownLevel('opening.geojson', f.id, p.level_id);
		if (!EXIT_OPENINGS.has(p.category)) continue;
		const nodeId = p['ext:atrium_node_id'];
		if (!nodeId)
			throw new MapError(
				dir,
				'opening.geojson',
				f.id,
				'ext:atrium_node_id: missing; an entrance needs its walkway node to be routed to'
			);
		nodeOn('opening.geojson', f.id, 'ext:atrium_node_id', nodeId, p.level_id);
		const line = f.geometry!.coordinates as number[][];
		const mid = p.display_point?.coordinates ?? line[0].map((v, i) => (v + line.at(-1)![i]) / 2);
		const exit: MapAmenity = {
			id: f.id,
			levelId: p.level_id,
			kind: 'exit',
			point: project('opening.geojson', f.id, mid),
			nodeId
		};
		const name = localized(p.name);
		if (name) exit.name = name;
		amenities.push(exit);
	}

	const kiosks: MapKiosk[] = [];
	for (const f of kioskFs) {
		const p = f.properties;
		knownLevel('x-atrium-kiosk.geojson', f.id, p.level_id);
		nodeOn('x-atrium-kiosk.geojson', f.id, 'node_id', p.node_id, p.level_id);
		kiosks.push({
			deviceId: p.device_id,
			levelId: p.level_id,
			point: project('x-atrium-kiosk.geojson', f.id, f.geometry!.coordinates as number[]),
			nodeId: p.node_id,
			heading: p.heading
		});
	}

	// Graph integrity, from where shoppers start: every floor step-free, every destination somehow.
	for (const [i, kiosk] of kiosks.entries()) {
		const stepFree = reachable(kiosk.nodeId, edges, true);
		for (const level of levels) {
			if (!nodes.some((n) => n.levelId === level.id && stepFree.has(n.id))) {
				const label = levelFloor.get(level.id)!.label;
				throw new MapError(
					dir,
					'x-atrium-kiosk.geojson',
					kioskFs[i].id,
					`level '${level.id}' (${label}) cannot be reached step-free from this kiosk`
				);
			}
		}
		const any = reachable(kiosk.nodeId, edges, false);
		for (const u of units) {
			if (u.nodeId && !any.has(u.nodeId)) {
				throw new MapError(
					dir,
					'unit.geojson',
					u.id,
					`ext:atrium_node_id: node '${u.nodeId}' cannot be reached from kiosk '${kiosk.deviceId}'`
				);
			}
		}
		for (const a of amenities) {
			if (!any.has(a.nodeId)) {
				const file = a.kind === 'exit' ? 'opening.geojson' : 'amenity.geojson';
				throw new MapError(
					dir,
					file,
					a.id,
					`ext:atrium_node_id: node '${a.nodeId}' cannot be reached from kiosk '${kiosk.deviceId}'`
				);
			}
		}
	}

	const data = { levels, units, amenities, nodes, edges, kiosks };
	// The protocol's own limits (id lengths, ring sizes) are the last word on what screens receive.
	const checked = MapData.safeParse(data);
	if (!checked.success)
		throw new MapError(dir, '.', null, `not a valid MapData: ${issueText(checked.error, '')}`);
	return checked.data;
}

function reachable(start: string, edges: readonly MapEdge[], stepFree: boolean): Set<string> {
	const next = new Map<string, string[]>();
	const link = (a: string, b: string) => {
		const list = next.get(a);
		if (list) list.push(b);
		else next.set(a, [b]);
	};
	for (const e of edges) {
		if (stepFree && (e.kind === 'escalator' || e.kind === 'stairs')) continue;
		link(e.a, e.b);
		if (!e.oneway) link(e.b, e.a);
	}
	const seen = new Set([start]);
	const queue = [start];
	while (queue.length) {
		for (const n of next.get(queue.pop()!) ?? []) {
			if (!seen.has(n)) {
				seen.add(n);
				queue.push(n);
			}
		}
	}
	return seen;
}

function outerRing(g: Geometry): number[][] {
	if (g.type === 'Polygon') return g.coordinates[0];
	if (g.type === 'MultiPolygon') {
		// A unit drawn in pieces: the largest piece carries the label and the outline.
		return g.coordinates.map((poly) => poly[0]).reduce((a, b) => (area(b) > area(a) ? b : a));
	}
	return [g.coordinates as number[]];
}

function area(ring: number[][]): number {
	let s = 0;
	for (let i = 0; i < ring.length; i++) {
		const [x1, y1] = ring[i];
		const [x2, y2] = ring[(i + 1) % ring.length];
		s += x1 * y2 - x2 * y1;
	}
	return Math.abs(s / 2);
}

function centroid(ring: readonly (readonly number[])[]): [number, number] {
	const n = ring.length;
	return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n];
}

const round2 = (n: number) => Math.round(n * 100) / 100;
