/**
 * Member profiles as fixed-size records of 32-bit words in pages of typed arrays: one small
 * allocation per 512 members instead of a dozen objects per member, so 100,000 members fit in
 * tens of megabytes and the garbage collector has almost nothing to walk.
 */

import { TIMELINE_KINDS, type TimelineKind } from '../../protocol/index.js';

/**
 * What a timeline entry was; its index is stored in the top 6 bits of the entry's second word. The
 * protocol's list is the one list, so the console and the records cannot disagree on a kind.
 */
export const KINDS = TIMELINE_KINDS;
export type Kind = TimelineKind;
export const KIND: { readonly [K in Kind]: number } = Object.fromEntries(
	KINDS.map((k, i) => [k, i])
) as { [K in Kind]: number };

/** The low 26 bits of an entry: an interned id, or a count (a search's results). */
export const REF_MAX = 2 ** 26 - 1;
const REF_SPAN = 2 ** 26;

export const TIMELINE = 50;
export const KIOSK_SLOTS = 6;
export const INTEREST_SLOTS = 8;
export const HALF_LIFE_S = 30 * 86_400;
/** Visits on the days just before the latest one are remembered exactly, for late deliveries. */
const DAY_WINDOW = 32;

// Word offsets in a record. Amount is a float64, so it sits on an even word and STRIDE is even.
export const F = {
	flags: 0,
	joinedAt: 1,
	channel: 2,
	staff: 3,
	joinKiosk: 4,
	claimed: 5,
	printed: 6,
	redeemed: 7,
	points: 8,
	orders: 9,
	amount: 10,
	days: 12,
	firstDay: 13,
	lastDay: 14,
	dayBits: 15,
	sessions: 16,
	lastSeen: 17,
	timelineCount: 18,
	otherKiosks: 19,
	kiosks: 20,
	interests: 20 + 2 * KIOSK_SLOTS,
	timeline: 20 + 2 * KIOSK_SLOTS + 3 * INTEREST_SLOTS
} as const;
export const STRIDE = F.timeline + 2 * TIMELINE;
export const FLAG_LIVE = 1;
export const FLAG_JOINED = 2;

const PAGE_BITS = 9;
const PAGE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE - 1;

interface Page {
	u32: Uint32Array;
	f32: Float32Array;
	f64: Float64Array;
}

/** A cursor onto one member's record: `u32[at + F.x]`. */
export interface Slot extends Page {
	at: number;
}

export class MemberRecords {
	#pages: Page[] = [];

	/** The record of member `index`, allocating its page on first use. */
	slot(index: number): Slot {
		const n = index >>> PAGE_BITS;
		let page = this.#pages[n];
		if (!page) {
			const buffer = new ArrayBuffer(PAGE * STRIDE * 4);
			page = {
				u32: new Uint32Array(buffer),
				f32: new Float32Array(buffer),
				f64: new Float64Array(buffer)
			};
			this.#pages[n] = page;
		}
		return { u32: page.u32, f32: page.f32, f64: page.f64, at: (index & PAGE_MASK) * STRIDE };
	}

	clear(index: number): void {
		const s = this.slot(index);
		s.u32.fill(0, s.at, s.at + STRIDE);
	}

	get bytes(): number {
		return this.#pages.length * PAGE * STRIDE * 4;
	}
}

export function pushTimeline(s: Slot, seconds: number, kind: number, ref: number): void {
	const count = s.u32[s.at + F.timelineCount];
	const w = s.at + F.timeline + 2 * (count % TIMELINE);
	s.u32[w] = seconds;
	s.u32[w + 1] = kind * REF_SPAN + Math.min(ref, REF_MAX);
	s.u32[s.at + F.timelineCount] = count + 1;
}

