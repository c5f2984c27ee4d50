import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	newCouponCode,
	TIMELINE_KINDS,
	uuidv7,
	type ConsoleMember,
	type InteractionType,
	type JournaledEvent,
	type ReplicaData,
	type Role,
	type TimelineKind
} from '../../protocol/index.js';
import { Journal } from '../store/journal.js';
import {
	MAX_LIVE_SESSIONS,
	ProfileProjection,
	SESSION_BUFFER_EVENTS,
	type ProfileOptions
} from './profile.projection.js';
import { KINDS } from './profile.records.js';
import { contentLookups, ProfileService, type ProfileMembers } from './profile.service.js';

const SHOPS: Record<string, string> = {
	starbucks: 'cafe',
	'din-tai-fung': 'restaurant',
	uniqlo: 'fashion',
	muji: 'lifestyle'
};
const CAMPAIGNS: Record<string, string> = { 'starbucks-bogo': 'starbucks', 'uniqlo-10': 'uniqlo' };
const MIN = 60_000;
const DAY = 86_400_000;

/** A UUIDv7 minted at `ms` (protocol's uuidv7 never goes back in time within a process). */
function uuidAt(ms: number): string {
	const hex = ms.toString(16).padStart(12, '0');
	return `${hex.slice(0, 8)}-${hex.slice(8)}${uuidv7().slice(13)}`;
}

type Payloads = { [E in JournaledEvent as E['type']]: E['payload'] };

/** A mall floor in a test: kiosks emit session events, the controller journals joins. */
class Floor {
	now = Date.parse('2026-03-01T02:00:00Z');
	readonly events: JournaledEvent[] = [];
	readonly projection: ProfileProjection;

	constructor(options: Partial<ProfileOptions> = {}) {
		this.projection = new ProfileProjection({
			shopCategory: (id) => SHOPS[id],
			campaignShop: (id) => CAMPAIGNS[id],
			timeZone: 'Asia/Taipei',
			clock: { now: () => new Date(this.now) },
			...options
		});
	}

	/** A new kiosk session: its id is minted now, as the kiosk does. */
	start(kiosk = 'kiosk-1'): string {
		const sessionId = uuidAt(this.now);
		this.emit(kiosk, sessionId, 'session.started', {});
		return sessionId;
	}

	emit<T extends keyof Payloads>(
		deviceId: string,
		sessionId: string,
		type: T,
		payload: Payloads[T]
	): void {
		const at = new Date(this.now).toISOString();
		const e = {
			id: uuidv7(this.now),
			type,
			at,
			sessionId,
			locale: 'zh-Hant',
			payload,
			deviceId,
			receivedAt: at
		};
		this.events.push(e as JournaledEvent);
		this.projection.fold(e as JournaledEvent);
		this.now += 1000;
	}

	view(sessionId: string, shopId: string, kiosk = 'kiosk-1'): void {
		this.emit(kiosk, sessionId, 'shop.viewed', { shopId });
	}

	claim(sessionId: string, campaignId = 'starbucks-bogo', kiosk = 'kiosk-1'): string {
		const code = newCouponCode();
		this.emit(kiosk, sessionId, 'coupon.claimed', { campaignId, code, offline: false });
		return code;
	}

	join(sessionId: string, memberId: string, kiosk: string | null = 'kiosk-1'): void {
		this.emit('controller', sessionId, 'member.joined', {
			memberId,
			kioskId: kiosk,
			channel: 'lobby-poster',
			staffId: 'staff-amy'
		});
	}

	identify(sessionId: string, memberId: string, kiosk = 'kiosk-1'): void {
		this.emit('controller', sessionId, 'member.identified', { memberId, kioskId: kiosk });
	}

	end(sessionId: string, kiosk = 'kiosk-1', reason: 'idle' | 'done' = 'idle'): void {
		this.emit(kiosk, sessionId, 'session.ended', { reason });
	}

	redeem(sessionId: string, code: string, campaignId = 'starbucks-bogo'): void {
		this.emit('controller', sessionId, 'coupon.redeemed', {
			campaignId,
			code,
			shopId: CAMPAIGNS[campaignId],
			by: 'staff-1'
		});
	}

