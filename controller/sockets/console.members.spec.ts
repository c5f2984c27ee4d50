import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import {
	CONSOLE_PERMISSIONS,
	ROLES,
	uuidv7,
	type ConsoleClientEvents,
	type ConsoleServerEvents,
	type DeviceClientEvents,
	type DeviceServerEvents,
	type InteractionEvent,
	type MemberProfileView,
	type MemberView,
	type Role
} from '../../protocol/index.js';
import {
	connected,
	deviceSocket,
	signIn,
	startTestController
} from '../../tests/support/controller.js';
import { lastCode, tokenOf, verifyInput } from '../members/members.fixture.js';
import { MAX_WATCHES_PER_SOCKET } from './console.handlers.js';

type TestController = Awaited<ReturnType<typeof startTestController>>;
type ConsoleSocket = Socket<ConsoleServerEvents, ConsoleClientEvents>;
type KioskSocket = Socket<DeviceServerEvents, DeviceClientEvents>;
type Payloads = { [E in InteractionEvent as E['type']]: E['payload'] };

/** A demo user of each role. */
const USER: Record<Role, string> = {
	admin: 'admin',
	editor: 'editor',
	technician: 'technician',
	staff: 'staff-starbucks',
	marketer: 'marketer'
};
const PHONE = '0912 345 678';