/** The timeline entries kept, oldest first by time. */
export function readTimeline(s: Slot): { seconds: number; kind: number; ref: number }[] {
	const count = s.u32[s.at + F.timelineCount];
	const out: { seconds: number; kind: number; ref: number }[] = [];
	for (let i = Math.max(0, count - TIMELINE); i < count; i++) {
		const w = s.at + F.timeline + 2 * (i % TIMELINE);
		const packed = s.u32[w + 1];
		out.push({ seconds: s.u32[w], kind: Math.floor(packed / REF_SPAN), ref: packed % REF_SPAN });
	}
	// Stable, so entries of the same second keep the order they happened in.
	return out.sort((a, b) => a.seconds - b.seconds);
}

/** A score that halves every HALF_LIFE_S, taken from `from` to `to`. */
export function decay(score: number, from: number, to: number): number {
	return score * Math.pow(2, (from - to) / HALF_LIFE_S);
}

/**
 * Adds `weight` to a category's affinity at `seconds`. Each slot keeps its score as of its own
 * timestamp, so a read decays it to any moment without touching the others. When every slot is
 * taken, a new category replaces the weakest one only if it would now outweigh it.
 */
export function addInterest(s: Slot, category: number, seconds: number, weight: number): void {
	const base = s.at + F.interests;
	let free = -1;
	let weakest = -1;
	let weakestScore = Infinity;
	for (let i = 0; i < INTEREST_SLOTS; i++) {
		const w = base + 3 * i;
		const ref = s.u32[w];
		if (ref === category) {
			const t = s.u32[w + 2];
			if (seconds >= t) {
				s.f32[w + 1] = decay(s.f32[w + 1], t, seconds) + weight;
				s.u32[w + 2] = seconds;
			} else {
				// A late event: its weight has already decayed by the slot's own time.
				s.f32[w + 1] += decay(weight, seconds, t);
			}
			return;
		}
		if (ref === 0) {
			if (free < 0) free = w;
			continue;
		}
		const now = decay(s.f32[w + 1], s.u32[w + 2], seconds);
		if (now < weakestScore) {
			weakestScore = now;
			weakest = w;
		}
	}
	const w = free >= 0 ? free : weakestScore < weight ? weakest : -1;
	if (w < 0) return;
	s.u32[w] = category;
	s.f32[w + 1] = weight;
	s.u32[w + 2] = seconds;
}

export function readInterests(s: Slot, seconds: number): { category: number; score: number }[] {
	const out: { category: number; score: number }[] = [];
	for (let i = 0; i < INTEREST_SLOTS; i++) {
		const w = s.at + F.interests + 3 * i;
		if (s.u32[w] === 0) continue;
		out.push({ category: s.u32[w], score: decay(s.f32[w + 1], s.u32[w + 2], seconds) });
	}
	return out.sort((a, b) => b.score - a.score);
}

/** Counts one visit (a kiosk session tied to the member) on a mall-local day at a kiosk. */
export function addVisit(s: Slot, day: number, kiosk: number): void {
	const u = s.u32;
	const at = s.at;
	u[at + F.sessions]++;
	addKiosk(s, kiosk);
	const last = u[at + F.lastDay];
	if (u[at + F.days] === 0) {
		u[at + F.days] = 1;
		u[at + F.firstDay] = day;
		u[at + F.lastDay] = day;
		return;
	}
	if (day === last) return;
	if (day > last) {
		// Shift the window: bit k means "visited on lastDay - 1 - k".
		const shift = day - last;
		const bits = u[at + F.dayBits];
		u[at + F.dayBits] =
			shift > DAY_WINDOW
				? 0
				: ((shift === DAY_WINDOW ? 0 : bits << shift) | (1 << (shift - 1))) >>> 0;
		u[at + F.lastDay] = day;
		u[at + F.days]++;
		return;
	}
	const k = last - day - 1;
	if (k < DAY_WINDOW) {
		const bit = (1 << k) >>> 0;
		if ((u[at + F.dayBits] & bit) === 0) {
			u[at + F.dayBits] = (u[at + F.dayBits] | bit) >>> 0;
			u[at + F.days]++;
			if (day < u[at + F.firstDay]) u[at + F.firstDay] = day;
		}
	} else if (day < u[at + F.firstDay]) {
		// Older than the window: only a day before the first known one is surely new.
		u[at + F.firstDay] = day;
		u[at + F.days]++;
	}
}

