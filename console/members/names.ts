import type {
	AmenityKind,
	Campaign,
	Category,
	Locale,
	Localized,
	MapData,
	Mall,
	Shop
} from '$protocol';

/** What GET /api/public/mall answers: the same shops and map the phone pages draw. */
export interface PublicMall {
	mall: Mall;
	categories: Category[];
	shops: Shop[];
	map: MapData | null;
}

/**
 * The mall's names for the ids a member's profile keeps (shops, categories, campaigns, amenities),
 * from the public mall document and the campaigns the console may list.
 */
export interface MallNames {
	shops: Map<string, { name: Localized; floorId: string }>;
	categories: Map<string, { name: Localized; icon: string }>;
	/** Floor id → the label signs on site show (B1, L2). */
	floors: Map<string, string>;
	/** Map level id → floor id. */
	levels: Map<string, string>;
	amenities: Map<string, { kind: AmenityKind; levelId: string; name: Localized | null }>;
	campaigns: Map<string, { title: Localized; shopId: string }>;
}

export function mallNames(mall: PublicMall | null, campaigns: Campaign[] = []): MallNames {
	return {
		shops: new Map(mall?.shops.map((s) => [s.id, { name: s.name, floorId: s.floor }])),
		categories: new Map(mall?.categories.map((c) => [c.id, { name: c.name, icon: c.icon }])),
		floors: new Map(mall?.mall.floors.map((f) => [f.id, f.label])),
		levels: new Map(mall?.map?.levels.map((l) => [l.id, l.floorId])),
		amenities: new Map(
			mall?.map?.amenities.map((a) => [
				a.id,
				{ kind: a.kind, levelId: a.levelId, name: a.name ?? null }
			])
		),
		campaigns: new Map(campaigns.map((c) => [c.id, { title: c.title, shopId: c.shop }]))
	};
}

/**
 * A shop as the mall's own signs name it: the Chinese name with the English one beside it when they
 * differ ("星巴克 Starbucks"), so a console user finds a shop by either. Unknown ids show as they are.
 */
export function shopName(names: MallNames, id: string, locale: Locale): string {
	const shop = names.shops.get(id);
	if (!shop) return id;
	const chinese = locale === 'zh-Hans' ? shop.name['zh-Hans'] : shop.name['zh-Hant'];
	return chinese === shop.name.en ? chinese : `${chinese} ${shop.name.en}`;
}

export function categoryName(names: MallNames, id: string, locale: Locale): string {
	return names.categories.get(id)?.name[locale] ?? id;
}

/** A campaign's title and its shop: "Buy one grande drink, get one free · 星巴克 Starbucks". */
export function campaignName(names: MallNames, id: string, locale: Locale): string {
	const campaign = names.campaigns.get(id);
	if (!campaign) return id;
	return `${campaign.title[locale]} · ${shopName(names, campaign.shopId, locale)}`;
}

/** The floor label of a shop or an amenity, when the map knows it. */
export function floorOf(
	names: MallNames,
	ref: { shopId?: string; amenityId?: string }
): string | null {
	const floorId = ref.shopId
		? names.shops.get(ref.shopId)?.floorId
		: names.levels.get(names.amenities.get(ref.amenityId ?? '')?.levelId ?? '');
	return (floorId && names.floors.get(floorId)) || null;
}

/** The public mall document, once per page: names change rarely and a stale name is harmless. */
let publicMall: Promise<PublicMall | null> | null = null;
export function fetchPublicMall(): Promise<PublicMall | null> {
	publicMall ??= fetch('/api/public/mall')
		.then(async (res) => (res.ok ? ((await res.json()) as { data: PublicMall }).data : null))
		.catch(() => null)
		.then((mall) => {
			// A failed load is tried again by the next page that asks.
			if (!mall) publicMall = null;
			return mall;
		});
	return publicMall;
}