	shopsSeen(memberId: string): string[] {
		const p = this.projection.profile(memberId);
		return (p?.timeline ?? []).filter((t) => t.type === 'shop.viewed').map((t) => t.ref ?? '');
	}
}

describe('identity stitching', () => {
	it('puts what the shopper did before joining into the profile of that session', () => {
		const f = new Floor();
		const s = f.start();
		f.view(s, 'starbucks');
		f.emit('kiosk-1', s, 'category.viewed', { categoryId: 'fashion' });
		f.claim(s);
		f.emit('kiosk-1', s, 'member.join_started', { via: 'kiosk-qr' });
		f.join(s, 'm-1');
		f.view(s, 'uniqlo');
		f.end(s, 'kiosk-1', 'done');

		const p = f.projection.profile('m-1');
		expect(p).not.toBeNull();
		expect(f.shopsSeen('m-1')).toEqual(['uniqlo', 'starbucks']);
		expect(p?.timeline.map((t) => t.type)).toEqual([
			'shop.viewed',
			'member.joined',
			'coupon.claimed',
			'category.viewed',
			'shop.viewed',
			'session.started'
		]);
		expect(p?.channel).toBe('lobby-poster');
		expect(p?.staffId).toBe('staff-amy');
		expect(p?.joinKioskId).toBe('kiosk-1');
		expect(p?.joinedAt).toBe('2026-03-01T02:00:05.000Z');
		expect(p?.visits).toMatchObject({ sessions: 1, days: 1, byKiosk: { 'kiosk-1': 1 } });
		expect(p?.coupons).toEqual({ claimed: 1, printed: 0, redeemed: 0 });
		expect(p?.interests.map((i) => i.categoryId).sort()).toEqual(['cafe', 'fashion']);
	});

	it('never merges the next shopper at the same kiosk after an idle reset', () => {
		const f = new Floor();
		const first = f.start();
		f.view(first, 'starbucks');
		f.join(first, 'm-1');
		f.end(first);
		// Someone else walks up to the same kiosk.
		const next = f.start();
		f.view(next, 'din-tai-fung');
		f.claim(next);
		f.end(next);
		expect(f.shopsSeen('m-1')).toEqual(['starbucks']);
		expect(f.projection.profile('m-1')?.coupons.claimed).toBe(0);
		expect(f.projection.profile('m-1')?.visits.sessions).toBe(1);

		// The next shopper joins in their own session: only their events go to them.
		const third = f.start();
		f.view(third, 'muji');
		f.join(third, 'm-2');
		expect(f.shopsSeen('m-2')).toEqual(['muji']);
		expect(f.shopsSeen('m-1')).toEqual(['starbucks']);
	});

	it('attaches the earlier events of the session when a member identifies mid-session', () => {
		const f = new Floor();
		const s = f.start();
		f.view(s, 'starbucks');
		f.view(s, 'uniqlo');
		f.identify(s, 'm-1');
		f.view(s, 'muji');
		expect(f.shopsSeen('m-1')).toEqual(['muji', 'uniqlo', 'starbucks']);
		expect(f.projection.profile('m-1')?.visits.sessions).toBe(1);
		expect(f.projection.profile('m-1')?.joinedAt).toBeNull();
	});

	it('stops attaching once the member logs out, even within the same session', () => {
		const f = new Floor();
		const s = f.start();
		f.identify(s, 'm-1');
		f.view(s, 'starbucks');
		f.emit('controller', s, 'member.logged_out', { memberId: 'm-1', reason: 'tap' });
		f.view(s, 'din-tai-fung');
		f.identify(s, 'm-2');
		f.view(s, 'muji');
		expect(f.shopsSeen('m-1')).toEqual(['starbucks']);
		// What happened between the logout and the next identify belongs to nobody.
		expect(f.shopsSeen('m-2')).toEqual(['muji']);
	});

	it('ignores a join for a session that already ended', () => {
		const f = new Floor();
		const s = f.start();
		f.view(s, 'starbucks');
		f.end(s);
		f.now += 5 * MIN;
		f.join(s, 'm-1');
		f.view(s, 'uniqlo');
		const p = f.projection.profile('m-1');
		expect(f.shopsSeen('m-1')).toEqual([]);
		expect(p?.visits.sessions).toBe(0);
		expect(p?.timeline.map((t) => t.type)).toEqual(['member.joined']);
	});

	it('treats a session idle for over 30 minutes as ended, session.ended or not', () => {
		const f = new Floor();
		const lost = f.start('kiosk-2');
		f.view(lost, 'starbucks', 'kiosk-2');
		// The floor carries on at another kiosk for 31 minutes.
		const other = f.start('kiosk-3');
		for (let i = 0; i < 31; i++) {
			f.now += MIN;
			f.view(other, 'muji', 'kiosk-3');
		}
		f.join(lost, 'm-1', 'kiosk-2');
		expect(f.shopsSeen('m-1')).toEqual([]);
		expect(f.projection.stats().expiredSessions).toBe(1);
	});

	it('ignores a join for a long-gone session it has no memory of', () => {
		const f = new Floor();
		const old = uuidAt(f.now - 2 * DAY);
		f.join(old, 'm-1');
		f.emit('kiosk-1', old, 'shop.viewed', { shopId: 'starbucks' });
		expect(f.shopsSeen('m-1')).toEqual([]);
	});

	it('follows a session whose join arrived before the kiosk delivered its events', () => {
		const f = new Floor();
		const s = uuidAt(f.now);
		// The controller journals the join; the kiosk's outbox was a few seconds behind.
		f.join(s, 'm-1', 'kiosk-4');
		f.emit('kiosk-4', s, 'session.started', {});
		f.view(s, 'starbucks', 'kiosk-4');
		const p = f.projection.profile('m-1');
		expect(f.shopsSeen('m-1')).toEqual(['starbucks']);
		expect(p?.visits).toMatchObject({ sessions: 1, byKiosk: { 'kiosk-4': 1 } });
	});

	it('keeps anonymous buffers bounded under a flood of sessions that never end', () => {
		const f = new Floor();
		for (let i = 0; i < MAX_LIVE_SESSIONS * 3; i++) {
			const s = f.start(`kiosk-${i % 60}`);
			f.view(s, 'starbucks', `kiosk-${i % 60}`);
			f.now -= 1900; // thousands of sessions within minutes: only the cap can hold them
		}
		const chatty = f.start();
		for (let i = 0; i < SESSION_BUFFER_EVENTS * 2; i++) f.view(chatty, 'muji');
		const stats = f.projection.stats();
		expect(stats.liveSessions).toBeLessThanOrEqual(MAX_LIVE_SESSIONS);
		expect(stats.bufferedEvents).toBeLessThanOrEqual(MAX_LIVE_SESSIONS * SESSION_BUFFER_EVENTS);
		expect(stats.droppedEvents).toBe(SESSION_BUFFER_EVENTS + 1);
		expect(stats.members).toBe(0);

		// An hour later, the idle ones are gone too.
		f.now += 60 * MIN;
		const s = f.start();
		f.view(s, 'uniqlo');
		expect(f.projection.stats().liveSessions).toBe(1);
		f.join(chatty, 'm-late');
		expect(f.shopsSeen('m-late')).toEqual([]);
	});
});

