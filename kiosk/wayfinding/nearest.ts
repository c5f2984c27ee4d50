import type { AmenityKind, MapAmenity, MapData } from '$protocol';
import type { Route, RouteOptions, Router } from './router';

export interface NearestAmenity {
	amenity: MapAmenity;
	route: Route;
}

/**
 * The amenity of a kind the shopper reaches soonest ("nearest toilet", "nearest ATM"), by time along
 * the walkways, not as the crow flies: a toilet right above you is two minutes away.
 *
 * Step-free, "toilet" means an accessible toilet when one can be reached; only when none can is it the
 * nearest toilet reachable without stairs or escalators.
 */
export function nearestAmenity(
	router: Router,
	map: MapData,
	from: string,
	kind: AmenityKind,
	options: RouteOptions
): NearestAmenity | null {
	const kinds: AmenityKind[][] =
		options.stepFree && kind === 'toilet' ? [['accessible-toilet'], ['toilet']] : [[kind]];
	for (const wanted of kinds) {
		const candidates = map.amenities.filter((a) => wanted.includes(a.kind));
		if (candidates.length === 0) continue;
		const route = router.route(
			from,
			candidates.map((a) => a.nodeId),
			options
		);
		if (route) return { amenity: candidates.find((a) => a.nodeId === route.to)!, route };
	}
	return null;
}