function addKiosk(s: Slot, kiosk: number): void {
	const base = s.at + F.kiosks;
	for (let i = 0; i < KIOSK_SLOTS; i++) {
		const w = base + 2 * i;
		if (s.u32[w] === kiosk) {
			s.u32[w + 1]++;
			return;
		}
		if (s.u32[w] === 0) {
			s.u32[w] = kiosk;
			s.u32[w + 1] = 1;
			return;
		}
	}
	s.u32[s.at + F.otherKiosks]++;
}

export function readKiosks(s: Slot): { kiosk: number; visits: number }[] {
	const out: { kiosk: number; visits: number }[] = [];
	for (let i = 0; i < KIOSK_SLOTS; i++) {
		const w = s.at + F.kiosks + 2 * i;
		if (s.u32[w] !== 0) out.push({ kiosk: s.u32[w], visits: s.u32[w + 1] });
	}
	return out;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SYMBOL = new Int8Array(128).fill(-1);
for (let i = 0; i < CROCKFORD.length; i++) SYMBOL[CROCKFORD.charCodeAt(i)] = i;

/** A coupon code's 10 random symbols as an exact integer (50 bits), or -1 for a malformed code. */
export function codeValue(code: string): number {
	if (code.length < 10) return -1;
	let v = 0;
	for (let i = 0; i < 10; i++) {
		const c = code.charCodeAt(i);
		const d = c < 128 ? SYMBOL[c] : -1;
		if (d < 0) return -1;
		v = v * 32 + d;
	}
	return v;
}

/**
 * Which member claimed a coupon, by code, so its redemption (days later, at a shop) lands in the
 * right profile: an open-addressing table of plain numbers, about 24 bytes a coupon.
 */
export class CouponOwners {
	#keys = new Float64Array(1024);
	#owners = new Int32Array(1024);
	#size = 0;

	get size(): number {
		return this.#size;
	}

	get bytes(): number {
		return this.#keys.byteLength + this.#owners.byteLength;
	}

	set(code: number, owner: number): void {
		if ((this.#size + 1) * 10 > this.#keys.length * 7) this.#grow();
		const i = this.#find(code);
		if (this.#keys[i] === 0) this.#size++;
		this.#keys[i] = code + 1;
		this.#owners[i] = owner;
	}

	/** The owner's index, or -1. */
	get(code: number): number {
		const i = this.#find(code);
		return this.#keys[i] === 0 ? -1 : this.#owners[i];
	}

	/** Erasure: the member's coupons no longer point at anyone. */
	disown(owner: number): void {
		for (let i = 0; i < this.#owners.length; i++)
			if (this.#keys[i] !== 0 && this.#owners[i] === owner) this.#owners[i] = -1;
	}

	#find(code: number): number {
		const mask = this.#keys.length - 1;
		const key = code + 1;
		let i = Math.imul((code % 0x40000000) ^ Math.floor(code / 0x40000000), 0x9e3779b1) >>> 0;
		i &= mask;
		while (this.#keys[i] !== 0 && this.#keys[i] !== key) i = (i + 1) & mask;
		return i;
	}

	#grow(): void {
		const keys = this.#keys;
		const owners = this.#owners;
		this.#keys = new Float64Array(keys.length * 2);
		this.#owners = new Int32Array(keys.length * 2);
		for (let i = 0; i < keys.length; i++) {
			if (keys[i] === 0) continue;
			const j = this.#find(keys[i] - 1);
			this.#keys[j] = keys[i];
			this.#owners[j] = owners[i];
		}
	}
}
