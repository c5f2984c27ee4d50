import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { uuidv7, type InteractionEvent } from '../../protocol/index.js';
import { connected, deviceSocket, startTestController } from '../../tests/support/controller.js';

type TestController = Awaited<ReturnType<typeof startTestController>>;

function viewed(shopId = 'starbucks'): InteractionEvent {
	return {
		id: uuidv7(),
		type: 'shop.viewed',
		at: new Date().toISOString(),
		sessionId: uuidv7(),
		locale: 'en',
		payload: { shopId }
	};
}

describe('/device', () => {
	let ctl: TestController;
	beforeEach(async () => {
		ctl = await startTestController();
	});
	afterEach(async () => {
		await ctl.close();
	});

	it('admits a paired device and journals its events once, however often they are sent', async () => {
		const socket = deviceSocket(ctl.url, { deviceId: 'kiosk-demo-1', token: await ctl.pair('kiosk-demo-1') });
		await connected(socket);
		const batch = [viewed(), viewed('din-tai-fung')];
		expect(await socket.emitWithAck('events:batch', batch)).toEqual({ data: { accepted: 2, duplicates: 0 } });
		// A retry of the same batch, and the same batch twice at once: nothing new is written.
		const again = await Promise.all([
			socket.emitWithAck('events:batch', batch),
			socket.emitWithAck('events:batch', [...batch, batch[0]])
		]);
		expect(again).toEqual([
			{ data: { accepted: 0, duplicates: 2 } },
			{ data: { accepted: 0, duplicates: 3 } }
		]);
		expect(ctl.app.events.recent(10).map((e) => e.id)).toEqual(batch.map((e) => e.id));
		expect(ctl.app.events.recent(10)[0].deviceId).toBe('kiosk-demo-1');
		socket.close();
	});

	it('keeps journaled events across a restart and still recognises them', async () => {
		const token = await ctl.pair('kiosk-demo-1');
		let socket = deviceSocket(ctl.url, { deviceId: 'kiosk-demo-1', token });
		await connected(socket);
		const batch = [viewed()];
		await socket.emitWithAck('events:batch', batch);
		socket.close();
		await ctl.close(false);

		ctl = await startTestController(ctl.dir);
		expect(ctl.app.events.count).toBe(1);
		// setupDemo issued a fresh pairing code, but the old token stays valid.
		socket = deviceSocket(ctl.url, { deviceId: 'kiosk-demo-1', token });
		await connected(socket);
		expect(await socket.emitWithAck('events:batch', batch)).toEqual({ data: { accepted: 0, duplicates: 1 } });
		socket.close();
	});

	it('refuses devices that are not in the registry or bring the wrong token', async () => {
		const token = await ctl.pair('kiosk-demo-1');
		await expect(connected(deviceSocket(ctl.url, { deviceId: 'kiosk-evil-9', token }))).rejects.toMatchObject({
			code: 'unknown_device'
		});
		await expect(
			connected(deviceSocket(ctl.url, { deviceId: 'kiosk-demo-1', token: 'x'.repeat(43) }))
		).rejects.toMatchObject({ code: 'unauthenticated' });
		await expect(connected(deviceSocket(ctl.url, { deviceId: 'kiosk-demo-1' }))).rejects.toMatchObject({
			code: 'invalid_payload'
		});
		// A pairing code works once.
		const res = await fetch(`${ctl.url}/api/devices/pair`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ code: ctl.demo.pairing['kiosk-demo-1'] })
		});
		expect(res.status).toBe(401);
		expect(await res.json()).toMatchObject({ error: { code: 'bad_pairing_code' } });
	});

	it('answers malformed and unknown events with a typed error and writes nothing', async () => {
		const socket = deviceSocket(ctl.url, { deviceId: 'kiosk-demo-1', token: await ctl.pair('kiosk-demo-1') });
		await connected(socket);
		const bad = { ...viewed(), payload: { shopId: 42 } };
		expect(await socket.emitWithAck('events:batch', [viewed(), bad] as InteractionEvent[])).toMatchObject({
			error: { code: 'invalid_payload', field: '1.payload.shopId' }
		});
		expect(
			await socket.emitWithAck('events:batch', [{ ...viewed(), type: 'shop.exploded' }] as unknown as InteractionEvent[])
		).toMatchObject({ error: { code: 'invalid_payload' } });
		const unknown = await (socket as unknown as import('socket.io-client').Socket).emitWithAck('coupon:steal', {});
		expect(unknown).toMatchObject({ error: { code: 'unknown_event' } });
		expect(ctl.app.events.count).toBe(0);
		socket.close();
	});

	it('survives any payload a broken or hostile agent sends, and journals none of it', async () => {
		const socket = deviceSocket(ctl.url, { deviceId: 'kiosk-demo-1', token: await ctl.pair('kiosk-demo-1') });
		await connected(socket);
		const raw = socket as unknown as import('socket.io-client').Socket;
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom('events:batch', 'replica:sync', 'device:heartbeat'),
				fc.oneof(
					fc.anything(),
					fc.array(fc.record({ id: fc.string(), type: fc.constant('shop.viewed'), payload: fc.anything() }))
				),
				async (event, payload) => {
					const res = (await raw.timeout(2000).emitWithAck(event, payload)) as { error?: { code: string } };
					expect(res.error?.code).toBe('invalid_payload');
				}
			),
			{ numRuns: 150 }
		);
		expect(ctl.app.events.count).toBe(0);
		// Still serving: a good batch goes through.
		expect(await socket.emitWithAck('events:batch', [viewed()])).toMatchObject({ data: { accepted: 1 } });
		socket.close();
	});

	it('catches an agent up from its version', async () => {
		const socket = deviceSocket(ctl.url, { deviceId: 'kiosk-demo-1', token: await ctl.pair('kiosk-demo-1') });
		await connected(socket);
		const first = await socket.emitWithAck('replica:sync', { version: 0 });
		expect(first).toMatchObject({ data: { kind: 'snapshot', version: 1 } });
		expect(await socket.emitWithAck('replica:sync', { version: 1 })).toEqual({ data: { kind: 'current', version: 1 } });

		const pushed = new Promise((r) => socket.once('replica:update', r));
		const shop = ctl.app.replica.current().data.shops.find((s) => s.id === 'starbucks')!;
		const renamed = { ...shop, name: { ...shop.name, 'zh-Hant': '星巴克咖啡館', 'zh-Hans': '星巴克咖啡馆' } };
		await ctl.app.replica.apply([{ collection: 'shops', upsert: [renamed], remove: [] }]);
		const delta = (await pushed) as { kind: string; changes: { collection: string; upsert: unknown[] }[] };
		expect(delta).toMatchObject({ kind: 'delta', from: 1, version: 2 });
		// The search keys travel with the rename, so the kiosk finds the new name by pinyin at once.
		const search = delta.changes.find((c) => c.collection === 'search')!.upsert[0] as { shopId: string; pinyin: string[] }[];
		expect(search.find((k) => k.shopId === 'starbucks')!.pinyin).toContain('xingbakekafeiguan');
		const res = await socket.emitWithAck('replica:sync', { version: 1 });
		expect(res).toMatchObject({ data: { kind: 'delta', from: 1, version: 2 } });
		socket.close();
	});
});
