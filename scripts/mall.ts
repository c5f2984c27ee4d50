import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * Starts the parts of a mall as separate processes, as they run in production: used by `npm start`,
 * by the end-to-end tests and by the benchmarks.
 */
export const ROOT = resolve(import.meta.dirname, '..');

export interface Running {
	process: ChildProcess;
	/** Resolves with the exit code (or signal) once the process is gone. */
	exited: Promise<number | string>;
	output: () => string;
	stop(signal?: NodeJS.Signals): Promise<number | string>;
}

function launch(
	script: string,
	env: Record<string, string>,
	ready: RegExp,
	echo: ((line: string) => void) | null
): Promise<{ running: Running; match: RegExpExecArray }> {
	// `node --import tsx`, not the tsx CLI: the CLI runs the script in a second process, which a
	// SIGKILL to the first would leave running.
	const child = spawn(process.execPath, [...(process.env.ATRIUM_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.ATRIUM_PROFILE_DIR] : []), '--import', 'tsx', join(ROOT, script)], {
		cwd: ROOT,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	const exited = new Promise<number | string>((r) => child.on('exit', (code, signal) => r(code ?? signal ?? -1)));
	const running: Running = {
		process: child,
		exited,
		output: () => out,
		async stop(signal = 'SIGTERM') {
			if (child.exitCode === null && child.signalCode === null) child.kill(signal);
			return exited;
		}
	};
	return new Promise((resolvePromise, reject) => {
		let matched = false;
		const onData = (chunk: Buffer) => {
			const text = chunk.toString();
			out += text;
			if (echo) for (const line of text.split('\n')) if (line) echo(line);
			const m = ready.exec(out);
			if (m && !matched) {
				matched = true;
				resolvePromise({ running, match: m });
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		void exited.then((code) => {
			if (!matched) reject(new Error(`${script} exited (${code}) before it was ready:\n${out}`));
		});
	});
}

export interface ControllerOptions {
	dataDir: string;
	port?: number;
	demo?: boolean;
	echo?: ((line: string) => void) | null;
}

export async function startController(options: ControllerOptions) {
	const { running, match } = await launch(
		'controller/main.ts',
		{
			ATRIUM_DATA_DIR: options.dataDir,
			ATRIUM_PORT: String(options.port ?? 0),
			ATRIUM_DEMO: options.demo === false ? '0' : '1'
		},
		/ATRIUM_CONTROLLER_READY (\d+)/,
		options.echo ?? null
	);
	const port = Number(match[1]);
	const setup = /ATRIUM_DEMO_SETUP (.+)/.exec(running.output());
	const passwords = setup ? (JSON.parse(setup[1]) as { passwords: Record<string, string> }).passwords : {};
	const pairing = options.demo === false
		? {}
		: (JSON.parse(await readFile(join(options.dataDir, 'demo-pairing.json'), 'utf8')) as Record<string, string>);
	return { ...running, port, url: `http://127.0.0.1:${port}`, passwords, pairing };
}

export interface AgentOptions {
	deviceId: string;
	profile: string;
	controllerUrl: string;
	dataDir: string;
	pairingCode?: string;
	port?: number;
	echo?: ((line: string) => void) | null;
	/** More environment, e.g. ATRIUM_PRINTER. */
	env?: Record<string, string>;
}

export async function startAgent(options: AgentOptions) {
	const { running, match } = await launch(
		'agent/main.ts',
		{
			ATRIUM_DEVICE_ID: options.deviceId,
			ATRIUM_DEVICE_PROFILE: options.profile,
			ATRIUM_CONTROLLER_URL: options.controllerUrl,
			ATRIUM_DATA_DIR: options.dataDir,
			ATRIUM_AGENT_PORT: String(options.port ?? 0),
			...(options.pairingCode ? { ATRIUM_PAIRING_CODE: options.pairingCode } : {}),
			...options.env
		},
		/ATRIUM_AGENT_READY (.+)/,
		options.echo ?? null
	);
	const info = JSON.parse(match[1]) as { url: string };
	return { ...running, url: info.url };
}
