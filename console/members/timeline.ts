import type { AmenityKind, Locale, TimelineItem } from '$protocol';
import { message, type ConsoleMessage } from '../i18n';
import { campaignName, categoryName, floorOf, shopName, type MallNames } from './names';

const AMENITY: Record<AmenityKind, ConsoleMessage> = {
	toilet: 'amenityToilet',
	'accessible-toilet': 'amenityAccessibleToilet',
	'nursing-room': 'amenityNursingRoom',
	atm: 'amenityAtm',
	info: 'amenityInfo',
	exit: 'amenityExit',
	elevator: 'amenityElevator',
	escalator: 'amenityEscalator',
	stairs: 'amenityStairs'
};

function amenityKind(kind: string, locale: Locale): string {
	const key = (AMENITY as Record<string, ConsoleMessage | undefined>)[kind];
	return key ? message(locale, key) : kind;
}

/**
 * Where a route went: a shop with its floor, a particular amenity with its floor ("L2 toilet"), or
 * "the nearest toilet" when the shopper asked for a kind of amenity rather than one of them.
 */
export function placeName(item: TimelineItem, names: MallNames, locale: Locale): string {
	if (item.shopId) {
		const floor = floorOf(names, { shopId: item.shopId });
		return floor
			? `${shopName(names, item.shopId, locale)} (${floor})`
			: shopName(names, item.shopId, locale);
	}
	if (!item.amenity) return message(locale, 'tlUnknownPlace');
	const amenity = names.amenities.get(item.amenity);
	if (amenity) {
		const floor = floorOf(names, { amenityId: item.amenity });
		const name = amenity.name?.[locale] ?? amenityKind(amenity.kind, locale);
		return floor ? `${floor} ${name}` : name;
	}
	return message(locale, 'nearestAmenity', { kind: amenityKind(item.amenity, locale) });
}

/** One timeline entry in words, in the console user's language: "Viewed 星巴克 Starbucks". */
export function describeTimelineItem(item: TimelineItem, names: MallNames, locale: Locale): string {
	const shop = () => shopName(names, item.shopId ?? '', locale);
	const campaign = () =>
		item.campaignId ? campaignName(names, item.campaignId, locale) : item.shopId ? shop() : '';
	const kiosk = item.kioskId ?? '';
	switch (item.type) {
		case 'session.started':
			return message(locale, 'tlSessionStarted', { kiosk: kiosk || message(locale, 'none') });
		case 'shop.viewed':
			return message(locale, 'tlShopViewed', { shop: shop() });
		case 'category.viewed':
			return message(locale, 'tlCategoryViewed', {
				category: categoryName(names, item.categoryId ?? '', locale)
			});
		case 'search.performed':
			if (item.results === null) return message(locale, 'tlSearchPlain');
			if (item.results === 1) return message(locale, 'tlSearchOne');
			return message(locale, 'tlSearch', { count: String(item.results) });
		case 'route.requested':
			return message(locale, 'tlRoute', { place: placeName(item, names, locale) });
		case 'route.sent_to_phone':
			return message(locale, 'tlRouteToPhone', { place: placeName(item, names, locale) });
		case 'coupon.claimed':
			return message(locale, 'tlCouponClaimed', { campaign: campaign() });
		case 'coupon.printed':
			return message(locale, 'tlCouponPrinted', { campaign: campaign() });
		case 'coupon.sent_to_phone':
			return message(locale, 'tlCouponToPhone', { campaign: campaign() });
		case 'coupon.redeemed':
			return message(locale, 'tlCouponRedeemed', { campaign: campaign() });
		case 'member.joined':
			return kiosk ? message(locale, 'tlJoinedAt', { kiosk }) : message(locale, 'tlJoined');
		case 'member.identified':
			return kiosk ? message(locale, 'tlIdentifiedAt', { kiosk }) : message(locale, 'tlIdentified');
		case 'member.logged_out':
			return message(locale, 'tlLoggedOut');
		case 'order.placed':
			return item.shopId
				? message(locale, 'tlOrderAt', { shop: shop() })
				: message(locale, 'tlOrder');
	}
}
