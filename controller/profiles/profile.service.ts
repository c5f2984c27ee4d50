import type {
	ConsoleMember,
	MemberProfileView,
	ReplicaData,
	Role,
	TimelineItem
} from '../../protocol/index.js';
import type { Clock } from '../clock.js';
import type { ProfileOptions, ProfileProjection } from './profile.projection.js';
import type { Kind } from './profile.records.js';

export type ContentLookups = Pick<ProfileOptions, 'shopCategory' | 'campaignShop'>;

/** The profile figures alone: what a member's export carries beside their identity. */
export type ProfileFigures = Omit<MemberProfileView, 'member'>;

/** Who a member is, as the console may see them: null for an unknown or erased member. */
export interface ProfileMembers {
	consoleMember(memberId: string, role: Role): ConsoleMember | null;
}

interface Lookups {
	data: ReplicaData | null;
	shops: Map<string, string>;
	campaigns: Map<string, string>;
}

/**
 * The projection's lookups into the current content, rebuilt only when the replica's data changes,
 * so folding asks a Map and never scans the shop list.
 */
export function contentLookups(content: () => ReplicaData): ContentLookups {
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

interface Watcher {
	role: Role;
	listener: (view: MemberProfileView) => void;
	/** The watch ended from this side (the member was erased). */
	ended?: () => void;
}

/** What the console's member page needs from the profiles, and its live updates. */
export class ProfileService {
	#projection: ProfileProjection;
	#lookups: ContentLookups;
	#members: ProfileMembers;
	#clock: Clock;
	#watchers = new Map<string, Set<Watcher>>();
	#pending = new Set<string>();
	#scheduled = false;
	#unsubscribe: (() => void) | null = null;

	constructor(
		projection: ProfileProjection,
		lookups: ContentLookups,
		members: ProfileMembers,
		clock: Clock
	) {
		this.#projection = projection;
		this.#lookups = lookups;
		this.#members = members;
		this.#clock = clock;
	}

	/**
	 * A member's profile as `role` may see it (the phone masked unless the role may see it in full);
	 * null for an unknown or erased member. A member with no events yet gets zeros.
	 */
	view(memberId: string, role: Role): MemberProfileView | null {
		const member = this.#members.consoleMember(memberId, role);
		if (!member) return null;
		return { member, ...this.figures(memberId, member.attribution.kioskId) };
	}

	/** The folded figures of a member, zeros when no event of theirs was folded yet. */
	figures(memberId: string, joinKioskId: string | null = null): ProfileFigures {
		const profile = this.#projection.profile(memberId, this.#clock.now());
		if (!profile) return emptyFigures(joinKioskId);
		const {
			timeline,
			visits,
			joinKioskId: kiosk,
			lastSeenAt,
			interests,
			coupons,
			points,
			orders
		} = profile;
		return {
			joinKioskId: kiosk ?? joinKioskId,
			visits,
			lastSeenAt,
			interests,
			coupons,
			points,
			orders,
			items: timeline.map((t) => this.#item(t.type, t.at, t.ref, t.results))
		};
	}

	/**
	 * Calls `listener` with the member's fresh view whenever events change it — at most once per
	 * turn of the event loop, however many events a batch held. Returns its own cleanup. `ended` is
	 * called when the watch ends from this side: the member was erased, and nothing follows.
	 */
	watch(
		memberId: string,
		role: Role,
		listener: (view: MemberProfileView) => void,
		ended?: () => void
	): () => void {
		this.#unsubscribe ??= this.#projection.onChange((id) => this.#changed(id));
		let set = this.#watchers.get(memberId);
		if (!set) this.#watchers.set(memberId, (set = new Set()));
		const watcher: Watcher = { role, listener, ended };
		set.add(watcher);
		return () => {
			set.delete(watcher);
			if (set.size === 0 && this.#watchers.get(memberId) === set) this.#watchers.delete(memberId);
			this.#idle();
		};
	}

	/** Erasure: the profile goes, and so does every watch on it, without a last push. */
	forget(memberId: string): void {
		this.#projection.forget(memberId);
		this.#pending.delete(memberId);
		const set = this.#watchers.get(memberId);
		this.#watchers.delete(memberId);
		for (const w of set ?? []) w.ended?.();
		this.#idle();
	}

	/** Members watched by at least one console. */
	get watched(): number {
		return this.#watchers.size;
	}

	#idle(): void {
		if (this.#watchers.size > 0) return;
		this.#unsubscribe?.();
		this.#unsubscribe = null;
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
				const watchers = this.#watchers.get(id);
				if (!watchers) continue;
				// One view per role: the phone number is all that differs between them.
				const views = new Map<Role, MemberProfileView | null>();
				for (const w of [...watchers]) {
					if (!views.has(w.role)) views.set(w.role, this.view(id, w.role));
					const view = views.get(w.role);
					if (view) w.listener(view);
				}
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

function emptyFigures(joinKioskId: string | null): ProfileFigures {
	return {
		joinKioskId,
		visits: { sessions: 0, days: 0, firstDay: null, lastDay: null, byKiosk: {}, otherKiosks: 0 },
		lastSeenAt: null,
		interests: [],
		coupons: { claimed: 0, printed: 0, redeemed: 0 },
		points: 0,
		orders: { count: 0, amount: 0 },
		items: []
	};
}
