import type { Floor } from '../../protocol/index.js';
import { geo, levelId, point, r2, type Feature, type Pt } from './geo.js';

/** A ride or a flight between floors: an edge between two walkway points on different levels. */
export interface Connector {
	kind: 'escalator' | 'elevator' | 'stairs';
	name: string;
	from: [Floor, Pt];
	to: [Floor, Pt];
	oneway: boolean;
}

interface Segment {
	a: Pt;
	b: Pt;
	points: Pt[];
}
interface LevelGraph {
	segments: Segment[];
	extra: [Pt, Pt][];
}

function project(s: Segment, p: Pt): { at: Pt; d: number } {
	const [ax, ay] = s.a;
	const [bx, by] = s.b;
	const len2 = (bx - ax) ** 2 + (by - ay) ** 2;
	const t = Math.max(0, Math.min(1, ((p[0] - ax) * (bx - ax) + (p[1] - ay) * (by - ay)) / len2));
	const at: Pt = [r2(ax + t * (bx - ax)), r2(ay + t * (by - ay))];
	return { at, d: Math.hypot(at[0] - p[0], at[1] - p[1]) };
}

const key = (f: Floor, p: Pt) => `${f.id}:${r2(p[0])},${r2(p[1])}`;

/**
 * The walkway graph as it is drawn: axis-aligned segments per level, doors and landings attached to
 * the nearest point; crossings and attachments become nodes once `features()` writes it out.
 */
export class Walkway {
	#graphs = new Map<string, LevelGraph>();

	#graph(f: Floor): LevelGraph {
		let g = this.#graphs.get(f.id);
		if (!g) this.#graphs.set(f.id, (g = { segments: [], extra: [] }));
		return g;
	}

	segment(f: Floor, a: Pt, b: Pt): void {
		this.#graph(f).segments.push({ a, b, points: [a, b] });
	}

	/** The walkway point nearest to `p` on its level, added to the graph; a door or landing hangs off it. */
	attach(f: Floor, p: Pt, hang = false): Pt {
		const g = this.#graph(f);
		let best: { s: Segment; at: Pt; d: number } | null = null;
		for (const s of g.segments) {
			const pr = project(s, p);
			if (!best || pr.d < best.d - 1e-9) best = { s, ...pr };
		}
		if (!best) throw new Error(`no walkway on ${f.label}`);
		best.s.points.push(best.at);
		if (hang && best.d > 0.01) g.extra.push([p, best.at]);
		return hang ? p : best.at;
	}

	/** The node and edge features, floor by floor, and the id of the node at a drawn point. */
	features(
		floors: readonly Floor[],
		connectors: readonly Connector[]
	): { nodes: Feature[]; edges: Feature[]; nodeAt: (f: Floor, p: Pt) => string | undefined } {
		// Segments crossing or touching each other share a node.
		for (const g of this.#graphs.values()) {
			for (const s of g.segments) {
				for (const t of g.segments) {
					if (s === t) continue;
					for (const end of [t.a, t.b]) {
						if (project(s, end).d < 0.01) s.points.push(project(s, end).at);
					}
				}
			}
		}

		const nodeIds = new Map<string, string>();
		const nodes: Feature[] = [];
		const edges: Feature[] = [];
		const edgeKeys = new Set<string>();
		const node = (f: Floor, p: Pt): string => {
			const k = key(f, p);
			let id = nodeIds.get(k);
			if (!id) {
				id = `n-${f.id}-${String(nodes.filter((n) => (n.properties as { level_id: string }).level_id === levelId(f)).length + 1).padStart(3, '0')}`;
				nodeIds.set(k, id);
				nodes.push({
					type: 'Feature',
					id,
					feature_type: 'x-atrium-node',
					geometry: point(p),
					properties: { level_id: levelId(f) }
				});
			}
			return id;
		};
		const edge = (
			fa: Floor,
			a: Pt,
			fb: Floor,
			b: Pt,
			kind: string,
			connector?: string,
			oneway?: boolean
		): void => {
			const from = node(fa, a);
			const to = node(fb, b);
			const k = [from, to].sort().join('|') + kind;
			if (from === to || edgeKeys.has(k)) return;
			edgeKeys.add(k);
			edges.push({
				type: 'Feature',
				id: `e-${String(edges.length + 1).padStart(4, '0')}`,
				feature_type: 'x-atrium-edge',
				geometry: { type: 'LineString', coordinates: [geo(a), geo(b)] },
				properties: {
					from,
					to,
					kind,
					...(connector ? { connector } : {}),
					...(oneway ? { oneway } : {})
				}
			});
		};

		for (const f of floors) {
			const g = this.#graph(f);
			for (const s of g.segments) {
				const horizontal = s.a[1] === s.b[1];
				const pts = [...new Map(s.points.map((p) => [`${p[0]},${p[1]}`, p])).values()].sort((p, q) =>
					horizontal ? p[0] - q[0] : p[1] - q[1]
				);
				if (s.a[0] > s.b[0] || s.a[1] > s.b[1]) pts.reverse();
				for (let i = 0; i + 1 < pts.length; i++) edge(f, pts[i], f, pts[i + 1], 'walk');
			}
			for (const [p, q] of g.extra) edge(f, q, f, p, 'walk');
		}
		for (const c of connectors)
			edge(c.from[0], c.from[1], c.to[0], c.to[1], c.kind, c.name, c.oneway || undefined);
		return { nodes, edges, nodeAt: (f, p) => nodeIds.get(key(f, p)) };
	}
}
