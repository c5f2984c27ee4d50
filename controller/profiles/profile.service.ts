import type { ReplicaData } from '../../protocol/index.js';
import type { Clock } from '../clock.js';
import type { MemberProfile, ProfileOptions, ProfileProjection } from './profile.projection.js';
import type { Kind } from './profile.records.js';

/** One line of a member's timeline as the console shows it. */
export interface TimelineItem {
	/** ISO 8601, UTC. */
	at: string;
	type: Kind;
	shopId: string | null;
	/** The category of the shop, campaign or category the shopper looked at. */
	categoryId: string | null;
	campaignId: string | null;
	kioskId: string | null;
	/** A route's destination when it is not a shop: an amenity kind ("toilet"). */
	amenity: string | null;
	/** search.performed: the number of results (the query itself is not kept). */
	results: number | null;
}

export type MemberTimelineView = Omit<MemberProfile, 'timeline'> & { items: TimelineItem[] };

interface Lookups {
	data: ReplicaData | null;
	shops: Map<string, string>;
	campaigns: Map<string, string>;
}

/**
 * The projection's lookups into the current content, rebuilt only when the replica's data changes,
 * so folding asks a Map and never scans the shop list.
 */
export function contentLookups(
	content: () => ReplicaData
): Pick<ProfileOptions, 'shopCategory' | 'campaignShop'> {
	const cache: Lookups = { data: null, shops: new Map(), campaigns: new Map() };
	const current = (): Lookups => {
		const data = content();
		if (data !== cache.data) {
			cache.data = data;
			cache.shops = new Map(data.shops.map((s) => [s.id, s.category]));
			cache.campaigns = new Map(data.campaigns.map((c) => [c.id, c.shop]));
		}
		return cache;
	};
	return {
		shopCategory: (shopId) => current().shops.get(shopId),
		campaignShop: (campaignId) => current().campaigns.get(campaignId)
	};
}

/** What the console's member page needs from the profiles, and its live updates. */
export class ProfileService {
	#projection: ProfileProjection;
	#lookups: Pick<ProfileOptions, 'shopCategory' | 'campaignShop'>;
	#clock: Clock;
	#watchers = new Map<string, Set<(view: MemberTimelineView) => void>>();
	#pending = new Set<string>();
	#scheduled = false;
	#unsubscribe: (() => void) | null = null;

	constructor(projection: ProfileProjection, content: () => ReplicaData, clock: Clock) {
		this.#projection = projection;
		this.#lookups = contentLookups(content);
		this.#clock = clock;
	}

	memberTimeline(memberId: string): MemberTimelineView | null {
		const profile = this.#projection.profile(memberId, this.#clock.now());
		if (!profile) return null;
		const { timeline, ...rest } = profile;
		return { ...rest, items: timeline.map((t) => this.#item(t.type, t.at, t.ref, t.results)) };
	}

	/**
	 * Calls `listener` with the member's fresh view whenever events change it — at most once per
	 * turn of the event loop, however many events a batch held. Returns its own cleanup.
	 */
	watch(memberId: string, listener: (view: MemberTimelineView) => void): () => void {
		this.#unsubscribe ??= this.#projection.onChange((id) => this.#changed(id));
		let set = this.#watchers.get(memberId);
		if (!set) this.#watchers.set(memberId, (set = new Set()));
		set.add(listener);
		return () => {
			set.delete(listener);
			if (set.size === 0) this.#watchers.delete(memberId);
			if (this.#watchers.size === 0) {
				this.#unsubscribe?.();
				this.#unsubscribe = null;
			}
		};
	}

	#changed(memberId: string): void {
		if (!this.#watchers.has(memberId)) return;
		this.#pending.add(memberId);
		if (this.#scheduled) return;
		this.#scheduled = true;
		setImmediate(() => {
			this.#scheduled = false;
			const ids = [...this.#pending];
			this.#pending.clear();
			for (const id of ids) {
				const listeners = this.#watchers.get(id);
				const view = listeners && this.memberTimeline(id);
				if (!listeners || !view) continue;
				for (const l of listeners) l(view);
			}
		});
	}

	#item(type: Kind, at: string, ref: string | null, results: number | undefined): TimelineItem {
		const item: TimelineItem = {
			at,
			type,
			shopId: null,
			categoryId: null,
			campaignId: null,
			kioskId: null,
			amenity: null,
			results: results ?? null
		};
		const { shopCategory, campaignShop } = this.#lookups;
		switch (type) {
			case 'shop.viewed':
			case 'order.placed':
				item.shopId = ref;
				break;
			case 'category.viewed':
				item.categoryId = ref;
				break;
			case 'route.requested':
			case 'route.sent_to_phone':
				if (ref && shopCategory(ref) !== undefined) item.shopId = ref;
				else item.amenity = ref;
				break;
			case 'coupon.claimed':
			case 'coupon.printed':
			case 'coupon.sent_to_phone':
			case 'coupon.redeemed':
				item.campaignId = ref;
				item.shopId = (ref && campaignShop?.(ref)) || null;
				break;
			case 'session.started':
			case 'member.joined':
			case 'member.identified':
				item.kioskId = ref;
				break;
		}
		if (item.shopId && !item.categoryId) item.categoryId = shopCategory(item.shopId) ?? null;
		return item;
	}
}
