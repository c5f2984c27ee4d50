import type { InteractionType, JournaledEvent, ProfileSummary } from '../../protocol/index.js';
import type { Clock } from '../clock.js';
import { isoDay, MallDays } from './mall-day.js';
import {
	addInterest,
	addVisit,
	codeValue,
	CouponOwners,
	F,
	FLAG_JOINED,
	FLAG_LIVE,
	KIND,
	KINDS,
	MemberRecords,
	pushTimeline,
	readInterests,
	readKiosks,
	readTimeline,
	REF_MAX,
	type Kind,
	type Slot
} from './profile.records.js';

/**
 * Loyalty points: the mall's campaigns do not carry a points rule yet, so every redeemed coupon is
 * worth one point. One constant to change when campaigns grow one.
 */
export const POINTS_PER_REDEMPTION = 1;

/** How much one signal adds to a category's affinity (before decay). */
export const INTEREST_WEIGHTS = {
	categoryViewed: 1,
	shopViewed: 1,
	routeRequested: 2,
	couponClaimed: 3,
	orderPlaced: 5
} as const;

/** A kiosk session with nothing for this long is over, whether or not its end ever arrives. */
export const SESSION_IDLE_S = 30 * 60;
/** Anonymous events kept per session until it is tied to a member; the rest are dropped. */
export const SESSION_BUFFER_EVENTS = 64;
/**
 * Live sessions at once: far above a mall's 60 kiosks, so only a flood reaches it, and then the
 * buffers stay under 5,000 × 64 events × 32 bytes = 10 MB.
 */
export const MAX_LIVE_SESSIONS = 5_000;
/**
 * Ended sessions are remembered this long, so a late join for one is refused. Beyond that, a
 * session id's own UUIDv7 time says it is too old to be joined (MAX_SESSION_S).
 */
const ENDED_KEEP_S = 24 * 3600;
const MAX_ENDED_SESSIONS = 200_000;
export const MAX_SESSION_S = 12 * 3600;
const SWEEP_EVERY_S = 60;
const CONTROLLER = 'controller';

export interface ProfileOptions {
	/** The shop's category in the current content (keep it O(1): a Map per replica version). */
	shopCategory: (shopId: string) => string | undefined;
	/** The campaign's shop, so a coupon claim counts as interest in that shop's category. */
	campaignShop?: (campaignId: string) => string | undefined;
	/** The mall's IANA time zone: a visit's day is the mall's calendar day. */
	timeZone: string;
	/** Decay is computed at read time, against this clock. */
	clock?: Clock;
	/** Members erased before this process started: their journaled events are skipped on replay. */
	isErased?: (memberId: string) => boolean;
}

export interface TimelineEntry {
	at: string;
	type: Kind;
	/**
	 * What the entry is about: a shop (shop.viewed, order.placed), a category, a route's destination
	 * (a shop id or an amenity kind), a campaign (coupon.*), a kiosk (session.started,
	 * member.joined, member.identified); null when unknown.
	 */
	ref: string | null;
	/** search.performed: how many results the shopper saw (the query text is not kept). */
	results?: number;
}

export interface MemberProfile extends ProfileSummary {
	memberId: string;
	joinedAt: string | null;
	channel: string | null;
	staffId: string | null;
	/** The last 50 interactions, newest first. */
	timeline: TimelineEntry[];
}

export interface ProfileStats {
	members: number;
	liveSessions: number;
	bufferedEvents: number;
	endedSessions: number;
	coupons: number;
	/** Anonymous events dropped because their session's buffer was full. */
	droppedEvents: number;
	/** Sessions closed for idling or for the live-session cap, without a session.ended. */
	expiredSessions: number;
	/** Bytes held in typed arrays (records and the coupon table). */
	typedBytes: number;
}

interface Session {
	kiosk: number;
	/** The tied member's index, or -1 while anonymous. */
	member: number;
	/** Logged out: events of the rest of this session belong to nobody until someone identifies. */
	sealed: boolean;
	visitCounted: boolean;
	startedAt: number;
	lastReceived: number;
	/** Anonymous events, four numbers each: seconds, kind, ref, coupon code (or -1). */
	buffer: number[] | null;
}

