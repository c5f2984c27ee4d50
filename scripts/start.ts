import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startAgent, startController } from './mall.js';

/**
 * `npm start`: the demo mall. Builds the screens when the build is missing or older than their
 * sources, then runs the controller and one kiosk and one signage agent until Ctrl-C.
 */
const SCREEN_SOURCES = ['src', 'kiosk', 'signage', 'console', 'protocol', 'svelte.config.js', 'vite.config.ts'];

function newest(path: string): number {
	const info = statSync(path);
	if (!info.isDirectory()) return info.mtimeMs;
	return Math.max(info.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const handler = join(ROOT, 'build', 'handler.js');
const built = existsSync(handler) ? statSync(handler).mtimeMs : 0;
if (built < Math.max(...SCREEN_SOURCES.map((s) => newest(join(ROOT, s))))) {
	console.log('Building the screens…');
	execSync('npx vite build', { cwd: ROOT, stdio: 'inherit' });
}

const port = Number(process.env.ATRIUM_PORT ?? 4000);
const dataDir = join(ROOT, 'data');
const prefix = (name: string) => (line: string) => console.log(`${name.padEnd(10)} │ ${line}`);

const controller = await startController({
	dataDir: join(dataDir, 'controller'),
	port,
	echo: prefix('controller')
});
const kiosk = await startAgent({
	deviceId: 'kiosk-demo-1',
	profile: join(ROOT, 'device-profiles', 'kiosk-demo.json'),
	controllerUrl: controller.url,
	dataDir: join(dataDir, 'kiosk-demo-1'),
	pairingCode: controller.pairing['kiosk-demo-1'],
	port: port + 1,
	echo: prefix('kiosk')
});
const signage = await startAgent({
	deviceId: 'signage-demo-1',
	profile: join(ROOT, 'device-profiles', 'signage-demo.json'),
	controllerUrl: controller.url,
	dataDir: join(dataDir, 'signage-demo-1'),
	pairingCode: controller.pairing['signage-demo-1'],
	port: port + 2,
	echo: prefix('signage')
});

const users = Object.entries(controller.passwords)
	.map(([user, password]) => `    ${user.padEnd(16)} ${password}`)
	.join('\n');
console.log(`
  Atrium demo mall is running.

  Kiosk     ${kiosk.url}/kiosk
  Signage   ${signage.url}/signage
  Console   ${controller.url}/console

  Console users (passwords are new on every start):
${users}

  Ctrl-C stops everything.
`);

let stopping = false;
async function stop() {
	if (stopping) return;
	stopping = true;
	console.log('\nStopping…');
	await Promise.all([kiosk.stop(), signage.stop()]);
	await controller.stop();
	process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
for (const p of [controller, kiosk, signage]) {
	void p.exited.then((code) => {
		if (!stopping) {
			console.error(`a process of the demo mall exited (${code}); stopping the rest`);
			void stop();
		}
	});
}
