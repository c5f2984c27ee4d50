import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startAgent, type PageHandler } from './agent.js';
import { deviceToken } from './credentials.js';
import { loadDeviceProfile } from './device-profile.js';

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
	pages
});
console.log(`ATRIUM_AGENT_READY ${JSON.stringify({ deviceId, url: agent.url, kind: profile.kind })}`);

let stopping = false;
async function stop() {
	if (stopping) return;
	stopping = true;
	await agent.close();
	process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