describe('profile figures', () => {
	it('halves a category affinity every 30 days, computed when read', () => {
		const f = new Floor();
		const s = f.start();
		f.join(s, 'm-1');
		f.view(s, 'starbucks');
		const t0 = f.now - 1000;
		const score = (at: number) =>
			f.projection.profile('m-1', new Date(at))?.interests.find((i) => i.categoryId === 'cafe')
				?.score;
		expect(score(t0)).toBe(1);
		expect(score(t0 + 30 * DAY)).toBe(0.5);
		expect(score(t0 + 90 * DAY)).toBe(0.125);

		// A month later the member routes to the same café: 0.5 left + 2 for the route.
		f.end(s);
		f.now = t0 + 30 * DAY;
		const later = f.start();
		f.identify(later, 'm-1');
		f.emit('kiosk-1', later, 'route.requested', { to: 'starbucks', stepFree: false, found: true });
		const t1 = f.now - 1000;
		expect(score(t1)).toBeCloseTo(2.5, 3);
		expect(score(t1 + 30 * DAY)).toBeCloseTo(1.25, 3);
		// The strongest interest comes first.
		f.view(later, 'uniqlo');
		expect(f.projection.profile('m-1', new Date(t1))?.interests.map((i) => i.categoryId)).toEqual([
			'cafe',
			'fashion'
		]);
	});

	it('counts visits per mall-local day in Asia/Taipei, across UTC midnight', () => {
		const f = new Floor();
		const visit = (iso: string, kiosk: string) => {
			f.now = Date.parse(iso);
			const s = f.start(kiosk);
			f.identify(s, 'm-1', kiosk);
			f.end(s, kiosk);
		};
		// 23:30 and 00:30 in Taipei: two days, though both are March 1 in UTC.
		visit('2026-03-01T15:30:00Z', 'kiosk-1');
		visit('2026-03-01T16:30:00Z', 'kiosk-2');
		// 07:30 and 09:00 on March 2 in Taipei: the same day, though UTC midnight lies between.
		visit('2026-03-01T23:30:00Z', 'kiosk-1');
		visit('2026-03-02T01:00:00Z', 'kiosk-1');
		expect(f.projection.profile('m-1')?.visits).toEqual({
			sessions: 4,
			days: 2,
			firstDay: '2026-03-01',
			lastDay: '2026-03-02',
			byKiosk: { 'kiosk-1': 3, 'kiosk-2': 1 },
			otherKiosks: 0
		});
	});

	it('counts a late-delivered visit on an earlier day once', () => {
		const f = new Floor();
		const visit = (iso: string) => {
			f.now = Date.parse(iso);
			const s = f.start();
			f.identify(s, 'm-1');
			f.end(s);
		};
		visit('2026-03-10T04:00:00Z');
		visit('2026-03-03T04:00:00Z');
		visit('2026-03-03T06:00:00Z');
		visit('2026-03-10T05:00:00Z');
		const v = f.projection.profile('m-1')?.visits;
		expect(v).toMatchObject({
			sessions: 4,
			days: 2,
			firstDay: '2026-03-03',
			lastDay: '2026-03-10'
		});
	});

	it('counts coupons claimed, printed and redeemed, and a point per redemption', () => {
		const f = new Floor();
		const s = f.start();
		const before = f.claim(s);
		f.emit('kiosk-1', s, 'coupon.printed', {
			campaignId: 'starbucks-bogo',
			code: before,
			jobId: 1,
			pages: 1
		});
		f.identify(s, 'm-1');
		const after = f.claim(s, 'uniqlo-10');
		f.emit('kiosk-1', s, 'coupon.sent_to_phone', { campaignId: 'uniqlo-10', code: after });
		f.end(s);
		// Someone anonymous takes one too.
		const anon = f.start();
		const theirs = f.claim(anon);
		f.end(anon);

		f.now += 3 * DAY;
		f.redeem(s, before);
		f.redeem(s, after, 'uniqlo-10');
		f.redeem(anon, theirs);
		const p = f.projection.profile('m-1');
		expect(p?.coupons).toEqual({ claimed: 2, printed: 1, redeemed: 2 });
		expect(p?.points).toBe(2);
		expect(p?.timeline[0]).toMatchObject({ type: 'coupon.redeemed', ref: 'uniqlo-10' });
		// A redemption is no visit.
		expect(p?.visits.sessions).toBe(1);
		// A claimed coupon counts as interest in its shop's category.
		expect(p?.interests.map((i) => i.categoryId)).toContain('fashion');
	});

	it('adds orders to the member, by member id, outside any session', () => {
		const f = new Floor();
		f.emit('pos', uuidv7(f.now), 'order.placed', {
			memberId: 'm-1',
			orderId: 'o-1',
			amount: 1280,
			currency: 'TWD',
			shopId: 'uniqlo',
			creditedStaffId: null
		});
		f.emit('pos', uuidv7(f.now), 'order.placed', {
			memberId: 'm-1',
			orderId: 'o-2',
			amount: 99.5,
			currency: 'TWD',
			shopId: null,
			creditedStaffId: null
		});
		const p = f.projection.profile('m-1');
		expect(p?.orders).toEqual({ count: 2, amount: 1379.5 });
		expect(p?.interests[0]).toEqual({ categoryId: 'fashion', score: 5 });
	});

	it('keeps the last 50 interactions, newest first', () => {
		const f = new Floor();
		const s = f.start();
		f.identify(s, 'm-1');
		for (let i = 0; i < 80; i++)
			f.emit('kiosk-1', s, 'search.performed', { query: 'coffee', results: i });
		const t = f.projection.profile('m-1')?.timeline ?? [];
		expect(t).toHaveLength(50);
		expect(t[0]).toMatchObject({ type: 'search.performed', results: 79 });
		expect(t[49]).toMatchObject({ type: 'search.performed', results: 30 });
		expect(JSON.stringify(t)).not.toContain('coffee');
	});
});