const SESSION_KINDS: Partial<Record<InteractionType, number>> = {
	'session.started': KIND['session.started'],
	'shop.viewed': KIND['shop.viewed'],
	'category.viewed': KIND['category.viewed'],
	'search.performed': KIND['search.performed'],
	'route.requested': KIND['route.requested'],
	'route.sent_to_phone': KIND['route.sent_to_phone'],
	'coupon.claimed': KIND['coupon.claimed'],
	'coupon.printed': KIND['coupon.printed'],
	'coupon.sent_to_phone': KIND['coupon.sent_to_phone']
};

/**
 * Member profiles folded from the event journal, on replay and live.
 *
 * Identity stitching: a kiosk session's events are buffered while it is anonymous. When the session
 * joins or identifies (member.joined / member.identified with that sessionId), its buffer and every
 * later event of the session go to the member, until the session ends or the member logs out. A
 * session that ended (session.ended, or idle past SESSION_IDLE_S) is never stitched: the next
 * shopper at the same kiosk starts a new session and is never merged with the last one.
 */
export class ProfileProjection {
	#days: MallDays;
	#options: ProfileOptions;
	#clock: Clock;
	#records = new MemberRecords();
	#coupons = new CouponOwners();
	#index = new Map<string, number>();
	#ids: string[] = [];
	#free: number[] = [];
	#erased = new Set<string>();
	#refs = new Map<string, number>();
	#refNames: string[] = [''];
	#live = new Map<string, Session>();
	#ended = new Map<string, number>();
	#listeners = new Set<(memberId: string) => void>();
	#now = 0;
	#lastSweep = 0;
	#receivedText = '';
	#receivedSeconds = 0;
	#dropped = 0;
	#expired = 0;

	constructor(options: ProfileOptions) {
		this.#options = options;
		this.#days = new MallDays(options.timeZone);
		this.#clock = options.clock ?? { now: () => new Date() };
	}

