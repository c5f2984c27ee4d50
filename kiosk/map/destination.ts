import type { AmenityKind, MapAmenity, MapData, MapUnit, Shop } from '$protocol';
import { LOCALES, type Locale } from '$protocol/locale';

/** Where a shopper wants to go: a shop (on the map or only in the directory) or an amenity. */
export type Destination =
	| { kind: 'shop'; shop: Shop; units: MapUnit[]; levelId: string | null; nodeIds: string[] }
	| { kind: 'amenity'; amenity: MapAmenity; levelId: string; nodeIds: string[] };

/**
 * Resolves a shop id or an amenity id. A shop with no unit on the map (or a mall with no map) still
 * resolves, with no nodes: its page says where it is in words instead of drawing a map.
 */
export function findDestination(to: string, shops: Shop[], map: MapData | undefined): Destination | null {
	const shop = shops.find((s) => s.id === to);
	if (shop) {
		const units = map?.units.filter((u) => u.shopId === shop.id) ?? [];
		const level = units[0]?.levelId ?? map?.levels.find((l) => l.floorId === shop.floor)?.id ?? null;
		const nodeIds = units.flatMap((u) => (u.nodeId ? [u.nodeId] : []));
		return { kind: 'shop', shop, units, levelId: level, nodeIds };
	}
	const amenity = map?.amenities.find((a) => a.id === to);
	if (amenity) return { kind: 'amenity', amenity, levelId: amenity.levelId, nodeIds: [amenity.nodeId] };
	// A kind ("toilet") means the nearest of them: every one is a target, the router picks.
	const ofKind = map?.amenities.filter((a) => a.kind === (to as AmenityKind)) ?? [];
	if (ofKind.length > 0) {
		return { kind: 'amenity', amenity: ofKind[0], levelId: ofKind[0].levelId, nodeIds: ofKind.map((a) => a.nodeId) };
	}
	return null;
}

/** The amenity a route ended at, when the destination was "the nearest of a kind". */
export function reached(dest: Destination | null, map: MapData | undefined, routeTo: string | null): Destination | null {
	if (dest?.kind !== 'amenity' || !routeTo || dest.amenity.nodeId === routeTo) return dest;
	const amenity = map?.amenities.find((a) => a.nodeId === routeTo && a.kind === dest.amenity.kind);
	return amenity ? { kind: 'amenity', amenity, levelId: amenity.levelId, nodeIds: [amenity.nodeId] } : dest;
}

/** The unit to highlight for a destination, when it has one. */
export function highlightUnit(dest: Destination | null): string | null {
	return dest?.kind === 'shop' ? (dest.units[0]?.id ?? null) : null;
}

export interface PhoneRouteQuery {
	/** The kiosk the shopper stood at: where the route starts. */
	deviceId: string;
	to: string;
	stepFree: boolean;
	locale: Locale | null;
}

/** The phone page's address, on the controller's public URL (never a kiosk's localhost). */
export function phoneRouteUrl(publicUrl: string, q: PhoneRouteQuery): string {
	const url = new URL('/m/route', publicUrl);
	url.searchParams.set('k', q.deviceId);
	url.searchParams.set('to', q.to);
	if (q.stepFree) url.searchParams.set('sf', '1');
	if (q.locale) url.searchParams.set('l', q.locale);
	return url.href;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/;

/** Reads the phone page's query; a missing or malformed id reads as empty, an unknown locale as none. */
export function parsePhoneRoute(params: URLSearchParams): PhoneRouteQuery {
	const id = (key: string) => {
		const v = params.get(key) ?? '';
		return ID.test(v) ? v : '';
	};
	const l = params.get('l');
	return {
		deviceId: id('k'),
		to: id('to'),
		stepFree: params.get('sf') === '1',
		locale: (LOCALES as readonly string[]).includes(l ?? '') ? (l as Locale) : null
	};
}
