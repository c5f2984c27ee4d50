import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { uuidv7, type ConsoleServerEvents, type InteractionEvent } from '../protocol/index.js';
import { ScreenLink } from '../protocol/screen-link.js';
import { ROOT, startAgent, startController } from '../scripts/mall.js';
import { median, report, round } from './support.js';

/**
 * Events per second from a kiosk screen, through its agent (durable outbox, fsync'd), to the
 * controller's journal (fsync'd, announced to the console) — beside plain socket.io carrying the same
 * events one way between two processes on this machine, measured in the same run.
 */
const N = Number(process.env.BENCH_EVENTS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function makeEvents(n: number): InteractionEvent[] {
	const sessionId = uuidv7();
	return Array.from({ length: n }, (_, i) => ({
		id: uuidv7(),
		type: 'shop.viewed',
		at: new Date().toISOString(),
		sessionId,
		locale: 'zh-Hant',
		payload: { shopId: i % 2 ? 'starbucks' : 'din-tai-fung' }
	}));
}

async function baseline(): Promise<number[]> {
	const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/raw-socketio-server.ts')], {
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const port = await new Promise<number>((resolve) => {
		child.stdout.on('data', (d: Buffer) => {
			const m = /RAW_READY (\d+)/.exec(d.toString());
			if (m) resolve(Number(m[1]));
		});
	});
	const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'] });
	await new Promise((r) => socket.once('connect', () => r(null)));
	const rates: number[] = [];
	for (let round = 0; round < ROUNDS; round++) {
		const events = makeEvents(N);
		socket.emit('expect', N);
		const start = performance.now();
		const done = new Promise((r) => socket.once('done', r));
		for (const e of events) socket.emit('e', e);
		await done;
		rates.push(N / ((performance.now() - start) / 1000));
	}
	socket.close();
	child.kill();
	return rates;
}

async function atrium(): Promise<number[]> {
	const dir = await mkdtemp(join(tmpdir(), 'atrium-bench-'));
	const controller = await startController({ dataDir: join(dir, 'controller') });
	const agent = await startAgent({
		deviceId: 'kiosk-demo-1',
		profile: join(ROOT, 'device-profiles/kiosk-demo.json'),
		controllerUrl: controller.url,
		dataDir: join(dir, 'kiosk'),
		pairingCode: controller.pairing['kiosk-demo-1']
	});
	// The journal's arrivals, as the console sees them.
	const login = await fetch(`${controller.url}/api/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username: 'admin', password: controller.passwords.admin })
	});
	const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
	const consoleSocket: Socket<ConsoleServerEvents> = io(`${controller.url}/console`, {
		transports: ['websocket'],
		extraHeaders: { cookie }
	});
	await new Promise((r) => consoleSocket.once('connect', () => r(null)));
	const screen = new ScreenLink(agent.url);
	await new Promise((r) => screen.socket.once('connect', () => r(null)));

	const rates: number[] = [];
	try {
		for (let round = 0; round < ROUNDS; round++) {
			const events = makeEvents(N);
			let journaled = 0;
			const all = new Promise<void>((resolve) => {
				const onNew = (batch: { count: number }) => {
					journaled += batch.count;
					if (journaled >= N) {
						consoleSocket.off('events:new', onNew);
						resolve();
					}
				};
				consoleSocket.on('events:new', onNew);
			});
			const start = performance.now();
			for (const e of events) void screen.send(e);
			await all;
			rates.push(N / ((performance.now() - start) / 1000));
		}
	} finally {
		screen.close();
		consoleSocket.close();
		await agent.stop();
		await controller.stop();
		await rm(dir, { recursive: true, force: true });
	}
	return rates;
}

const base = await baseline();
const ours = await atrium();
const events_per_s = median(ours);
const baseline_events_per_s = median(base);
report({
	bench: 'ingest',
	events: N,
	rounds: ROUNDS,
	events_per_s: Math.round(events_per_s),
	baseline_events_per_s: Math.round(baseline_events_per_s),
	baseline: 'plain socket.io, same events, one way, two processes',
	ratio: round(events_per_s / baseline_events_per_s),
	rounds_events_per_s: ours.map(Math.round),
	rounds_baseline_events_per_s: base.map(Math.round)
});
process.exit(0);
