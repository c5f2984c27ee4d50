import type {
	AgentStatus,
	AmenityKind,
	ClaimResult,
	InteractionEvent,
	Locale,
	Replica,
	Shop
} from '$protocol';
import { uuidv7 } from '$protocol/ids';
import type { ScreenLink } from '$protocol/screen-link';
import { memberLink, type MemberLink } from './member/member-link';
import { Membership } from './member/membership.svelte';

type Payloads = {
	[E in InteractionEvent as E['type']]: E['payload'];
};

export interface KioskOptions {
	/** Seconds without a touch before the countdown shows. */
	idleTimeoutS: number;
	/** Seconds the countdown runs before the kiosk resets. */
	countdownS: number;
	/** The member side of the link (a stand-in in tests); from the screen link otherwise. */
	memberLink?: MemberLink;
}

/**
 * While the join sheet shows, the shopper is busy on their phone, not touching the kiosk: the reset
 * waits this long, so the greeting finds them still here (the join QR lives 5 minutes).
 */
export const JOIN_IDLE_S = 240;

/**
 * One shopper's session at the kiosk and everything it shows. All of the shopper's state lives here,
 * so the idle reset can wipe it in one place.
 */
export class Kiosk {
	replica = $state<Replica | null>(null);
	status = $state<AgentStatus | null>(null);
	locale = $state<Locale>('zh-Hant');
	attract = $state(true);
	sessionId = $state<string | null>(null);
	category = $state<string | null>(null);
	floor = $state<string | null>(null);
	shopId = $state<string | null>(null);
	/** What the shopper is looking at; the shop page shows whenever a shop is picked. */
	view = $state<'directory' | 'search' | 'map'>('directory');
	query = $state('');
	/** Routes avoid escalators and stairs (elevators only). Chosen on the first screen, kept for the session. */
	stepFree = $state(false);
	/** Where the map routes to: a shop, or the nearest amenity of a kind. */
	routeTo = $state<{ shopId: string } | { amenity: AmenityKind } | null>(null);
	/** The coupon being taken: printing, printed, on the phone instead, or refused. */
	coupon = $state<
		| { campaignId: string; phase: 'working' }
		| { campaignId: string; phase: 'printed' | 'phone'; result: ClaimResult }
		| { campaignId: string; phase: 'error'; error: string }
		| null
	>(null);
	/** Seconds left before the reset, while the countdown shows. */
	countdown = $state<number | null>(null);
	/** Joining, the member greeted, a refused card. */
	readonly member: Membership;

	shop = $derived<Shop | null>(this.replica?.data.shops.find((s) => s.id === this.shopId) ?? null);
	shops = $derived<Shop[]>(
		(this.replica?.data.shops ?? []).filter(
			(s) =>
				(this.category === null || s.category === this.category) &&
				(this.floor === null || s.floor === this.floor)
		)
	);

	/** The view the map opened over, where "back" returns. */
	#underMap: 'directory' | 'search' = 'directory';
	#link: ScreenLink;
	#options: KioskOptions;
	#idleTimer: ReturnType<typeof setTimeout> | null = null;
	#tickTimer: ReturnType<typeof setInterval> | null = null;
	#cleanup: (() => void)[] = [];

