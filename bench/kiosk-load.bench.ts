import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { ROOT, startAgent, startController } from '../scripts/mall.js';
import { launchChromium } from './browser.js';
import { median, report, round } from './support.js';

/**
 * Cold load of the kiosk from its agent, in Chromium with an empty cache: time to the attract screen,
 * then to the directory after a tap, and the JavaScript transferred (compressed bytes on the wire)
 * for each step. Baseline in the same run: a cold load of one static file from the same agent.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

/** Counts compressed bytes of scripts as the network delivers them. */
async function scriptBytes(page: Page): Promise<{ cdp: CDPSession; take: () => number }> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
	const scripts = new Set<string>();
	let bytes = 0;
	cdp.on('Network.responseReceived', (e) => {
		if (e.type === 'Script') scripts.add(e.requestId);
	});
	cdp.on('Network.loadingFinished', (e) => {
		if (scripts.has(e.requestId)) bytes += e.encodedDataLength;
	});
	return {
		cdp,
		take: () => {
			const b = bytes;
			bytes = 0;
			return b;
		}
	};
}

const dir = await mkdtemp(join(tmpdir(), 'atrium-bench-'));
const controller = await startController({ dataDir: join(dir, 'controller') });
const agent = await startAgent({
	deviceId: 'kiosk-demo-1',
	profile: join(ROOT, 'device-profiles/kiosk-demo.json'),
	controllerUrl: controller.url,
	dataDir: join(dir, 'kiosk'),
	pairingCode: controller.pairing['kiosk-demo-1']
});
const browser = await launchChromium();

const attractMs: number[] = [];
const directoryMs: number[] = [];
const baselineMs: number[] = [];
let attractJs = 0;
let directoryJs = 0;
try {
	// The agent caches media after its first replica sync; wait for it so rounds are alike.
	await new Promise((r) => setTimeout(r, 1000));
	for (let i = 0; i < ROUNDS; i++) {
		const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
		const page = await context.newPage();
		const meter = await scriptBytes(page);

		let t0 = performance.now();
		await page.goto(`${agent.url}/media/anniversary-sale.svg`, { waitUntil: 'load' });
		baselineMs.push(performance.now() - t0);
		meter.take();

		t0 = performance.now();
		await page.goto(`${agent.url}/kiosk`);
		await page.getByRole('button', { name: 'English' }).waitFor();
		attractMs.push(performance.now() - t0);
		attractJs = meter.take();

		t0 = performance.now();
		await page.getByRole('button', { name: 'English' }).click();
		await page.getByRole('heading', { name: 'Shop directory' }).waitFor();
		directoryMs.push(performance.now() - t0);
		directoryJs = meter.take();
		await context.close();
	}
} finally {
	await browser.close();
	await agent.stop();
	await controller.stop();
	await rm(dir, { recursive: true, force: true });
}

const attract = median(attractMs);
const base = median(baselineMs);
report({
	bench: 'kiosk-load',
	rounds: ROUNDS,
	attract_ms: round(attract, 1),
	directory_ms: round(median(directoryMs), 1),
	attract_js_gzip_kb: round(attractJs / 1024, 1),
	directory_extra_js_gzip_kb: round(directoryJs / 1024, 1),
	baseline: 'cold load of one static file from the same agent',
	baseline_ms: round(base, 1),
	ratio: round(attract / base, 2)
});
process.exit(0);
