import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server as HttpServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, type Namespace } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import type {
	AgentStatus,
	DeviceClientEvents,
	DeviceServerEvents,
	MemberGreeting,
	ScreenClientEvents,
	ScreenServerEvents
} from '../../protocol/index.js';
import { startAgent, type Agent } from '../agent.js';
import { SimulatedScanner } from '../scanner/simulated-scanner.js';

/*
 * The kiosk's scan-in as its peers see it: a stand-in controller on a real socket.io server, the
 * agent with the simulated scanner, and the screen on the agent's local link.
 */

const SESSION = '0190a000-0000-7000-8000-0000000000a1';
const NEXT = '0190a000-0000-7000-8000-0000000000b2';
const GOOD_CARD = 'card-of-m1';

interface Peer {
	http: HttpServer;
	io: Server;
	url: string;
	identified: { sessionId: string; scanned: string }[];
	/** The controller's own push to the kiosk, as it does after a join or an identify. */
	push(greeting: MemberGreeting): void;
}

async function fakeController(): Promise<Peer> {
	const http = createServer();
	const io = new Server(http);
	const devices = io.of('/device') as unknown as Namespace<DeviceClientEvents, DeviceServerEvents>;
	const identified: Peer['identified'] = [];
	devices.on('connection', (socket) => {
		socket.on('replica:sync', (_req, ack) => ack({ data: { kind: 'current', version: 0 } }));
		socket.on('device:heartbeat', (_beat, ack) => ack({ data: { at: new Date().toISOString() } }));
		socket.on('coupon:lease', (_req, ack) => ack({ error: { code: 'unavailable', message: '' } }));
		socket.on('member:identify', (req, ack) => {
			identified.push(req);
			if (req.scanned !== GOOD_CARD) return ack({ error: { code: 'card_invalid', message: '' } });
			const greeting = {
				sessionId: req.sessionId,
				memberId: 'm1',
				greeting: '·678',
				offers: ['c1']
			};
			socket.emit('member:greeting', greeting);
			ack({ data: greeting });
		});
	});
	await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
	const address = http.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		http,
		io,
		url: `http://127.0.0.1:${port}`,
		identified,
		push: (greeting) => devices.emit('member:greeting', greeting)
	};
}

/** Collects what the agent tells its screen. */
function screenOf(agent: Agent) {
	const socket: Socket<ScreenServerEvents, ScreenClientEvents> = connect(`${agent.url}/screen`, {
		transports: ['websocket'],
		reconnection: false
	});
	const seen = {
		greetings: [] as MemberGreeting[],
		refused: [] as string[],
		status: [] as AgentStatus[]
	};
	socket.on('member:greeting', (g) => seen.greetings.push(g));
	socket.on('member:refused', (e) => seen.refused.push(e.code));
	socket.on('agent:status', (s) => seen.status.push(s));
	const session = (sessionId: string | null) =>
		socket.timeout(2000).emitWithAck('session:current', { sessionId });
	return { socket, seen, session };
}

const scan = (agent: Agent, text: string) =>
	fetch(`${agent.url}/_sim/scan`, { method: 'POST', body: text });

async function until(check: () => boolean, ms = 3000): Promise<void> {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 20));
	}
}

describe('scan-in through the agent', () => {
	let controller: Peer;
	let agent: Agent;
	let scanner: SimulatedScanner;
	let dir: string;

	beforeEach(async () => {
		controller = await fakeController();
		dir = await mkdtemp(join(tmpdir(), 'atrium-scan-'));
		scanner = new SimulatedScanner();
		agent = await startAgent({
			deviceId: 'kiosk-test-1',
			kind: 'kiosk',
			token: 'x'.repeat(32),
			controllerUrl: controller.url,
			dataDir: dir,
			port: 0,
			scanner,
			simulateScan: (text) => scanner.scan(text),
			log: () => {}
		});
		await until(() => agent.controller.connected);
	});

	afterEach(async () => {
		await agent.close();
		scanner.close();
		await controller.io.close();
		controller.http.close();
		await rm(dir, { recursive: true, force: true });
	});

	it('tells the screen it has a simulated scanner', async () => {
		const screen = screenOf(agent);
		await until(() => screen.seen.status.length > 0);
		expect(screen.seen.status[0].scanner).toBe('simulated');
		screen.socket.close();
	});

	it('greets the member once, in the session on screen', async () => {
		const screen = screenOf(agent);
		await screen.session(SESSION);
		expect((await scan(agent, `${GOOD_CARD}\n`)).status).toBe(204);
		await until(() => screen.seen.greetings.length > 0);
		await new Promise((r) => setTimeout(r, 150));
		expect(controller.identified).toEqual([{ sessionId: SESSION, scanned: GOOD_CARD }]);
		// The controller's push and the identify's answer are one greeting on screen.
		expect(screen.seen.greetings).toEqual([
			{ sessionId: SESSION, memberId: 'm1', greeting: '·678', offers: ['c1'] }
		]);
		screen.socket.close();
	});

	it('passes a refused card on to the screen', async () => {
		const screen = screenOf(agent);
		await screen.session(SESSION);
		await scan(agent, 'garbage');
		await until(() => screen.seen.refused.length > 0);
		expect(screen.seen.refused).toEqual(['card_invalid']);
		expect(screen.seen.greetings).toEqual([]);
		screen.socket.close();
	});

	it('wakes the screen for a card scanned on the attract loop, greets in the session it starts, and never in one that ended', async () => {
		const screen = screenOf(agent);
		let woken = 0;
		screen.socket.on('scanner:wake', () => woken++);
		await screen.session(null);
		await scan(agent, GOOD_CARD);
		await until(() => woken === 1);
		// Nothing is identified until the screen has a session for the shopper.
		expect(controller.identified).toEqual([]);
		await screen.session(SESSION);
		await until(() => screen.seen.greetings.length === 1);
		expect(controller.identified).toEqual([{ sessionId: SESSION, scanned: GOOD_CARD }]);
		// The shopper leaves; a late greeting for their session is not shown to the next one.
		await screen.session(NEXT);
		controller.push({ sessionId: SESSION, memberId: 'm1', greeting: '·678', offers: [] });
		await new Promise((r) => setTimeout(r, 200));
		expect(screen.seen.greetings).toHaveLength(1);
		expect(controller.identified).toHaveLength(1);
		screen.socket.close();
	});

	it('answers an empty simulated scan with 400 and keeps running', async () => {
		const res = await scan(agent, '');
		expect(res.status).toBe(400);
		const screen = screenOf(agent);
		await screen.session(SESSION);
		await scan(agent, 'garbage');
		await until(() => screen.seen.refused.length > 0);
		screen.socket.close();
	});
});