	constructor(link: ScreenLink, options: KioskOptions) {
		this.#link = link;
		this.#options = options;
		const members = options.memberLink ?? memberLink(link);
		this.member = new Membership({
			link: members,
			session: () => this.sessionId,
			emit: (type, payload) => this.#emit(type, payload),
			onGreeted: () => this.touch()
		});
		this.#cleanup.push(
			link.onReplica((r) => {
				this.replica = r;
				if (this.attract) this.locale = r.data.mall.defaultLocale;
			}),
			link.onStatus((s) => {
				if (s.controller === 'online' && this.status?.controller === 'offline') this.member.controllerBack();
				this.status = s;
			}),
			// A member showed their card to the idle kiosk: their session starts, in the screen's language.
			members.onWake(() => {
				if (this.attract) this.start(this.locale);
			})
		);
	}

	/** Leaves the attract loop: a new session, in the language the shopper picked. */
	start(locale: Locale): void {
		this.locale = locale;
		this.attract = false;
		this.sessionId = uuidv7();
		this.#emit('session.started', {});
		this.member.sessionChanged();
		this.touch();
	}

	/** Any touch: postpones the reset and dismisses a running countdown. */
	touch(): void {
		if (this.attract) return;
		this.countdown = null;
		if (this.#tickTimer) clearInterval(this.#tickTimer);
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		const idleS = this.member.joining
			? Math.max(this.#options.idleTimeoutS, JOIN_IDLE_S)
			: this.#options.idleTimeoutS;
		this.#idleTimer = setTimeout(() => this.#startCountdown(), idleS * 1000);
	}

	/** "Become a member": the join sheet, with a QR bound to this session. */
	openJoin(): void {
		this.member.openJoin();
		this.touch();
	}

	closeJoin(): void {
		this.member.closeJoin();
		this.touch();
	}

	setLocale(locale: Locale): void {
		if (locale === this.locale) return;
		const from = this.locale;
		this.locale = locale;
		if (!this.attract) this.#emit('language.changed', { from, to: locale });
	}

	setCategory(id: string | null): void {
		this.category = id;
		if (id) this.#emit('category.viewed', { categoryId: id });
	}

	setFloor(id: string | null): void {
		this.floor = id;
	}

	viewShop(id: string): void {
		this.shopId = id;
		if (this.view === 'map') this.view = 'directory';
		this.#emit('shop.viewed', { shopId: id });
	}

	closeShop(): void {
		this.shopId = null;
	}

	openSearch(): void {
		this.shopId = null;
		this.view = 'search';
	}

	openDirectory(): void {
		this.shopId = null;
		this.view = 'directory';
	}

	searched(query: string, results: number): void {
		this.#emit('search.performed', { query: query.slice(0, 200), results });
	}

	/** Opens the map with a route to a shop or to the nearest amenity of a kind. */
	showRoute(to: { shopId: string } | { amenity: AmenityKind }): void {
		this.routeTo = to;
		if (this.view !== 'map') this.#underMap = this.view;
		this.view = 'map';
	}

	setStepFree(on: boolean): void {
		this.stepFree = on;
	}

	/** The map reports each route it computes, so a step-free request without a route is visible too. */
	routed(to: string, found: boolean): void {
		this.#emit('route.requested', { to, stepFree: this.stepFree, found });
	}

	sentToPhone(to: string): void {
		this.#emit('route.sent_to_phone', { to, stepFree: this.stepFree });
	}

	back(): void {
		if (this.view === 'map') this.view = this.#underMap;
		else if (this.shopId) this.shopId = null;
		else this.view = 'directory';
	}

	/** The shopper tapped "get coupon": the agent mints and prints, or the phone takes over. */
	async claimCoupon(campaignId: string): Promise<void> {
		if (!this.sessionId || this.coupon?.phase === 'working') return;
		const sessionId = this.sessionId;
		this.coupon = { campaignId, phase: 'working' };
		const res = await this.#link.claim({ campaignId, sessionId, locale: this.locale });
		// The shopper may have left (idle reset) while it printed: show nothing to the next one.
		if (this.sessionId !== sessionId) return;
		if ('error' in res) {
			this.coupon = { campaignId, phase: 'error', error: res.error.code };
			return;
		}
		const result = res.data;
		this.coupon = { campaignId, phase: result.printed ? 'printed' : 'phone', result };
		if (!result.printed) this.couponToPhone();
	}

	/** The coupon's QR is on screen for the shopper's phone. */
	couponToPhone(): void {
		const c = this.coupon;
		if (!c || (c.phase !== 'printed' && c.phase !== 'phone')) return;
		this.coupon = { ...c, phase: 'phone' };
		this.#emit('coupon.sent_to_phone', { campaignId: c.campaignId, code: c.result.coupon.code });
	}

	closeCoupon(): void {
		this.coupon = null;
	}

	/** Ends the session and wipes everything the shopper did. */
	end(reason: 'idle' | 'done'): void {
		// The member logs out while the session still exists, so the journal reads in order.
		this.member.reset(reason === 'idle' ? 'idle' : 'tap');
		if (this.sessionId) this.#emit('session.ended', { reason });
		if (this.#idleTimer) clearTimeout(this.#idleTimer);
		if (this.#tickTimer) clearInterval(this.#tickTimer);
		this.sessionId = null;
		this.category = null;
		this.floor = null;
		this.shopId = null;
		this.view = 'directory';
		this.query = '';
		this.stepFree = false;
		this.routeTo = null;
		this.coupon = null;
		this.#underMap = 'directory';
		this.countdown = null;
		this.attract = true;
		this.locale = this.replica?.data.mall.defaultLocale ?? 'zh-Hant';
		this.member.sessionChanged();
	}

	destroy(): void {
		this.end('done');
		this.member.destroy();
		for (const c of this.#cleanup) c();
	}

	#startCountdown(): void {
		this.countdown = this.#options.countdownS;
		this.#tickTimer = setInterval(() => {
			if (this.countdown === null) return;
			this.countdown -= 1;
			if (this.countdown <= 0) this.end('idle');
		}, 1000);
	}

	#emit<T extends keyof Payloads>(type: T, payload: Payloads[T]): void {
		if (!this.sessionId) return;
		void this.#link.send({
			id: uuidv7(),
			type,
			// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp, not state
			at: new Date().toISOString(),
			sessionId: this.sessionId,
			locale: this.locale,
			payload
		} as InteractionEvent);
	}
}
