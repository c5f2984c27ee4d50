import type { Locale, MapData } from '$protocol';
import type { Route } from '../wayfinding/router';
import type { Point } from './geometry';

export interface YouAreHere {
	levelId: string;
	point: Point;
	/** Degrees clockwise from north the shopper faces at the screen; the map turns to match. */
	heading: number;
}

/** What the kiosk's map shows; LazyMap takes the same props and hands them on once three.js is loaded. */
export interface MapViewProps {
	map: MapData;
	/** The mall's sign labels per map level id: B1, L1, … */
	levelLabels: Record<string, string>;
	youAreHere: YouAreHere | null;
	highlightUnitId: string | null;
	route: Route | null;
	locale: Locale;
	activeLevelId: string;
	onLevelChange: (levelId: string) => void;
	/** Names to write on units (shop names in the shopper's language), by unit id. */
	unitLabels?: Record<string, string>;
}
