import type { Localized, MapData } from '$protocol';
import type { Point } from './geometry';
import type { IconKind } from './style';

export interface Place {
	id: string;
	kind: IconKind;
	point: Point;
	name?: Localized;
}

const UNIT_ICON: Partial<Record<string, IconKind>> = {
	restroom: 'restroom',
	elevator: 'elevator',
	escalator: 'escalator',
	stairs: 'stairs'
};
const SAME: Record<IconKind, IconKind[]> = {
	restroom: ['toilet', 'accessible-toilet'],
	toilet: [],
	'accessible-toilet': [],
	'nursing-room': [],
	atm: [],
	info: [],
	exit: [],
	elevator: ['elevator'],
	escalator: ['escalator'],
	stairs: ['stairs']
};

/**
 * The places a floor marks with an icon: its amenities, and restroom and connector units that no
 * amenity already marks (IMDF often has both for one lift; the shopper should see one icon).
 */
export function placesOnLevel(map: MapData, levelId: string): Place[] {
	const amenities: Place[] = map.amenities
		.filter((a) => a.levelId === levelId)
		.map((a) => ({ id: a.id, kind: a.kind, point: a.point, name: a.name }));
	const units: Place[] = [];
	for (const u of map.units) {
		const kind = UNIT_ICON[u.kind];
		if (u.levelId !== levelId || !kind) continue;
		const marked = amenities.some(
			(a) => SAME[kind].includes(a.kind) && Math.hypot(a.point[0] - u.anchor[0], a.point[1] - u.anchor[1]) < 8
		);
		if (!marked) units.push({ id: u.id, kind, point: u.anchor });
	}
	return [...amenities, ...units];
}