describe('/console members, profiles, attribution and outbox', () => {
	let ctl: TestController;
	const sockets: { close(): void }[] = [];
	beforeEach(async () => {
		ctl = await startTestController();
	});
	afterEach(async () => {
		for (const s of sockets.splice(0)) s.close();
		await ctl.close();
	});

	async function as(role: Role): Promise<ConsoleSocket> {
		const user = USER[role];
		const cookie = await signIn(ctl.url, user, ctl.demo.passwords[user]);
		const socket: ConsoleSocket = io(`${ctl.url}/console`, {
			transports: ['websocket'],
			extraHeaders: { cookie },
			reconnection: false,
			// Its own connection: socket.io-client would otherwise share the kiosk's, without the cookie.
			forceNew: true
		});
		sockets.push(socket);
		await connected(socket);
		return socket;
	}

	async function kiosk(): Promise<KioskSocket> {
		const socket = deviceSocket(ctl.url, {
			deviceId: 'kiosk-demo-1',
			token: await ctl.pair('kiosk-demo-1')
		});
		sockets.push(socket);
		await connected(socket);
		return socket;
	}

	/** What the kiosk's screen sends, through its agent, for the session. */
	async function send<T extends keyof Payloads>(
		device: KioskSocket,
		sessionId: string,
		type: T,
		payload: Payloads[T]
	): Promise<void> {
		const event = {
			id: uuidv7(),
			type,
			at: new Date().toISOString(),
			sessionId,
			locale: 'en',
			payload
		};
		expect(await device.emitWithAck('events:batch', [event as InteractionEvent])).toMatchObject({
			data: { accepted: 1 }
		});
	}

	const post = (path: string, body: unknown, cookie?: string) =>
		fetch(ctl.url + path, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
			body: JSON.stringify(body)
		});

	/** A shopper joins on their phone: a kiosk session's QR (`joinToken`), a printed QR or none. */
	async function join(
		phone = PHONE,
		tokens: { joinToken?: string; attribution?: string } = {}
	): Promise<{ member: MemberView; cookie: string }> {
		expect((await post('/api/members/join/start', { phone, locale: 'en', ...tokens })).status).toBe(
			200
		);
		const verified = await post(
			'/api/members/join/verify',
			verifyInput(phone, lastCode(ctl.app.outbox), tokens)
		);
		expect(verified.status).toBe(200);
		const { data } = (await verified.json()) as { data: MemberView };
		return { member: data, cookie: (verified.headers.get('set-cookie') ?? '').split(';')[0] };
	}

	/** Joins through the kiosk's QR for its session, as far as the kiosk greeting the member. */
	async function joinAtKiosk(
		device: KioskSocket,
		sessionId: string,
		phone = PHONE
	): Promise<MemberView> {
		const qr = await device.emitWithAck('member:join_qr', { sessionId });
		if (!('data' in qr)) throw new Error(qr.error.code);
		const greeted = new Promise((resolve) => device.once('member:greeting', resolve));
		const { member } = await join(phone, { joinToken: tokenOf(qr.data.url) });
		// The greeting follows the journaled member.joined, so the profile has tied the session by now.
		await greeted;
		return member;
	}

	/** The next push of `event` that passes `test`. */
	function next<E extends 'member:profile' | 'outbox:new'>(
		socket: ConsoleSocket,
		event: E,
		test: (value: Parameters<ConsoleServerEvents[E]>[0]) => boolean = () => true,
		ms = 2000
	): Promise<Parameters<ConsoleServerEvents[E]>[0]> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				socket.off(event, on as never);
				reject(new Error(`no ${event} within ${ms} ms`));
			}, ms);
			const on = (value: Parameters<ConsoleServerEvents[E]>[0]) => {
				if (!test(value)) return;
				clearTimeout(timer);
				socket.off(event, on as never);
				resolve(value);
			};
			socket.on(event, on as never);
		});
	}

	/** Every push of `event` the socket receives from now on. */
	function record<E extends 'member:profile' | 'outbox:new'>(socket: ConsoleSocket, event: E) {
		const seen: Parameters<ConsoleServerEvents[E]>[0][] = [];
		socket.on(event, ((value: Parameters<ConsoleServerEvents[E]>[0]) => seen.push(value)) as never);
		return seen;
	}

	const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));
	const shops = (view: MemberProfileView) =>
		view.items.filter((i) => i.type === 'shop.viewed').map((i) => i.shopId);

	it('refuses each member, attribution and outbox event to the roles it is not for, and changes nothing', async () => {
		const { member } = await join();
		const memberId = member.id;
		const valid: { [E in keyof typeof CONSOLE_PERMISSIONS]?: unknown } = {
			'members:list': {},
			'member:watch': { memberId },
			'member:unwatch': { memberId },
			'member:export': { memberId },
			'member:erase': { memberId },
			'attribution:stats': undefined,
			'attribution:qr': { channel: 'poster' },
			'outbox:list': undefined
		};
		const refused: string[] = [];
		for (const role of ROLES) {
			const socket = await as(role);
			for (const [event, payload] of Object.entries(valid)) {
				const allowed = (
					CONSOLE_PERMISSIONS[event as keyof typeof CONSOLE_PERMISSIONS] as readonly Role[]
				).includes(role);
				if (allowed) continue;
				const emit = socket.emitWithAck.bind(socket) as (...args: unknown[]) => Promise<unknown>;
				const res = payload === undefined ? await emit(event) : await emit(event, payload);
				expect(res, `${role} ${event}`).toEqual({
					error: expect.objectContaining({ code: 'forbidden' })
				});
				refused.push(`${role} ${event}`);
			}
		}
		// The ones the issue names, among all those refused:
		expect(refused).toEqual(
			expect.arrayContaining([
				'staff members:list',
				'editor members:list',
				'marketer member:export',
				'marketer member:erase',
				'marketer outbox:list'
			])
		);
		expect(ctl.app.members.consoleMember(memberId, 'admin')).not.toBeNull();
		expect(ctl.app.profiles.watched).toBe(0);
	});

	it('shows marketers a masked phone number and admins the full one', async () => {
		const { member } = await join();
		const admin = await as('admin');
		const marketer = await as('marketer');
		expect(await admin.emitWithAck('members:list', {})).toMatchObject({
			data: [{ id: member.id, phone: '+886912345678' }]
		});
		expect(await marketer.emitWithAck('members:list', {})).toMatchObject({
			data: [{ id: member.id, phone: '+886 9** *** 678' }]
		});
		expect(await marketer.emitWithAck('member:watch', { memberId: member.id })).toMatchObject({
			data: { member: { phone: '+886 9** *** 678' } }
		});
		expect(await admin.emitWithAck('member:watch', { memberId: member.id })).toMatchObject({
			data: { member: { phone: '+886912345678' } }
		});
		// A marketer cannot probe hidden digits one by one; the whole number finds the member.
		expect(await marketer.emitWithAck('members:list', { query: '5678' })).toEqual({ data: [] });
		expect(await marketer.emitWithAck('members:list', { query: PHONE })).toMatchObject({
			data: [{ id: member.id }]
		});
		expect(await admin.emitWithAck('members:list', { query: '5678' })).toMatchObject({
			data: [{ id: member.id }]
		});
	});

	it('shows a member who joined with no kiosk, with zeros', async () => {
		const { member } = await join();
		const marketer = await as('marketer');
		const res = await marketer.emitWithAck('member:watch', { memberId: member.id });
		expect(res).toMatchObject({
			data: {
				member: { id: member.id, attribution: { channel: null } },
				joinKioskId: null,
				visits: { sessions: 0, days: 0 },
				coupons: { claimed: 0, printed: 0, redeemed: 0 },
				orders: { count: 0, amount: 0 }
			}
		});
	});

	it('grants a point for each coupon the member redeems, shown on their phone', async () => {
		const { member, cookie } = await join();
		const campaign = ctl.app.replica.current().data.campaigns.find((c) => c.audience === 'anyone')!;
		const coupon = await ctl.app.coupons.mint('kiosk-demo-1', {
			campaignId: campaign.id,
			sessionId: uuidv7(),
			memberId: member.id
		});
		const me = async () =>
			((await (await fetch(`${ctl.url}/api/members/me`, { headers: { cookie } })).json()) as { data: MemberView }).data;
		expect((await me()).points).toBe(0);
		await ctl.app.coupons.redeem(coupon.qrUrl, { username: 'admin', role: 'admin' });
		await vi.waitFor(async () => expect((await me()).points).toBe(1));
	});

	it('stitches what a kiosk session did before joining into the profile, then pushes each new event live', async () => {
		const device = await kiosk();
		const session = uuidv7();
		await send(device, session, 'session.started', {});
		await send(device, session, 'shop.viewed', { shopId: 'starbucks' });
		const member = await joinAtKiosk(device, session);

		const marketer = await as('marketer');
		const watched = await marketer.emitWithAck('member:watch', { memberId: member.id });
		if (!('data' in watched)) throw new Error(watched.error.code);
		expect(shops(watched.data)).toEqual(['starbucks']);
		expect(watched.data).toMatchObject({
			joinKioskId: 'kiosk-demo-1',
			visits: { sessions: 1, days: 1, byKiosk: { 'kiosk-demo-1': 1 } },
			interests: [{ categoryId: 'cafe' }]
		});
		expect(watched.data.items.map((i) => i.type)).toEqual([
			'member.joined',
			'shop.viewed',
			'session.started'
		]);

		const pushed = next(marketer, 'member:profile', (v) => shops(v).includes('uniqlo'));
		await send(device, session, 'shop.viewed', { shopId: 'uniqlo' });
		const view = await pushed;
		expect(view.member.id).toBe(member.id);
		expect(shops(view)).toEqual(['uniqlo', 'starbucks']);
		expect(view.items[0]).toMatchObject({
			type: 'shop.viewed',
			shopId: 'uniqlo',
			categoryId: 'fashion'
		});

		// Unwatched: nothing more arrives; disconnected: the controller holds no watch for the socket.
		expect(await marketer.emitWithAck('member:unwatch', { memberId: member.id })).toEqual({
			data: null
		});
		const after = record(marketer, 'member:profile');
		await send(device, session, 'shop.viewed', { shopId: 'muji' });
		await settle();
		expect(after).toEqual([]);
		expect(await marketer.emitWithAck('member:watch', { memberId: member.id })).toMatchObject({
			data: {}
		});
		expect(ctl.app.profiles.watched).toBe(1);
		marketer.close();
		await settle();
		expect(ctl.app.profiles.watched).toBe(0);
	});

	it('never hands the next shopper at a shared kiosk to the member who left', async () => {
		const device = await kiosk();
		const first = uuidv7();
		await send(device, first, 'session.started', {});
		await send(device, first, 'shop.viewed', { shopId: 'din-tai-fung' });
		const member = await joinAtKiosk(device, first);
		await send(device, first, 'session.ended', { reason: 'done' });

		const admin = await as('admin');
		await admin.emitWithAck('member:watch', { memberId: member.id });
		const pushes = record(admin, 'member:profile');
		const second = uuidv7();
		await send(device, second, 'session.started', {});
		await send(device, second, 'shop.viewed', { shopId: 'nike' });
		await send(device, second, 'category.viewed', { categoryId: 'fashion' });
		// A late event of the ended session does not reopen it either.
		await send(device, first, 'shop.viewed', { shopId: 'uniqlo' });
		await settle();
		expect(pushes).toEqual([]);
		const res = await admin.emitWithAck('member:watch', { memberId: member.id });
		if (!('data' in res)) throw new Error(res.error.code);
		expect(shops(res.data)).toEqual(['din-tai-fung']);
		expect(res.data.items.some((i) => i.categoryId === 'fashion' || i.shopId === 'nike')).toBe(
			false
		);
		expect(res.data.visits.sessions).toBe(1);
	});

	it('erases a member from the console: watches end without a last push, the member is gone from list and watch', async () => {
		const device = await kiosk();
		const session = uuidv7();
		await send(device, session, 'session.started', {});
		const member = await joinAtKiosk(device, session);
		const admin = await as('admin');
		const marketer = await as('marketer');
		await marketer.emitWithAck('member:watch', { memberId: member.id });
		const pushes = record(marketer, 'member:profile');
		const forgotten = new Promise<unknown>((resolve) => device.once('member:forgotten', resolve));

		expect(await admin.emitWithAck('member:erase', { memberId: member.id })).toEqual({
			data: { erased: true }
		});
		// The kiosk greeting them hears at once, so their name and offers leave the screen.
		expect(await forgotten).toEqual({ memberId: member.id });
		await send(device, session, 'shop.viewed', { shopId: 'starbucks' });
		await settle();
		expect(pushes).toEqual([]);
		expect(ctl.app.profiles.watched).toBe(0);
		expect(await marketer.emitWithAck('member:watch', { memberId: member.id })).toMatchObject({
			error: { code: 'member_not_found' }
		});
		expect(await admin.emitWithAck('members:list', {})).toEqual({ data: [] });
		expect(await admin.emitWithAck('member:erase', { memberId: member.id })).toMatchObject({
			error: { code: 'member_not_found' }
		});
		// The export says who was erased and when, and nothing else.
		const exported = await admin.emitWithAck('member:export', { memberId: member.id });
		expect(exported).toMatchObject({
			data: { member: { id: member.id, phone: null }, profile: null }
		});
		expect(JSON.stringify(exported)).not.toContain('912345678');
	});

	it('erases a member from their phone: the console watch ends and the profile is gone', async () => {
		const device = await kiosk();
		const session = uuidv7();
		await send(device, session, 'session.started', {});
		await send(device, session, 'shop.viewed', { shopId: 'starbucks' });
		const qr = await device.emitWithAck('member:join_qr', { sessionId: session });
		if (!('data' in qr)) throw new Error(qr.error.code);
		const { member, cookie } = await join(PHONE, { joinToken: tokenOf(qr.data.url) });
		const admin = await as('admin');
		await expect
			.poll(async () => {
				const res = await admin.emitWithAck('member:watch', { memberId: member.id });
				return 'data' in res ? shops(res.data) : [];
			})
			.toEqual(['starbucks']);
		const pushes = record(admin, 'member:profile');
		// Their own export carries what the profile holds, before it goes.
		const exported = await fetch(`${ctl.url}/api/members/me/export`, { headers: { cookie } });
		expect(await exported.json()).toMatchObject({
			member: { id: member.id, phone: '+886912345678' },
			profile: { items: expect.arrayContaining([expect.objectContaining({ shopId: 'starbucks' })]) }
		});

		expect((await post('/api/members/me/delete', {}, cookie)).status).toBe(200);
		await send(device, session, 'shop.viewed', { shopId: 'uniqlo' });
		await settle();
		expect(pushes).toEqual([]);
		expect(await admin.emitWithAck('member:watch', { memberId: member.id })).toMatchObject({
			error: { code: 'member_not_found' }
		});
		expect(ctl.app.profiles.figures(member.id).items).toEqual([]);
	});

	it('rebuilds profiles from the journal on restart, and not those of erased members', async () => {
		const device = await kiosk();
		const kept = uuidv7();
		await send(device, kept, 'session.started', {});
		await send(device, kept, 'shop.viewed', { shopId: 'starbucks' });
		const member = await joinAtKiosk(device, kept);
		await send(device, kept, 'session.ended', { reason: 'done' });
		const gone = uuidv7();
		await send(device, gone, 'session.started', {});
		await send(device, gone, 'shop.viewed', { shopId: 'nike' });
		const erased = await joinAtKiosk(device, gone, '0933 111 222');
		await ctl.app.members.erase(erased.id);
		for (const s of sockets.splice(0)) s.close();
		await ctl.close(false);

		ctl = await startTestController(ctl.dir);
		const admin = await as('admin');
		const res = await admin.emitWithAck('member:watch', { memberId: member.id });
		if (!('data' in res)) throw new Error(res.error.code);
		expect(shops(res.data)).toEqual(['starbucks']);
		expect(res.data.visits).toMatchObject({ sessions: 1, byKiosk: { 'kiosk-demo-1': 1 } });
		// The erased member's events are still in the journal; the replay folds none of them.
		expect(
			ctl.app.events
				.recent(50)
				.some((e) => 'memberId' in e.payload && e.payload.memberId === erased.id)
		).toBe(true);
		expect(ctl.app.profiles.figures(erased.id).items).toEqual([]);
	});

	it('exports a member with their profile, for admins', async () => {
		const device = await kiosk();
		const session = uuidv7();
		await send(device, session, 'session.started', {});
		await send(device, session, 'shop.viewed', { shopId: 'starbucks' });
		const member = await joinAtKiosk(device, session);
		const admin = await as('admin');
		const res = await admin.emitWithAck('member:export', { memberId: member.id });
		expect(res).toMatchObject({
			data: {
				member: {
					id: member.id,
					phone: '+886912345678',
					attribution: { channel: 'kiosk', kioskId: 'kiosk-demo-1' }
				},
				profile: {
					visits: { sessions: 1 },
					items: expect.arrayContaining([expect.objectContaining({ shopId: 'starbucks' })])
				}
			}
		});
	});

	it('pushes each dev outbox message to technicians and admins, not to marketers', async () => {
		const technician = await as('technician');
		const admin = await as('admin');
		const marketer = await as('marketer');
		const toMarketer = record(marketer, 'outbox:new');
		const toTechnician = next(technician, 'outbox:new');
		const toAdmin = next(admin, 'outbox:new');
		expect((await post('/api/members/join/start', { phone: PHONE, locale: 'en' })).status).toBe(
			200
		);
		const message = await toTechnician;
		expect(message).toMatchObject({
			to: '+886 9** *** 678',
			text: expect.stringMatching(/\b\d{6}\b/)
		});
		expect(await toAdmin).toEqual(message);
		expect(await technician.emitWithAck('outbox:list')).toEqual({ data: [message] });
		await settle();
		expect(toMarketer).toEqual([]);
	});

	it('prints attribution QRs for known staff and shops only, and counts their sign-ups', async () => {
		const marketer = await as('marketer');
		const qr = (req: unknown) => marketer.emitWithAck('attribution:qr', req as never);
		expect(await qr({ channel: 'poster', staffId: 'marketer' })).toMatchObject({
			error: { code: 'unknown_staff', field: 'staffId' }
		});
		expect(await qr({ channel: 'poster', staffId: 'nobody' })).toMatchObject({
			error: { code: 'unknown_staff' }
		});
		expect(await qr({ channel: 'poster', shopId: 'no-such-shop' })).toMatchObject({
			error: { code: 'unknown_shop', field: 'shopId' }
		});
		expect(
			await qr({ channel: 'counter', staffId: 'staff-starbucks', shopId: 'uniqlo' })
		).toMatchObject({
			error: { code: 'invalid_payload', field: 'shopId' }
		});
		// The staff member's shop is implied: their sign-ups count for Starbucks too.
		const res = await qr({ channel: 'counter', staffId: 'staff-starbucks' });
		if (!('data' in res)) throw new Error(res.error.code);
		expect(res.data.url).toMatch(/\/m\/join\?a=/);

		const context = await fetch(
			`${ctl.url}/api/members/join/context?a=${tokenOf(res.data.url)}&locale=en`
		);
		expect(await context.json()).toMatchObject({
			data: {
				source: 'channel',
				channel: 'counter',
				staffName: 'Starbucks counter',
				shopName: 'Starbucks'
			}
		});
		await join(PHONE, { attribution: tokenOf(res.data.url) });
		const stats = await marketer.emitWithAck('attribution:stats');
		expect(stats).toMatchObject({
			data: {
				windowDays: 15,
				stats: {
					byStaff: { 'staff-starbucks': { signups: 1 } },
					byShop: { starbucks: { signups: 1 } },
					byChannel: { counter: { signups: 1 } }
				}
			}
		});
		if (!('data' in stats)) throw new Error(stats.error.code);
		expect(stats.data.staff.map((s) => s.username).sort()).toEqual([
			'manager-starbucks',
			'staff-starbucks'
		]);
		expect(stats.data.staff[0].shopId).toBe('starbucks');
	});

	it('answers malformed payloads with invalid_payload and changes nothing', async () => {
		const { member } = await join();
		const admin = await as('admin');
		const emit = admin.emitWithAck.bind(admin) as (...args: unknown[]) => Promise<unknown>;
		const bad: [string, unknown][] = [
			['members:list', { limit: 0 }],
			['members:list', { query: 'x'.repeat(65) }],
			['members:list', { role: 'admin' }],
			['member:watch', { memberId: 5 }],
			['member:watch', {}],
			['member:unwatch', null],
			['member:export', { memberId: '' }],
			['member:erase', { memberId: member.id, reason: 'because' }],
			['member:erase', `{"memberId":"${member.id}"}`],
			['attribution:qr', { channel: 'fax' }],
			['attribution:qr', { channel: 'poster', staffId: '' }]
		];
		for (const [event, payload] of bad) {
			expect(await emit(event, payload), event).toMatchObject({
				error: { code: 'invalid_payload' }
			});
		}
		expect(ctl.app.members.consoleMember(member.id, 'admin')).toMatchObject({ id: member.id });
		expect(ctl.app.profiles.watched).toBe(0);
		expect(await admin.emitWithAck('member:watch', { memberId: 'no-such-member' })).toMatchObject({
			error: { code: 'member_not_found' }
		});
		expect(ctl.app.profiles.watched).toBe(0);
	});

	it(`caps the members one socket watches at ${MAX_WATCHES_PER_SOCKET}`, async () => {
		const ids: string[] = [];
		for (let i = 0; i <= MAX_WATCHES_PER_SOCKET; i++) {
			const phone = `0912 345 ${String(100 + i)}`;
			await ctl.app.members.startJoin({ phone, region: 'TW', locale: 'en' }, `10.0.0.${i}`);
			ids.push(
				(await ctl.app.members.verifyJoin(verifyInput(phone, lastCode(ctl.app.outbox)))).member.id
			);
		}
		const marketer = await as('marketer');
		for (const memberId of ids.slice(0, MAX_WATCHES_PER_SOCKET)) {
			expect(await marketer.emitWithAck('member:watch', { memberId })).toMatchObject({ data: {} });
		}
		// Watching one again is no new watch.
		expect(await marketer.emitWithAck('member:watch', { memberId: ids[0] })).toMatchObject({
			data: {}
		});
		expect(await marketer.emitWithAck('member:watch', { memberId: ids.at(-1)! })).toMatchObject({
			error: { code: 'too_many_watches' }
		});
		await marketer.emitWithAck('member:unwatch', { memberId: ids[0] });
		expect(await marketer.emitWithAck('member:watch', { memberId: ids.at(-1)! })).toMatchObject({
			data: {}
		});
	});
});