	fold(e: JournaledEvent): void {
		const received = this.#received(e.receivedAt);
		if (received > this.#now) {
			this.#now = received;
			if (received - this.#lastSweep >= SWEEP_EVERY_S) this.#sweep();
		}
		const at = Math.floor(Date.parse(e.at) / 1000);
		if (!(at > 0)) return;
		switch (e.type) {
			case 'member.joined':
				return this.#joined(e, at);
			case 'member.identified': {
				const m = this.#member(e.payload.memberId);
				if (m < 0) return;
				// Tied first: what the session did before comes before the identify, even within a second.
				this.#tie(e.sessionId, m, at, this.#ref(e.payload.kioskId));
				this.#timeline(m, at, KIND['member.identified'], this.#ref(e.payload.kioskId));
				return;
			}
			case 'member.logged_out': {
				const m = this.#member(e.payload.memberId);
				if (m < 0) return;
				const s = this.#live.get(e.sessionId);
				if (s && s.member === m) {
					s.member = -1;
					s.sealed = true;
					s.buffer = null;
				}
				this.#timeline(m, at, KIND['member.logged_out'], 0);
				return;
			}
			case 'session.ended': {
				this.#live.delete(e.sessionId);
				this.#ended.set(e.sessionId, this.#now);
				return;
			}
			case 'order.placed': {
				const m = this.#member(e.payload.memberId);
				if (m < 0) return;
				const s = this.#records.slot(m);
				s.u32[s.at + F.orders]++;
				s.f64[(s.at + F.amount) / 2] += e.payload.amount;
				const shop = e.payload.shopId;
				if (shop)
					this.#interest(s, this.#options.shopCategory(shop), at, INTEREST_WEIGHTS.orderPlaced);
				this.#timeline(m, at, KIND['order.placed'], shop ? this.#ref(shop) : 0);
				return;
			}
			case 'coupon.redeemed':
				return this.#redeemed(e, at);
		}
		const kind = SESSION_KINDS[e.type];
		if (kind === undefined) {
			// language.changed, member.join_started, coupon.print_failed: only keep the session alive.
			this.#session(e.sessionId, e.deviceId, at);
			return;
		}
		let ref = 0;
		let code = -1;
		switch (e.type) {
			case 'session.started':
				ref = e.deviceId === CONTROLLER ? 0 : this.#ref(e.deviceId);
				break;
			case 'shop.viewed':
				ref = this.#ref(e.payload.shopId);
				break;
			case 'category.viewed':
				ref = this.#ref(e.payload.categoryId);
				break;
			case 'search.performed':
				ref = Math.min(e.payload.results, REF_MAX);
				break;
			case 'route.requested':
			case 'route.sent_to_phone':
				ref = this.#ref(e.payload.to);
				break;
			case 'coupon.claimed':
				ref = this.#ref(e.payload.campaignId);
				code = codeValue(e.payload.code);
				break;
			case 'coupon.printed':
			case 'coupon.sent_to_phone':
				ref = this.#ref(e.payload.campaignId);
				break;
		}
		const s = this.#session(e.sessionId, e.deviceId, at);
		if (!s) return;
		if (s.member >= 0) this.#apply(s, s.member, at, kind, ref, code);
		else if (!s.sealed) this.#buffer(s, at, kind, ref, code);
	}

	/** The member's points alone, without reading the rest of the profile (0 for no profile). */
	points(memberId: string): number {
		const m = this.#index.get(memberId);
		if (m === undefined) return 0;
		const s = this.#records.slot(m);
		return s.u32[s.at + F.points];
	}

	profile(memberId: string, at: Date = this.#clock.now()): MemberProfile | null {
		const m = this.#index.get(memberId);
		if (m === undefined) return null;
		const s = this.#records.slot(m);
		const u = s.u32;
		const o = s.at;
		const name = (ref: number) => (ref === 0 ? null : this.#refNames[ref]);
		const byKiosk: Record<string, number> = {};
		for (const k of readKiosks(s)) byKiosk[this.#refNames[k.kiosk]] = k.visits;
		const timeline: TimelineEntry[] = readTimeline(s)
			.reverse()
			.map((t) => {
				const type = KINDS[t.kind];
				const entry: TimelineEntry = {
					at: new Date(t.seconds * 1000).toISOString(),
					type,
					ref: null
				};
				if (type === 'search.performed') entry.results = t.ref;
				else entry.ref = name(t.ref);
				return entry;
			});
		const now = Math.floor(at.getTime() / 1000);
		return {
			memberId,
			joinedAt: u[o + F.joinedAt] ? new Date(u[o + F.joinedAt] * 1000).toISOString() : null,
			channel: name(u[o + F.channel]),
			staffId: name(u[o + F.staff]),
			joinKioskId: name(u[o + F.joinKiosk]),
			visits: {
				sessions: u[o + F.sessions],
				days: u[o + F.days],
				firstDay: u[o + F.days] ? isoDay(u[o + F.firstDay]) : null,
				lastDay: u[o + F.days] ? isoDay(u[o + F.lastDay]) : null,
				byKiosk,
				otherKiosks: u[o + F.otherKiosks]
			},
			lastSeenAt: u[o + F.lastSeen] ? new Date(u[o + F.lastSeen] * 1000).toISOString() : null,
			timeline,
			interests: readInterests(s, now).map((i) => ({
				categoryId: this.#refNames[i.category],
				score: Math.round(i.score * 1000) / 1000
			})),
			coupons: {
				claimed: u[o + F.claimed],
				printed: u[o + F.printed],
				redeemed: u[o + F.redeemed]
			},
			points: u[o + F.points],
			orders: { count: u[o + F.orders], amount: s.f64[(o + F.amount) / 2] }
		};
	}

	/** Called with a member's id whenever their profile changes; returns its own cleanup. */
	onChange(listener: (memberId: string) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Erasure: drops the profile, and ignores the member's events from now on. */
	forget(memberId: string): void {
		this.#erased.add(memberId);
		const m = this.#index.get(memberId);
		if (m === undefined) return;
		this.#index.delete(memberId);
		this.#ids[m] = '';
		this.#records.clear(m);
		this.#coupons.disown(m);
		for (const s of this.#live.values()) {
			if (s.member !== m) continue;
			s.member = -1;
			s.sealed = true;
		}
		this.#free.push(m);
	}

	/** Members with a profile. */
	get size(): number {
		return this.#index.size;
	}

	stats(): ProfileStats {
		let buffered = 0;
		for (const s of this.#live.values()) if (s.buffer) buffered += s.buffer.length / 4;
		return {
			members: this.#index.size,
			liveSessions: this.#live.size,
			bufferedEvents: buffered,
			endedSessions: this.#ended.size,
			coupons: this.#coupons.size,
			droppedEvents: this.#dropped,
			expiredSessions: this.#expired,
			typedBytes: this.#records.bytes + this.#coupons.bytes
		};
	}

	// --- stitching ---

	#joined(e: Extract<JournaledEvent, { type: 'member.joined' }>, at: number): void {
		const m = this.#member(e.payload.memberId);
		if (m < 0) return;
		const s = this.#records.slot(m);
		const u = s.u32;
		if (!(u[s.at + F.flags] & FLAG_JOINED)) {
			u[s.at + F.flags] |= FLAG_JOINED;
			u[s.at + F.joinedAt] = at;
			u[s.at + F.channel] = e.payload.channel ? this.#ref(e.payload.channel) : 0;
			u[s.at + F.staff] = e.payload.staffId ? this.#ref(e.payload.staffId) : 0;
			u[s.at + F.joinKiosk] = e.payload.kioskId ? this.#ref(e.payload.kioskId) : 0;
		}
		const kiosk = e.payload.kioskId ? this.#ref(e.payload.kioskId) : 0;
		this.#tie(e.sessionId, m, at, kiosk);
		this.#timeline(m, at, KIND['member.joined'], kiosk);
	}

	/** Ties a session to a member: its buffered events and everything after, until it ends. */
	#tie(sessionId: string, m: number, at: number, kiosk: number): void {
		const s = this.#session(sessionId, CONTROLLER, at);
		// An ended or expired session: the join token outlived it, or it belonged to someone else.
		if (!s) return;
		if (kiosk && !s.kiosk) s.kiosk = kiosk;
		if (s.member === m) return;
		s.member = m;
		s.sealed = false;
		s.visitCounted = false;
		const buffer = s.buffer;
		s.buffer = null;
		if (buffer) {
			for (let i = 0; i < buffer.length; i += 4) {
				this.#apply(s, m, buffer[i], buffer[i + 1], buffer[i + 2], buffer[i + 3]);
			}
		}
		this.#visit(s, m);
		this.#notify(m);
	}

	/**
	 * The live session an event belongs to, opened on its first event; null when the session is
	 * over (ended, expired) or too old to be one that is still going.
	 */
	#session(id: string, deviceId: string, at: number): Session | null {
		let s = this.#live.get(id);
		if (s) {
			s.lastReceived = this.#now;
			if (!s.kiosk && deviceId !== CONTROLLER) s.kiosk = this.#ref(deviceId);
			return s;
		}
		if (this.#ended.has(id)) return null;
		const started = sessionStart(id);
		if (started !== null && started < at - MAX_SESSION_S) return null;
		if (this.#live.size >= MAX_LIVE_SESSIONS) {
			const oldest = this.#live.keys().next().value;
			if (oldest !== undefined) this.#expire(oldest);
		}
		s = {
			kiosk: deviceId === CONTROLLER ? 0 : this.#ref(deviceId),
			member: -1,
			sealed: false,
			visitCounted: false,
			startedAt: at,
			lastReceived: this.#now,
			buffer: null
		};
		this.#live.set(id, s);
		return s;
	}

	#buffer(s: Session, at: number, kind: number, ref: number, code: number): void {
		const buffer = (s.buffer ??= []);
		if (buffer.length >= SESSION_BUFFER_EVENTS * 4) {
			this.#dropped++;
			return;
		}
		buffer.push(at, kind, ref, code);
	}

	#expire(id: string): void {
		this.#live.delete(id);
		this.#ended.set(id, this.#now);
		this.#expired++;
	}

	#sweep(): void {
		this.#lastSweep = this.#now;
		for (const [id, s] of this.#live)
			if (s.lastReceived < this.#now - SESSION_IDLE_S) this.#expire(id);
		// Insertion order is end order, so the oldest come first.
		for (const [id, endedAt] of this.#ended) {
			if (endedAt >= this.#now - ENDED_KEEP_S && this.#ended.size <= MAX_ENDED_SESSIONS) break;
			this.#ended.delete(id);
		}
	}

	// --- applying events to a member ---

	#apply(session: Session, m: number, at: number, kind: number, ref: number, code: number): void {
		const s = this.#records.slot(m);
		const u = s.u32;
		const o = s.at;
		const w = INTEREST_WEIGHTS;
		switch (kind) {
			case KIND['shop.viewed']:
				this.#interest(s, this.#options.shopCategory(this.#refNames[ref]), at, w.shopViewed);
				break;
			case KIND['category.viewed']:
				addInterest(s, ref, at, w.categoryViewed);
				break;
			case KIND['route.requested']:
				this.#interest(s, this.#options.shopCategory(this.#refNames[ref]), at, w.routeRequested);
				break;
			case KIND['coupon.claimed']: {
				u[o + F.claimed]++;
				if (code >= 0) this.#coupons.set(code, m);
				const shop = this.#options.campaignShop?.(this.#refNames[ref]);
				if (shop) this.#interest(s, this.#options.shopCategory(shop), at, w.couponClaimed);
				break;
			}
			case KIND['coupon.printed']:
				u[o + F.printed]++;
				break;
			case KIND['coupon.redeemed']:
				u[o + F.redeemed]++;
				u[o + F.points] += POINTS_PER_REDEMPTION;
				break;
		}
		if (kind === KIND['session.started'] && !session.kiosk && ref) session.kiosk = ref;
		pushTimeline(s, at, kind, ref);
		if (at > u[o + F.lastSeen]) u[o + F.lastSeen] = at;
		this.#visit(session, m);
		this.#notify(m);
	}

	/** A tied session counts as one visit, once its kiosk is known. */
	#visit(session: Session, m: number): void {
		if (session.visitCounted || !session.kiosk) return;
		session.visitCounted = true;
		addVisit(this.#records.slot(m), this.#days.day(session.startedAt), session.kiosk);
	}

	#redeemed(e: Extract<JournaledEvent, { type: 'coupon.redeemed' }>, at: number): void {
		const ref = this.#ref(e.payload.campaignId);
		const code = codeValue(e.payload.code);
		let m = code >= 0 ? this.#coupons.get(code) : -1;
		// The coupon ledger names the member it was minted for, whatever happened to the session.
		if (m < 0 && e.payload.memberId) m = this.#member(e.payload.memberId);
		const s = this.#live.get(e.sessionId);
		if (m < 0 && s) {
			// Redeemed while the claiming session is still going: it follows the claim.
			if (s.member >= 0) m = s.member;
			else if (!s.sealed) this.#buffer(s, at, KIND['coupon.redeemed'], ref, -1);
		}
		if (m < 0) return;
		const session = s && s.member === m ? s : DETACHED;
		this.#apply(session, m, at, KIND['coupon.redeemed'], ref, -1);
	}

	#timeline(m: number, at: number, kind: number, ref: number): void {
		const s = this.#records.slot(m);
		pushTimeline(s, at, kind, ref);
		if (at > s.u32[s.at + F.lastSeen]) s.u32[s.at + F.lastSeen] = at;
		this.#notify(m);
	}

