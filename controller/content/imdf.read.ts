import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { EDGE_KINDS } from '../../protocol/index.js';

/*
 * Reading an IMDF archive: each file parsed and each feature checked against the few properties the
 * import uses, every problem named by file and feature. imdf.loader.ts turns what is read into MapData.
 */

/** A map file that cannot be served: names the file and the feature, so whoever drew it can fix it. */
export class MapError extends Error {
	/** File name inside the map directory, e.g. `unit.geojson`. */
	readonly file: string;
	/** The offending feature's id, when the problem is inside one feature. */
	readonly featureId: string | null;
	constructor(dir: string, file: string, featureId: string | null, detail: string) {
		super(
			`${displayPath(dir, file)}: ${featureId === null ? '' : `feature '${featureId}': `}${detail}`
		);
		this.name = 'MapError';
		this.file = file;
		this.featureId = featureId;
	}
}

// Relative to the working directory when inside it (`content/map/unit.geojson`), else absolute.
function displayPath(dir: string, file: string): string {
	const full = path.resolve(dir, file);
	const rel = path.relative(process.cwd(), full);
	return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : full;
}

// ---- schemas: only what the import uses; IMDF's other properties pass through unread ----

const Position = z
	.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])
	.rest(z.number());
const LinearRing = z.array(Position).min(4);
const GEOMETRY = {
	Point: Position,
	LineString: z.array(Position).min(2),
	Polygon: z.array(LinearRing).min(1),
	MultiPolygon: z.array(z.array(LinearRing).min(1)).min(1)
};
type GeometryType = keyof typeof GEOMETRY;
export type Geometry =
	| { type: 'Point'; coordinates: number[] }
	| { type: 'LineString'; coordinates: number[][] }
	| { type: 'Polygon'; coordinates: number[][][] }
	| { type: 'MultiPolygon'; coordinates: number[][][][] };

const Labels = z.record(z.string(), z.string().min(1));
const FeatureId = z.string().min(1).max(80);
const PointGeometry = z.object({ type: z.literal('Point'), coordinates: Position });
const NodeRef = FeatureId.nullish();

export const Manifest = z.object({
	version: z.string().regex(/^1\.\d+\.\d+$/),
	language: z.string().min(2)
});

export interface Kind<P extends z.ZodType> {
	featureType: string;
	geometry: readonly GeometryType[] | null;
	properties: P;
}
const kind = <P extends z.ZodType>(
	featureType: string,
	geometry: readonly GeometryType[] | null,
	properties: P
): Kind<P> => ({
	featureType,
	geometry,
	properties
});

export const KINDS = {
	venue: kind(
		'venue',
		['Polygon', 'MultiPolygon'],
		z.object({ display_point: PointGeometry.nullish() })
	),
	level: kind(
		'level',
		['Polygon', 'MultiPolygon'],
		z.object({ ordinal: z.int(), short_name: Labels, name: Labels.nullish() })
	),
	unit: kind(
		'unit',
		['Polygon', 'MultiPolygon'],
		z.object({
			category: z.string().min(1),
			restriction: z.string().nullish(),
			level_id: FeatureId,
			name: Labels.nullish(),
			display_point: PointGeometry.nullish(),
			'ext:atrium_node_id': NodeRef
		})
	),
	opening: kind(
		'opening',
		['LineString'],
		z.object({
			category: z.string().min(1),
			level_id: FeatureId,
			name: Labels.nullish(),
			display_point: PointGeometry.nullish(),
			'ext:atrium_node_id': NodeRef
		})
	),
	amenity: kind(
		'amenity',
		['Point'],
		z.object({
			category: z.string().min(1),
			unit_ids: z.array(FeatureId).min(1),
			name: Labels.nullish(),
			'ext:atrium_node_id': NodeRef
		})
	),
	anchor: kind('anchor', ['Point'], z.object({ unit_id: FeatureId })),
	occupant: kind(
		'occupant',
		null,
		z.object({ anchor_id: FeatureId, name: Labels, 'ext:atrium_shop_id': FeatureId.nullish() })
	),
	node: kind('x-atrium-node', ['Point'], z.object({ level_id: FeatureId })),
	edge: kind(
		'x-atrium-edge',
		['LineString'],
		z.object({
			from: FeatureId,
			to: FeatureId,
			kind: z.enum(EDGE_KINDS),
			connector: z.string().min(1).max(40).optional(),
			oneway: z.boolean().optional()
		})
	),
	kiosk: kind(
		'x-atrium-kiosk',
		['Point'],
		z.object({
			device_id: FeatureId,
			level_id: FeatureId,
			node_id: FeatureId,
			heading: z.number().min(0).max(360)
		})
	)
};

