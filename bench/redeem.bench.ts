import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import type { ConsoleClientEvents, ConsoleServerEvents, Response } from '../protocol/index.js';
import { uuidv7 } from '../protocol/index.js';
import { connected, signIn, startTestController } from '../tests/support/controller.js';
import { report, round } from './support.js';

/**
 * Redemption at the till, through the real controller's `/console` socket as shop staff:
 * (a) 1,000 redemptions of ONE code fired at once from 50 clients — exactly one may succeed, every
 * other one must be refused as already redeemed; (b) redemptions per second of distinct codes from
 * the same 50 clients, each redemption journaled to the coupon ledger on disk before its ack.
 * Baseline in the same run: acked round trips per second through a bare socket.io server on the
 * same 50 clients (what socket.io itself costs).
 */
const CLIENTS = 50;
const SAME = 1000;
const DISTINCT = Number(process.env.BENCH_REDEEMS ?? 5000);

type ConsoleSocket = Socket<ConsoleServerEvents, ConsoleClientEvents>;

const ctl = await startTestController();
try {
	const data = ctl.app.replica.current().data;
	const base = data.campaigns.find((c) => c.shop === 'starbucks')!;
	const campaign = { ...base, id: 'bench-redeem', audience: 'anyone' as const, stock: 1_000_000, perDayLimit: 1_000_000, perMemberLimit: 1_000_000 };
	await ctl.app.replica.apply([{ collection: 'campaigns', upsert: [campaign], remove: [] }]);
	const mint = () => ctl.app.coupons.mint('kiosk-demo-1', { campaignId: campaign.id, sessionId: uuidv7(), memberId: null });

	const cookie = await signIn(ctl.url, 'staff-starbucks', ctl.demo.passwords['staff-starbucks']);
	const clients: ConsoleSocket[] = [];
	for (let i = 0; i < CLIENTS; i++) {
		const s: ConsoleSocket = connect(`${ctl.url}/console`, { extraHeaders: { cookie }, transports: ['websocket'], reconnection: false });
		await connected(s);
		clients.push(s);
	}
	const redeem = (s: ConsoleSocket, input: string) =>
		s.timeout(30_000).emitWithAck('coupon:redeem', { input }) as Promise<Response<unknown>>;

	// (a) one code, 1,000 attempts at once.
	const one = await mint();
	const results = await Promise.all(Array.from({ length: SAME }, (_, i) => redeem(clients[i % CLIENTS], one.qrUrl)));
	const successes = results.filter((r) => 'data' in r).length;
	const refusals = results.filter((r) => 'error' in r && r.error.code === 'already_redeemed').length;
	if (successes !== 1 || refusals !== SAME - 1) throw new Error(`same code: ${successes} successes, ${refusals} refusals`);

	// (b) distinct codes, 50 clients each redeeming its share back to back.
	const codes = await Promise.all(Array.from({ length: DISTINCT }, () => mint()));
	const started = performance.now();
	await Promise.all(
		clients.map(async (s, c) => {
			for (let i = c; i < DISTINCT; i += CLIENTS) {
				const r = await redeem(s, codes[i].qrUrl);
				if (!('data' in r)) throw new Error(`distinct redemption refused: ${r.error.code}`);
			}
		})
	);
	const distinctPerS = DISTINCT / ((performance.now() - started) / 1000);
	for (const s of clients) s.close();

	// Baseline: the same 50 clients' pattern against a bare socket.io echo.
	const http = createServer();
	const bare = new Server(http, { serveClient: false });
	bare.on('connection', (socket) => socket.on('echo', (req: unknown, ack: (r: unknown) => void) => ack({ data: req })));
	await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
	const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
	const raw: Socket[] = [];
	for (let i = 0; i < CLIENTS; i++) {
		const s = connect(url, { transports: ['websocket'], reconnection: false });
		await connected(s);
		raw.push(s);
	}
	const rawStarted = performance.now();
	await Promise.all(
		raw.map(async (s, c) => {
			for (let i = c; i < DISTINCT; i += CLIENTS) await s.timeout(30_000).emitWithAck('echo', { input: codes[i].qrUrl });
		})
	);
	const baselinePerS = DISTINCT / ((performance.now() - rawStarted) / 1000);
	for (const s of raw) s.close();
	await bare.close();

	console.log(
		`redeem: ${SAME} attempts at one code from ${CLIENTS} clients → ${successes} success, ${refusals} already redeemed; ` +
			`${DISTINCT} distinct codes at ${round(distinctPerS, 0)}/s (bare socket.io acks ${round(baselinePerS, 0)}/s)`
	);
	report({
		bench: 'redeem',
		clients: CLIENTS,
		same_code_attempts: SAME,
		same_code_successes: successes,
		same_code_refused_already_redeemed: refusals,
		distinct: DISTINCT,
		distinct_per_s: round(distinctPerS, 0),
		baseline_acks_per_s: round(baselinePerS, 0),
		ratio: round(distinctPerS / baselinePerS, 3)
	});
} finally {
	await ctl.close();
}