describe('erasure and change feed', () => {
	it('drops an erased member and ignores what arrives for them afterwards', () => {
		const f = new Floor();
		const s = f.start();
		f.identify(s, 'm-1');
		const code = f.claim(s);
		f.projection.forget('m-1');
		expect(f.projection.profile('m-1')).toBeNull();
		f.view(s, 'starbucks');
		f.redeem(s, code);
		f.identify(f.start(), 'm-1');
		expect(f.projection.profile('m-1')).toBeNull();
		expect(f.projection.size).toBe(0);

		// A new member reusing the freed record starts clean.
		const t = f.start();
		f.join(t, 'm-2');
		f.redeem(s, code);
		expect(f.projection.profile('m-2')?.coupons).toEqual({ claimed: 0, printed: 0, redeemed: 0 });
	});

	it('tells listeners which member changed, live', () => {
		const f = new Floor();
		const changed: string[] = [];
		const off = f.projection.onChange((id) => changed.push(id));
		const s = f.start();
		f.view(s, 'starbucks');
		expect(changed).toEqual([]);
		f.join(s, 'm-1');
		f.view(s, 'muji');
		expect(new Set(changed)).toEqual(new Set(['m-1']));
		const n = changed.length;
		off();
		f.view(s, 'uniqlo');
		expect(changed.length).toBe(n);
	});

	it('rebuilds the same profiles from the journal after a restart', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'atrium-profiles-'));
		try {
			const f = new Floor();
			const s = f.start();
			f.view(s, 'starbucks');
			f.join(s, 'm-1');
			const code = f.claim(s);
			f.end(s);
			f.now += DAY;
			f.redeem(s, code);
			const journal = new Journal<JournaledEvent>(dir, { sync: false });
			await journal.open(() => {});
			await journal.append(f.events);
			await journal.close();

			const rebuilt = new Floor();
			rebuilt.now = f.now;
			const again = new Journal<JournaledEvent>(dir);
			await again.open((e) => rebuilt.projection.fold(e));
			await again.close();
			expect(rebuilt.projection.profile('m-1')).toEqual(f.projection.profile('m-1'));
			expect(rebuilt.projection.profile('m-1')?.coupons.redeemed).toBe(1);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});
});

