import { z } from 'zod';
import { Localized } from './text.js';

/**
 * The mall's map as screens use it: imported from IMDF (content/map/*.geojson) by the controller,
 * projected from WGS84 to metres on a local plane (x east, y north, origin at the venue's display
 * point), and shipped in the replica. See content/map/README.md for the IMDF mapping.
 */
const Id = z.string().min(1).max(80);
const Point = z.tuple([z.number(), z.number()]);
const Ring = z.array(Point).min(3);

export const MapLevel = z.strictObject({
	id: Id,
	/** The content floor (mall.floors[].id) this level is. */
	floorId: Id,
	/** IMDF ordinal: 0 street level, negative below. */
	ordinal: z.int(),
	outline: Ring
});
export type MapLevel = z.infer<typeof MapLevel>;

export const UNIT_KINDS = ['shop', 'walkway', 'restroom', 'elevator', 'escalator', 'stairs', 'service', 'nonpublic'] as const;
export const MapUnit = z.strictObject({
	id: Id,
	levelId: Id,
	kind: z.enum(UNIT_KINDS),
	/** The shop occupying this unit, when there is one. */
	shopId: Id.optional(),
	polygon: Ring,
	/** Where a label or pin goes. */
	anchor: Point,
	/** The walkway-graph node a route to this unit ends at (its door). */
	nodeId: Id.optional()
});
export type MapUnit = z.infer<typeof MapUnit>;

export const AMENITY_KINDS = ['toilet', 'accessible-toilet', 'nursing-room', 'atm', 'info', 'exit', 'elevator', 'escalator', 'stairs'] as const;
export type AmenityKind = (typeof AMENITY_KINDS)[number];
export const MapAmenity = z.strictObject({
	id: Id,
	levelId: Id,
	kind: z.enum(AMENITY_KINDS),
	name: Localized.optional(),
	point: Point,
	nodeId: Id
});
export type MapAmenity = z.infer<typeof MapAmenity>;

export const MapNode = z.strictObject({
	id: Id,
	levelId: Id,
	x: z.number(),
	y: z.number()
});
export type MapNode = z.infer<typeof MapNode>;

export const EDGE_KINDS = ['walk', 'escalator', 'elevator', 'stairs'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];
export const MapEdge = z.strictObject({
	a: Id,
	b: Id,
	kind: z.enum(EDGE_KINDS),
	/** The mall's own name for the connector, as signed on site: "E2", "Escalator 3". */
	connector: z.string().max(40).optional(),
	/** Escalators run one way: from a to b only. */
	oneway: z.boolean().optional()
});
export type MapEdge = z.infer<typeof MapEdge>;

/** Where a kiosk stands: "you are here", and where its routes start. */
export const MapKiosk = z.strictObject({
	deviceId: Id,
	levelId: Id,
	point: Point,
	nodeId: Id,
	/** Degrees clockwise from north the shopper faces when looking at the screen. */
	heading: z.number().min(0).max(360)
});
export type MapKiosk = z.infer<typeof MapKiosk>;

export const MapData = z.strictObject({
	levels: z.array(MapLevel).min(1),
	units: z.array(MapUnit),
	amenities: z.array(MapAmenity),
	nodes: z.array(MapNode),
	edges: z.array(MapEdge),
	kiosks: z.array(MapKiosk)
});
export type MapData = z.infer<typeof MapData>;