export interface Parsed<P> {
	id: string;
	geometry: Geometry | null;
	properties: P;
}

// ---- reading ----

export async function readJson(dir: string, file: string): Promise<unknown> {
	let text: string;
	try {
		text = await readFile(path.join(dir, file), 'utf8');
	} catch (err) {
		const code = (err as NodeJS.ErrnoException).code;
		throw new MapError(dir, file, null, code === 'ENOENT' ? 'file is missing' : String(err));
	}
	try {
		return JSON.parse(text);
	} catch (err) {
		throw new MapError(dir, file, null, `invalid JSON: ${(err as Error).message}`);
	}
}

export function issueText(error: z.ZodError, prefix: string): string {
	const issue = error.issues[0];
	const at = [prefix, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))]
		.filter(Boolean)
		.join('.')
		.replace(/\.\[/g, '[');
	return `${at ? `${at}: ` : ''}${issue.message}`;
}

export async function readFeatures<P extends z.ZodType>(
	dir: string,
	file: string,
	kinds: readonly Kind<P>[]
): Promise<Map<string, Parsed<z.output<P>>[]>> {
	const json = (await readJson(dir, file)) as { type?: unknown; features?: unknown } | null;
	if (!json || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
		throw new MapError(
			dir,
			file,
			null,
			'expected a GeoJSON FeatureCollection with a features array'
		);
	}
	const out = new Map(kinds.map((k) => [k.featureType, [] as Parsed<z.output<P>>[]]));
	json.features.forEach((raw: unknown, i: number) => {
		const f = (raw ?? {}) as Record<string, unknown>;
		const idResult = FeatureId.safeParse(f.id);
		if (!idResult.success) throw new MapError(dir, file, `#${i}`, issueText(idResult.error, 'id'));
		const id = idResult.data;
		const fail = (detail: string) => new MapError(dir, file, id, detail);
		if (f.type !== 'Feature') throw fail(`type: expected "Feature"`);
		const k = kinds.find((c) => c.featureType === f.feature_type);
		if (!k) {
			throw fail(
				`feature_type: expected ${kinds.map((c) => `"${c.featureType}"`).join(' or ')}, got ${JSON.stringify(f.feature_type)}`
			);
		}
		const g = f.geometry as { type?: unknown; coordinates?: unknown } | null | undefined;
		let geometry: Geometry | null = null;
		if (k.geometry === null) {
			if (g != null) throw fail('geometry: expected null');
		} else {
			const type = g?.type;
			if (typeof type !== 'string' || !(k.geometry as readonly string[]).includes(type)) {
				throw fail(
					`geometry: expected ${k.geometry.join(' or ')}, got ${g == null ? 'null' : JSON.stringify(type)}`
				);
			}
			const coords = GEOMETRY[type as GeometryType].safeParse(g?.coordinates);
			if (!coords.success) throw fail(issueText(coords.error, 'geometry.coordinates'));
			geometry = { type, coordinates: coords.data } as Geometry;
		}
		const props = k.properties.safeParse(f.properties);
		if (!props.success) throw fail(issueText(props.error, 'properties'));
		out.get(k.featureType)!.push({ id, geometry, properties: props.data });
	});
	return out;
}

