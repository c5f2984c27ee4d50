import type { Floor, Localized } from '../../protocol/index.js';
import { metresPerDegree } from '../../controller/content/imdf.loader.js';

/*
 * The demo map's drawing helpers: the layout is drawn in metres (x east, y north, origin at the
 * venue's display point) and written as WGS84 GeoJSON.
 */

export type Pt = [number, number];
export type Feature = Record<string, unknown>;

const VENUE_LON = 121.567;
const VENUE_LAT = 25.036;

const [MX, MY] = metresPerDegree(VENUE_LAT);
const r7 = (n: number) => Math.round(n * 1e7) / 1e7;
export const r2 = (n: number) => Math.round(n * 100) / 100;
export const geo = ([x, y]: Pt): Pt => [r7(VENUE_LON + x / MX), r7(VENUE_LAT + y / MY)];
export const point = (p: Pt) => ({ type: 'Point', coordinates: geo(p) });
export const polygon = (ring: Pt[]) => ({ type: 'Polygon', coordinates: [[...ring, ring[0]].map(geo)] });
export const rect = (x0: number, y0: number, x1: number, y1: number): Pt[] => [
	[x0, y0],
	[x1, y0],
	[x1, y1],
	[x0, y1]
];
export const centre = (ring: Pt[]): Pt => {
	const xs = ring.map((p) => p[0]);
	const ys = ring.map((p) => p[1]);
	return [r2((Math.min(...xs) + Math.max(...xs)) / 2), r2((Math.min(...ys) + Math.max(...ys)) / 2)];
};
export const same = (label: string): Localized => ({ 'zh-Hant': label, 'zh-Hans': label, en: label });
export const levelId = (f: Floor) => `level-${f.id}`;
export const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
