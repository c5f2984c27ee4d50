import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApplication, type PageHandler } from './app.js';
import { seedFromContent } from './content/seed.js';
import { createLogger } from './logger.js';
import { loadSecret, setupDemo } from './setup.js';
import { createEmbeddedStores } from './store/embedded.js';

/** Starts one controller process. Configuration comes from the environment (see README). */
const log = createLogger('controller');
const env = process.env;
const port = Number(env.ATRIUM_PORT ?? 4000);
const host = env.ATRIUM_HOST ?? '127.0.0.1';
const dataDir = resolve(env.ATRIUM_DATA_DIR ?? 'data/controller');
const contentDir = resolve(env.ATRIUM_CONTENT_DIR ?? 'content');
const pagesPath = resolve(env.ATRIUM_PAGES ?? 'build/handler.js');

function publicUrl(actualPort: number): string {
	if (env.ATRIUM_PUBLIC_URL) return env.ATRIUM_PUBLIC_URL.replace(/\/$/, '');
	return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actualPort}`;
}

const stores = await createEmbeddedStores(dataDir);
const secret = await loadSecret(join(dataDir, 'secret.key'));
const pages = existsSync(pagesPath)
	? ((await import(pathToFileURL(pagesPath).href)) as { handler: PageHandler }).handler
	: undefined;
if (!pages) log.warn(`no pages at ${pagesPath}: run "npm run build" for the screens`);

const server = createServer();
// Listen first: with port 0 the real port is needed for the public URL that QR codes carry.
await new Promise<void>((resolve) => server.listen(port, host, resolve));
const address = server.address();
const actualPort = typeof address === 'object' && address ? address.port : port;
const app = await createApplication(server, {
	stores,
	secret,
	contentDir,
	seedContent: () => seedFromContent(contentDir),
	pages,
	log,
	ordersSecret: await loadSecret(join(dataDir, 'orders.secret')),
	secureCookies: (env.ATRIUM_PUBLIC_URL ?? '').startsWith('https:'),
	// Until the controller has a public URL, QR codes point at the address it listens on.
	publicUrl: publicUrl(actualPort)
});

if (env.ATRIUM_DEMO === '1') {
	const demo = await setupDemo(app.auth, app.devices, join(dataDir, 'demo-pairing.json'));
	// The start script reads this line to show the console passwords.
	console.log(`ATRIUM_DEMO_SETUP ${JSON.stringify({ passwords: demo.passwords })}`);
}

log.info(`listening on http://${host}:${actualPort}`);
console.log(`ATRIUM_CONTROLLER_READY ${actualPort}`);

let stopping = false;
async function stop(signal: string) {
	if (stopping) return;
	stopping = true;
	log.info(`${signal}: stopping`);
	await app.close();
	server.close();
	process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
