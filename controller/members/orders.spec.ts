import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtriumError } from '../../protocol/index.js';
import { lastCode, openMembers, tokenOf, verifyInput, type Harness } from './members.fixture.js';
import { OrderDesk, signOrderBody } from './orders.js';

const ORDERS_SECRET = Buffer.alloc(32, 3);
const DAY = 24 * 60 * 60 * 1000;
const JOINED = new Date('2026-11-01T04:00:00Z');

describe('orders webhook', () => {
	let dir: string;
	let h: Harness;
	let desk: OrderDesk;

	beforeEach(async () => {
		dir = await mkdtemp(join(tmpdir(), 'atrium-orders-'));
		h = await openMembers(dir, JOINED);
		desk = new OrderDesk(h.members, ORDERS_SECRET, { clock: h.clock });
	});
	afterEach(async () => {
		await h.close();
		await rm(dir, { recursive: true, force: true });
	});

	async function signUpVia(url: string, phone = '0912 345 678') {
		const attribution = tokenOf(url);
		await h.members.startJoin({ phone, region: 'TW', locale: 'zh-Hant', attribution }, '10.0.0.9');
		return h.members.verifyJoin(verifyInput(phone, lastCode(h.outbox), { attribution }));
	}

	function order(fields: Record<string, unknown>): Buffer {
		return Buffer.from(
			JSON.stringify({
				phone: '+886 912 345 678',
				region: 'TW',
				amount: 1000,
				currency: 'TWD',
				...fields
			})
		);
	}

	const post = (body: Buffer, secret = ORDERS_SECRET) =>
		desk.recordOrder(body, signOrderBody(secret, body));
	const dayAfterJoin = (d: number) => new Date(JOINED.getTime() + d * DAY).toISOString();

	it('credits the staff member who signed the shopper up, inside the 15-day window only', async () => {
		const { member } = await signUpVia(h.members.attributionQr('counter', 'amy', 'starbucks'));
		const credited = await post(
			order({ orderId: 'A-1', at: dayAfterJoin(10), shopId: 'starbucks' })
		);
		expect(credited.event).toMatchObject({
			type: 'order.placed',
			payload: {
				memberId: member.id,
				orderId: 'A-1',
				amount: 1000,
				currency: 'TWD',
				creditedStaffId: 'amy'
			}
		});
		const late = await post(order({ orderId: 'A-2', at: dayAfterJoin(16), amount: 500 }));
		expect(late.event?.payload).toMatchObject({ memberId: member.id, creditedStaffId: null });

		const stats = desk.attributionStats();
		expect(stats.byStaff.amy).toEqual({ signups: 1, orders: 1, amounts: { TWD: 1000 } });
		expect(stats.byShop.starbucks).toEqual({ signups: 1, orders: 1, amounts: { TWD: 1000 } });
		expect(stats.byChannel.counter).toEqual({ signups: 1, orders: 1, amounts: { TWD: 1000 } });
		expect(stats.totals).toMatchObject({ orders: 2, amounts: { TWD: 1500 }, anonymousOrders: 0 });
		expect(h.members.exportMember(member.id)).toMatchObject({
			member: {
				orders: [
					{ orderId: 'A-1', creditedStaffId: 'amy' },
					{ orderId: 'A-2', creditedStaffId: null }
				]
			}
		});
	});

	it('counts sign-ups per staff member, shop and channel', async () => {
		await signUpVia(h.members.attributionQr('counter', 'amy', 'starbucks'), '0912 000 001');
		await signUpVia(h.members.attributionQr('counter', 'amy', 'starbucks'), '0912 000 002');
		await signUpVia(h.members.attributionQr('poster'), '0912 000 003');
		await signUpVia(h.members.attributionQr('wechat'), '0912 000 004');
		const stats = desk.attributionStats();
		expect(stats.byStaff).toEqual({ amy: { signups: 2, orders: 0, amounts: {} } });
		expect(stats.byShop.starbucks.signups).toBe(2);
		expect(
			Object.fromEntries(Object.entries(stats.byChannel).map(([k, v]) => [k, v.signups]))
		).toEqual({
			counter: 2,
			poster: 1,
			wechat: 1
		});
	});

	it('refuses a bad signature and changes nothing', async () => {
		const body = order({ orderId: 'B-1', at: dayAfterJoin(1) });
		const refused = async (p: Promise<unknown>) =>
			p.then(
				() => 'accepted',
				(err: unknown) => (err as AtriumError).code
			);
		expect(await refused(post(body, Buffer.alloc(32, 4)))).toBe('signature_invalid');
		expect(await refused(desk.recordOrder(body, undefined))).toBe('signature_invalid');
		expect(await refused(desk.recordOrder(body, 'sha256=zz'))).toBe('signature_invalid');
		// Signed, then altered in transit.
		const tampered = Buffer.from(body.toString().replace('1000', '9000'));
		expect(await refused(desk.recordOrder(tampered, signOrderBody(ORDERS_SECRET, body)))).toBe(
			'signature_invalid'
		);
		expect(h.appended).toEqual([]);
		expect(desk.attributionStats().totals.orders).toBe(0);
	});

	it('ignores a duplicated order id, also after a restart', async () => {
		await signUpVia(h.members.attributionQr('poster'));
		const body = order({ orderId: 'C-1', at: dayAfterJoin(2) });
		expect((await post(body)).duplicate).toBe(false);
		const again = await post(order({ orderId: 'C-1', at: dayAfterJoin(3), amount: 99 }));
		expect(again).toEqual({ orderId: 'C-1', duplicate: true, event: null });
		expect(desk.attributionStats().totals).toMatchObject({ orders: 1, amounts: { TWD: 1000 } });

		await h.close();
		h = await openMembers(dir, h.clock.now());
		desk = new OrderDesk(h.members, ORDERS_SECRET, { clock: h.clock });
		expect((await post(body)).duplicate).toBe(true);
		expect(desk.attributionStats().byChannel.poster).toEqual({
			signups: 1,
			orders: 1,
			amounts: { TWD: 1000 }
		});
	});

	it('keeps an order from a number that is not a member as a total only', async () => {
		const result = await post(
			order({ orderId: 'D-1', phone: '0922 222 333', at: dayAfterJoin(1) })
		);
		expect(result).toEqual({ orderId: 'D-1', duplicate: false, event: null });
		expect(desk.attributionStats().totals).toMatchObject({ orders: 1, anonymousOrders: 1 });
		expect(JSON.stringify(h.appended)).not.toContain('222333');
	});

	it('refuses malformed orders with a clear error', async () => {
		const codeOf = (p: Promise<unknown>) =>
			p.then(
				() => 'accepted',
				(err: unknown) => `${(err as AtriumError).code}:${(err as AtriumError).field ?? ''}`
			);
		expect(await codeOf(post(order({ orderId: 'E-1', phone: '12345', at: dayAfterJoin(1) })))).toBe(
			'phone_invalid:phone'
		);
		expect(await codeOf(post(order({ orderId: 'E-2', at: 'yesterday' })))).toBe(
			'invalid_payload:at'
		);
		expect(await codeOf(post(Buffer.from('{not json')))).toBe('invalid_payload:');
		expect(h.appended).toEqual([]);
	});
});
