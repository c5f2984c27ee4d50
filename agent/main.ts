import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startAgent, type PageHandler } from './agent.js';
import { deviceToken } from './credentials.js';
import { loadDeviceProfile } from './device-profile.js';
import { IppPrinter } from './printer/ipp-printer.js';
import type { CouponPrinter } from './printer/printer.js';
import { SimulatedPrinter } from './printer/simulated-printer.js';
import { templateRenderer } from './printer/templates.js';
import { chooseScanner } from './scanner/choose-scanner.js';

/** Starts the agent of one device. Configuration comes from the environment (see README). */
const env = process.env;
const profile = await loadDeviceProfile(resolve(env.ATRIUM_DEVICE_PROFILE ?? 'device-profiles/kiosk-demo.json'));
const deviceId = env.ATRIUM_DEVICE_ID ?? `${profile.kind}-demo-1`;
const controllerUrl = (env.ATRIUM_CONTROLLER_URL ?? 'http://127.0.0.1:4000').replace(/\/$/, '');
const dataDir = resolve(env.ATRIUM_DATA_DIR ?? `data/${deviceId}`);
const pagesPath = resolve(env.ATRIUM_PAGES ?? 'build/handler.js');

const token = await deviceToken({
	path: join(dataDir, 'device-token.json'),
	controllerUrl,
	pairingCode: env.ATRIUM_PAIRING_CODE,
	deviceId
}).catch((err: unknown) => {
	console.error(`[agent ${deviceId}] ${err instanceof Error ? err.message : String(err)}`);
	process.exit(1);
});

const printer = await choosePrinter();
const templatesDir = resolve(env.ATRIUM_CONTENT_DIR ?? 'content', 'coupon-templates');
const renderer = printer.printer
	? await templateRenderer(templatesDir, resolve(env.ATRIUM_COUPON_FONT ?? 'content/fonts/NotoSansCJKtc-Atrium.otf'))
	: null;

/**
 * ATRIUM_PRINTER picks the coupon printer: an ipp:// URI, a CUPS queue name, `simulated` or `none`.
 * Unset, the profile's printer is used; when it does not answer and the profile allows a simulator
 * (a laptop demo), the simulator stands in, and technicians see that it is simulated.
 */
async function choosePrinter(): Promise<{ printer: CouponPrinter | null; simulated: boolean }> {
	const setting = env.ATRIUM_PRINTER;
	if (setting === 'none' || (!setting && !profile.printer)) return { printer: null, simulated: false };
	if (setting === 'simulated') return { printer: new SimulatedPrinter({ printMs: 480 }), simulated: true };
	const uri = IppPrinter.uriFor(setting ?? profile.printer!.uri);
	// A job stuck in the queue must not hold the shopper past the 3 s promised in DESIGN.md.
	const ipp = new IppPrinter(uri, { timeoutMs: 3000, completionTimeoutMs: 3000 });
	if (!setting && profile.printer?.simulator && (await ipp.status()).state === 'unreachable') {
		console.log(`[agent ${deviceId}] no printer answers at ${uri}: using the simulated printer`);
		return { printer: new SimulatedPrinter({ printMs: 480 }), simulated: true };
	}
	return { printer: ipp, simulated: false };
}

// ATRIUM_SCANNER: `simulated`, `none`, or unset for the profile's HID scanner (see choose-scanner.ts).
const scanner = await chooseScanner(profile.scanner, env.ATRIUM_SCANNER, {
	log: (line) => console.log(`[agent ${deviceId}] ${line}`)
});
if (scanner.scanner) console.log(`[agent ${deviceId}] scanner: ${scanner.scanner.status()}`);
const simulated = scanner.simulated;

const pages = existsSync(pagesPath)
	? ((await import(pathToFileURL(pagesPath).href)) as { handler: PageHandler }).handler
	: undefined;

const agent = await startAgent({
	deviceId,
	kind: profile.kind,
	token,
	controllerUrl,
	dataDir,
	port: Number(env.ATRIUM_AGENT_PORT ?? 0),
	pages,
	printer: printer.printer,
	printerSimulated: printer.simulated,
	media: profile.printer?.media,
	renderer,
	scanner: scanner.scanner,
	// Only the simulator can be "shown" a code over HTTP; a real scanner is read from USB alone.
	simulateScan: simulated ? (text) => simulated.scan(text) : null
});
console.log(`ATRIUM_AGENT_READY ${JSON.stringify({ deviceId, url: agent.url, kind: profile.kind })}`);

let stopping = false;
async function stop() {
	if (stopping) return;
	stopping = true;
	await agent.close();
	scanner.scanner?.close();
	process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
