import type { AmenityKind, MapUnit } from '$protocol';

type UnitKind = MapUnit['kind'];

/**
 * How each kind of unit looks: fill colour and how tall it stands on the 3D map (metres). Connectors
 * and restrooms get colours of their own, and the legend names them, so they never rely on an icon alone.
 */
export const UNIT_STYLE: Record<UnitKind, { fill: string; stroke: string; height: number }> = {
	shop: { fill: '#dde5ef', stroke: '#8796ab', height: 3 },
	walkway: { fill: '#fbf8f1', stroke: '#d8d1c2', height: 0.05 },
	restroom: { fill: '#b7d3f2', stroke: '#4b79ad', height: 2 },
	elevator: { fill: '#d8c7ee', stroke: '#6c4b9c', height: 2 },
	escalator: { fill: '#d8c7ee', stroke: '#6c4b9c', height: 0.6 },
	stairs: { fill: '#d8c7ee', stroke: '#6c4b9c', height: 0.6 },
	service: { fill: '#e3e3e3', stroke: '#a0a0a0', height: 2 },
	nonpublic: { fill: '#cdcdcd', stroke: '#9a9a9a', height: 2 }
};

export const FLOOR_FILL = '#ebe5d8';
export const FLOOR_STROKE = '#b5ab97';
/** The destination: warm and saturated, so it stands out from the cool shop fills and the route. */
export const HIGHLIGHT = { fill: '#f08c00', stroke: '#8a4b00', height: 5 };
/** The route: a strong blue, 4.5:1 against the walkway's cream. */
export const ROUTE_COLOR = '#0b5fc2';
export const YOU_ARE_HERE = '#c62828';

/** A kind of place the map marks with an icon: amenities, and connector or restroom units. */
export type IconKind = AmenityKind | 'restroom';

export const ICON_COLOR: Record<IconKind, string> = {
	toilet: '#1458a6',
	restroom: '#1458a6',
	'accessible-toilet': '#1458a6',
	'nursing-room': '#a3154f',
	atm: '#37474f',
	info: '#8a4b00',
	exit: '#17703a',
	elevator: '#5b3a8c',
	escalator: '#5b3a8c',
	stairs: '#5b3a8c'
};

/** White glyphs on a 24 × 24 grid, drawn with fill-rule evenodd on the icon's colour. */
export const ICON_PATH: Record<IconKind, string> = {
	toilet:
		'M7 2.5a2 2 0 1 1 0 4a2 2 0 1 1 0-4zM17 2.5a2 2 0 1 1 0 4a2 2 0 1 1 0-4zM5 8h4l.8 7H8.5v6.5h-3V15H4.2zM15 8h4l2.5 8H19v5.5h-3.6V16H12.6z',
	restroom:
		'M7 2.5a2 2 0 1 1 0 4a2 2 0 1 1 0-4zM17 2.5a2 2 0 1 1 0 4a2 2 0 1 1 0-4zM5 8h4l.8 7H8.5v6.5h-3V15H4.2zM15 8h4l2.5 8H19v5.5h-3.6V16H12.6z',
	'accessible-toilet':
		'M10 1.5a2.2 2.2 0 1 1 0 4.4a2.2 2.2 0 1 1 0-4.4zM8.8 7h2.4v4.5h5.3l3.2 6.8-2 1-2.6-5.3H8.8zM7.2 10.6v2.4a4.6 4.6 0 1 0 6.6 5.3h2.3A6.9 6.9 0 1 1 7.2 10.6z',
	'nursing-room': 'M10 1.5h4v3h1l1.5 3.5v13a1.5 1.5 0 0 1-1.5 1.5H9a1.5 1.5 0 0 1-1.5-1.5V8L9 4.5h1zM9.5 11v2h5v-2z',
	atm: 'M2 5h20v14H2zM4 8v2h16V8zM4 14v2h6v-2z',
	info: 'M12 1.5a10.5 10.5 0 1 1 0 21a10.5 10.5 0 1 1 0-21zM10.6 10h2.8v8.5h-2.8zM10.6 5.5h2.8v2.8h-2.8z',
	exit: 'M3 2.5h11v5h-2.4V5H5.4v14h6.2v-2.5H14v5H3zM16 7.5l5.5 4.5-5.5 4.5v-3.2H9v-2.6h7z',
	elevator: 'M3 1.5h18v21H3zM5.5 4v16h13V4zM12 5.5l4.2 5H7.8zM12 18.5l-4.2-5h8.4z',
	escalator: 'M2 20.5v-4h4.5l9-10H22v4h-4.8l-9 10zM14.5 1.5a2 2 0 1 1 0 4a2 2 0 1 1 0-4zM12.6 6.8l2.6 1.2-3.9 4.4-1.7-1.6z',
	stairs: 'M2 21.5v-4.5h5v-4.5h5V8h5V3.5h5v18z'
};
