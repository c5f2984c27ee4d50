import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { Campaign, ConsoleClientEvents, ConsoleServerEvents } from '../../protocol/index.js';
import { connected, signIn, startTestController } from '../../tests/support/controller.js';

type TestController = Awaited<ReturnType<typeof startTestController>>;
type ConsoleSocket = Socket<ConsoleServerEvents, ConsoleClientEvents>;

describe('/console', () => {
	let ctl: TestController;
	const sockets: Socket[] = [];
	beforeEach(async () => {
		ctl = await startTestController();
	});
	afterEach(async () => {
		for (const s of sockets) s.close();
		await ctl.close();
	});

	async function as(user: string): Promise<ConsoleSocket> {
		const cookie = await signIn(ctl.url, user, ctl.demo.passwords[user]);
		const socket: ConsoleSocket = io(`${ctl.url}/console`, {
			transports: ['websocket'],
			extraHeaders: { cookie },
			reconnection: false
		});
		sockets.push(socket);
		await connected(socket);
		return socket;
	}

	it('refuses a visitor without a session, or with a forged one', async () => {
		const anonymous = io(`${ctl.url}/console`, { transports: ['websocket'], reconnection: false });
		sockets.push(anonymous);
		await expect(connected(anonymous)).rejects.toMatchObject({ code: 'unauthenticated' });
		const forged = io(`${ctl.url}/console`, {
			transports: ['websocket'],
			reconnection: false,
			extraHeaders: { cookie: 'atrium_session=abc.def' }
		});
		sockets.push(forged);
		await expect(connected(forged)).rejects.toMatchObject({ code: 'unauthenticated' });
	});

	it('checks the role on the server for every event', async () => {
		const staff = await as('staff-starbucks');
		expect(await staff.emitWithAck('devices:list')).toMatchObject({ error: { code: 'forbidden' } });
		expect(await staff.emitWithAck('events:recent', { limit: 5 })).toMatchObject({ error: { code: 'forbidden' } });
		const campaign = ctl.app.replica.current().data.campaigns[0];
		expect(await staff.emitWithAck('campaign:save', { ...campaign, stock: 9999 })).toMatchObject({
			error: { code: 'forbidden' }
		});
		expect(ctl.app.replica.current().data.campaigns[0].stock).toBe(campaign.stock);
		// Staff see their own shop's stats only.
		const stats = await staff.emitWithAck('campaigns:stats');
		expect('data' in stats && stats.data.map((s) => s.shopId)).toEqual(['starbucks']);
		const technician = await as('technician');
		expect(await technician.emitWithAck('coupon:redeem', { input: 'x' })).toMatchObject({ error: { code: 'forbidden' } });
	});

	it('lets an editor save a campaign, refusing unknown shops, bad windows and stock below what is issued', async () => {
		const editor = await as('editor');
		const base = ctl.app.replica.current().data.campaigns.find((c) => c.id === 'dtf-dessert')!;
		const save = (c: Campaign) => editor.emitWithAck('campaign:save', c);
		expect(await save({ ...base, shop: 'no-such-shop' })).toMatchObject({ error: { code: 'invalid_payload', field: 'shop' } });
		expect(await save({ ...base, validTo: base.validFrom })).toMatchObject({ error: { field: 'validTo' } });
		expect(await save({ ...base, title: { ...base.title, en: '' } })).toMatchObject({ error: { code: 'invalid_payload', field: 'title.en' } });
		const version = ctl.app.replica.current().version;
		expect(ctl.app.replica.current().version).toBe(version);

		await ctl.app.coupons.mint('kiosk-demo-1', { campaignId: 'dtf-dessert', sessionId: '0190a0b0-0000-7000-8000-000000000001', memberId: null });
		expect(await save({ ...base, stock: 0 })).toMatchObject({ error: { code: 'invalid_payload' } });
		const res = await save({ ...base, stock: 1, value: { ...base.value, en: 'Free dessert' } });
		expect(res).toEqual({ data: { version: version + 1 } });
		expect(ctl.app.replica.current().data.campaigns.find((c) => c.id === 'dtf-dessert')!.value.en).toBe('Free dessert');
	});
});