/** The console's profile service over a test floor, with the given content (none by default). */
function serviceOn(
	f: Floor,
	content = { shops: [], campaigns: [] } as unknown as ReplicaData
): ProfileService {
	return new ProfileService(f.projection, contentLookups(() => content), membersOf(), {
		now: () => new Date(f.now)
	});
}

/** Members as the member service would list them: m-1 and m-2 exist, the phone masked for marketers. */
function membersOf(ids = ['m-1', 'm-2']): ProfileMembers {
	return {
		consoleMember: (id: string, role: Role): ConsoleMember | null =>
			ids.includes(id)
				? {
						id,
						phone: role === 'admin' ? '+886912345678' : '+886 9** *** 678',
						joinedAt: '2026-03-01T02:00:00.000Z',
						attribution: {
							channel: 'kiosk',
							staffId: null,
							shopId: null,
							kioskId: 'kiosk-7',
							sessionId: null
						},
						consent: { terms: 'terms-2026-11', marketing: null },
						orders: 0
					}
				: null
	};
}

describe('console view', () => {
	it('keeps the protocol timeline kinds, in its order, within the 6 bits a record has for them', () => {
		expect(KINDS).toEqual(TIMELINE_KINDS);
		expect(KINDS.length).toBeLessThanOrEqual(64);
		// Every kind is an interaction event's type, so the projection can fold it.
		const asEvent: InteractionType = 'shop.viewed' as TimelineKind;
		expect(asEvent).toBe('shop.viewed');
	});

	it('shows a member timeline with ISO dates, shops, categories and campaigns', () => {
		const f = new Floor();
		const content = {
			shops: Object.entries(SHOPS).map(([id, category]) => ({ id, category })),
			campaigns: Object.entries(CAMPAIGNS).map(([id, shop]) => ({ id, shop }))
		} as unknown as ReplicaData;
		const service = serviceOn(f, content);
		const s = f.start('kiosk-7');
		f.view(s, 'din-tai-fung', 'kiosk-7');
		f.join(s, 'm-1', 'kiosk-7');
		f.claim(s, 'uniqlo-10', 'kiosk-7');
		f.emit('kiosk-7', s, 'route.requested', { to: 'toilet', stepFree: true, found: true });
		const view = service.view('m-1', 'marketer');
		expect(
			view?.items.map((i) => [i.type, i.shopId, i.categoryId, i.campaignId, i.kioskId, i.amenity])
		).toEqual([
			['route.requested', null, null, null, null, 'toilet'],
			['coupon.claimed', 'uniqlo', 'fashion', 'uniqlo-10', null, null],
			['member.joined', null, null, null, 'kiosk-7', null],
			['shop.viewed', 'din-tai-fung', 'restaurant', null, null, null],
			['session.started', null, null, null, 'kiosk-7', null]
		]);
		expect(view?.items[3].at).toBe('2026-03-01T02:00:01.000Z');
		expect(view?.member.phone).toBe('+886 9** *** 678');
		expect(service.view('m-1', 'admin')?.member.phone).toBe('+886912345678');
		expect(view?.visits).toMatchObject({ sessions: 1, byKiosk: { 'kiosk-7': 1 } });
		expect(service.view('nobody', 'admin')).toBeNull();
	});

	it('shows a member with no events yet, with zeros', () => {
		const f = new Floor();
		const service = serviceOn(f);
		expect(service.view('m-2', 'admin')).toEqual({
			member: membersOf().consoleMember('m-2', 'admin'),
			joinKioskId: 'kiosk-7',
			visits: { sessions: 0, days: 0, firstDay: null, lastDay: null, byKiosk: {}, otherKiosks: 0 },
			lastSeenAt: null,
			interests: [],
			coupons: { claimed: 0, printed: 0, redeemed: 0 },
			points: 0,
			orders: { count: 0, amount: 0 },
			items: []
		});
	});

	it('pushes a watched member view once per batch of events', async () => {
		const f = new Floor();
		const service = serviceOn(f);
		const s = f.start();
		f.join(s, 'm-1');
		const seen: number[] = [];
		const stop = service.watch('m-1', 'marketer', (v) => seen.push(v.items.length));
		f.view(s, 'starbucks');
		f.view(s, 'muji');
		await new Promise((r) => setImmediate(r));
		expect(seen).toEqual([4]);
		stop();
		f.view(s, 'uniqlo');
		await new Promise((r) => setImmediate(r));
		expect(seen).toEqual([4]);
		expect(service.watched).toBe(0);
	});

	it('ends the watches on an erased member without a last push, and folds nothing more for them', async () => {
		const f = new Floor();
		const service = serviceOn(f);
		const s = f.start();
		f.join(s, 'm-1');
		const seen: number[] = [];
		let ended = 0;
		service.watch(
			'm-1',
			'admin',
			(v) => seen.push(v.items.length),
			() => ended++
		);
		f.view(s, 'starbucks');
		service.forget('m-1');
		f.view(s, 'muji');
		await new Promise((r) => setImmediate(r));
		expect(seen).toEqual([]);
		expect(ended).toBe(1);
		expect(service.watched).toBe(0);
		expect(f.projection.profile('m-1')).toBeNull();
	});
});
