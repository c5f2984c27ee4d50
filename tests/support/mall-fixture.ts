import { test as base } from '@playwright/test';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { JournaledEvent } from '../../protocol/index.js';
import { ROOT, startAgent, startController } from '../../scripts/mall.js';
import { startCups, type PrivateCups } from './cups.js';

type Controller = Awaited<ReturnType<typeof startController>>;
type AgentProcess = Awaited<ReturnType<typeof startAgent>>;

/** A whole demo mall in its own data folder: controller, kiosk agent and signage agent as processes. */
export class TestMall {
	/** Where the kiosk prints: a real CUPS queue for printing tests, no printer otherwise. */
	kioskPrinter = 'none';
	controller!: Controller;
	kiosk!: AgentProcess;
	signage!: AgentProcess;
	constructor(readonly dir: string) {}

	async start(): Promise<void> {
		await this.startController();
		this.kiosk = await this.startKiosk();
		this.signage = await startAgent({
			deviceId: 'signage-demo-1',
			profile: join(ROOT, 'device-profiles', 'signage-demo.json'),
			controllerUrl: this.controller.url,
			dataDir: join(this.dir, 'signage-demo-1'),
			pairingCode: this.controller.pairing['signage-demo-1']
		});
	}

	/** Starts (or restarts, on the same port and data) the controller; the port is picked as for the kiosk. */
	async startController(): Promise<Controller> {
		this.controller = await startController({
			dataDir: join(this.dir, 'controller'),
			port: this.controller?.port ?? (await freePort())
		});
		return this.controller;
	}

	/**
	 * Starts (or restarts, on the same port and data) the kiosk's agent. Its port is picked below the
	 * kernel's ephemeral range: while the agent is down, the screen's reconnect attempts to a port in
	 * that range can self-connect (source port = destination port) and take the port away from it.
	 */
	async startKiosk(): Promise<AgentProcess> {
		const port = this.kiosk ? Number(new URL(this.kiosk.url).port) : await freePort();
		this.kiosk = await startAgent({
			deviceId: 'kiosk-demo-1',
			profile: join(ROOT, 'device-profiles', 'kiosk-demo.json'),
			controllerUrl: this.controller.url,
			dataDir: join(this.dir, 'kiosk-demo-1'),
			pairingCode: this.controller.pairing['kiosk-demo-1'],
			port,
			// Tests show the kiosk a member card with POST ${kiosk.url}/_sim/scan.
			env: { ATRIUM_PRINTER: this.kioskPrinter, ATRIUM_SCANNER: 'simulated' }
		});
		return this.kiosk;
	}

	/** What the controller's journal holds on disk. */
	async journal(): Promise<JournaledEvent[]> {
		const dir = join(this.dir, 'controller', 'journal');
		const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.ndjson')).sort();
		const events: JournaledEvent[] = [];
		for (const f of files) {
			for (const line of (await readFile(join(dir, f), 'utf8')).split('\n')) {
				if (line) events.push(JSON.parse(line) as JournaledEvent);
			}
		}
		return events;
	}

	/** What the kiosk's agent holds in its outbox file. */
	async kioskOutbox(): Promise<{ id: string; type: string }[]> {
		const text = await readFile(join(this.dir, 'kiosk-demo-1', 'outbox', 'outbox.ndjson'), 'utf8').catch(() => '');
		return text
			.split('\n')
			.filter((l) => l.endsWith('}'))
			.map((l) => JSON.parse(l) as { id: string; type: string });
	}

	async stop(): Promise<void> {
		await Promise.all([this.kiosk?.stop(), this.signage?.stop()]);
		await this.controller?.stop();
	}
}

async function freePort(): Promise<number> {
	for (;;) {
		const port = 20_000 + Math.floor(Math.random() * 12_000);
		const free = await new Promise<boolean>((resolve) => {
			const server = createServer();
			server.once('error', () => resolve(false));
			server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
		});
		if (free) return port;
	}
}

async function runMall(printer: string, use: (mall: TestMall) => Promise<void>): Promise<void> {
	const mall = new TestMall(await mkdtemp(join(tmpdir(), 'atrium-e2e-')));
	mall.kioskPrinter = printer;
	try {
		await mall.start();
		await use(mall);
	} finally {
		await mall.stop();
		await rm(mall.dir, { recursive: true, force: true });
	}
}

export const test = base.extend<{ mall: TestMall }>({
	// eslint-disable-next-line no-empty-pattern
	mall: async ({}, use) => runMall('none', use)
});

/** A mall whose kiosk prints through a private CUPS (tests/support/cups.ts) to PDF files. */
export const printingTest = base.extend<{ cups: PrivateCups; mall: TestMall }>({
	// eslint-disable-next-line no-empty-pattern
	cups: async ({}, use) => {
		const cups = await startCups();
		try {
			await use(cups);
		} finally {
			await cups.close();
		}
	},
	mall: async ({ cups }, use) => runMall(cups.queueUri(), use)
});

export { expect } from '@playwright/test';

/** Signs in to the console as a demo user, landing where that user's role starts. */
export async function signIn(page: import('@playwright/test').Page, mall: TestMall, user = 'admin', path = '/console') {
	await page.goto(`${mall.controller.url}${path}`);
	await page.getByLabel(/User name/).fill(user);
	await page.getByLabel(/Password/).fill(mall.controller.passwords[user]);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => url.pathname.startsWith('/console') && !url.pathname.startsWith('/console/login'));
}
