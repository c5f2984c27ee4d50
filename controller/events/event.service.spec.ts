import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7, type InteractionEvent, type JournaledEvent } from '../../protocol/index.js';
import { systemClock } from '../clock.js';
import { Journal } from '../store/journal.js';
import { DEDUP_PER_DEVICE, EventService } from './event.service.js';

const view = (): InteractionEvent => ({
	id: uuidv7(),
	type: 'shop.viewed',
	at: new Date().toISOString(),
	sessionId: uuidv7(),
	locale: 'en',
	payload: { shopId: 'starbucks' }
});

describe('event deduplication', () => {
	let dir: string;
	let journal: Journal<JournaledEvent>;
	let events: EventService;

	beforeEach(async () => {
		dir = await mkdtemp(join(tmpdir(), 'atrium-dedup-'));
		journal = new Journal<JournaledEvent>(dir);
		events = new EventService(journal, systemClock);
		await events.open();
	});
	afterEach(async () => {
		await journal.close();
		await rm(dir, { recursive: true, force: true });
	});

	async function send(deviceId: string, n: number): Promise<InteractionEvent[][]> {
		const batches: InteractionEvent[][] = [];
		for (let i = 0; i < n; i += 1000) {
			const batch = Array.from({ length: Math.min(1000, n - i) }, view);
			await events.ingest(deviceId, batch);
			batches.push(batch);
		}
		return batches;
	}

	it('keeps a bounded window per device that still catches every retry an agent can make', async () => {
		const a = await send('kiosk-a', DEDUP_PER_DEVICE + 5_000);
		// Another device's traffic never pushes kiosk-a's recent events out of its window.
		await send('kiosk-b', DEDUP_PER_DEVICE + 5_000);
		expect(events.remembered).toBe(2 * DEDUP_PER_DEVICE);
		expect(events.count).toBe(2 * (DEDUP_PER_DEVICE + 5_000));
		// An agent re-sends its in-flight batches (at most a few, its newest): all duplicates.
		for (const batch of a.slice(-4)) {
			expect(await events.ingest('kiosk-a', batch)).toEqual({ accepted: 0, duplicates: batch.length });
		}
		expect(events.count).toBe(2 * (DEDUP_PER_DEVICE + 5_000));
	});

	it('rebuilds the same window from the journal after a restart', async () => {
		const a = await send('kiosk-a', DEDUP_PER_DEVICE + 2_000);
		await journal.close();
		journal = new Journal<JournaledEvent>(dir);
		events = new EventService(journal, systemClock);
		expect(await events.open()).toBe(DEDUP_PER_DEVICE + 2_000);
		expect(events.remembered).toBe(DEDUP_PER_DEVICE);
		const last = a.at(-1)!;
		expect(await events.ingest('kiosk-a', last)).toEqual({ accepted: 0, duplicates: last.length });
		// A repeat inside one batch is journaled once.
		const e = view();
		expect(await events.ingest('kiosk-a', [e, e])).toEqual({ accepted: 1, duplicates: 1 });
	});
});