	#interest(s: Slot, category: string | undefined, at: number, weight: number): void {
		if (category) addInterest(s, this.#ref(category), at, weight);
	}

	#notify(m: number): void {
		if (this.#listeners.size === 0) return;
		const id = this.#ids[m];
		for (const l of this.#listeners) l(id);
	}

	// --- interning ---

	/** The member's index, created on first sight; -1 for an erased member. */
	#member(id: string): number {
		const m = this.#index.get(id);
		if (m !== undefined) return m;
		if (this.#erased.has(id) || this.#options.isErased?.(id)) return -1;
		const n = this.#free.pop() ?? this.#ids.length;
		this.#index.set(id, n);
		this.#ids[n] = id;
		const s = this.#records.slot(n);
		s.u32[s.at + F.flags] = FLAG_LIVE;
		return n;
	}

	#ref(name: string): number {
		let r = this.#refs.get(name);
		if (r === undefined) {
			r = this.#refNames.length;
			this.#refs.set(name, r);
			this.#refNames.push(name);
		}
		return r;
	}

	#received(text: string): number {
		if (text !== this.#receivedText) {
			this.#receivedText = text;
			const ms = Date.parse(text);
			if (ms > 0) this.#receivedSeconds = Math.floor(ms / 1000);
		}
		return this.#receivedSeconds;
	}
}

/** A redemption outside any live session still counts; it just is no visit. */
const DETACHED: Session = {
	kiosk: 0,
	member: -1,
	sealed: true,
	visitCounted: true,
	startedAt: 0,
	lastReceived: 0,
	buffer: null
};

/** When a UUIDv7 session id was minted (seconds), or null for any other kind of id. */
function sessionStart(id: string): number | null {
	if (id.length !== 36 || id.charCodeAt(14) !== 55 /* '7' */) return null;
	const ms = parseInt(id.slice(0, 8), 16) * 65_536 + parseInt(id.slice(9, 13), 16);
	return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}
