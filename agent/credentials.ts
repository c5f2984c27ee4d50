import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The device token: read from the device's data folder, or obtained once by redeeming a pairing code
 * a technician got from the console, then kept (owner-only) so the code is never needed again.
 */
export async function deviceToken(options: {
	path: string;
	controllerUrl: string;
	pairingCode?: string;
	deviceId: string;
}): Promise<string> {
	try {
		const saved = JSON.parse(await readFile(options.path, 'utf8')) as { deviceId: string; token: string };
		if (saved.deviceId === options.deviceId && saved.token) return saved.token;
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
	}
	if (!options.pairingCode) {
		throw new Error(`device ${options.deviceId} is not paired: set ATRIUM_PAIRING_CODE to a code from the console`);
	}
	const res = await fetch(`${options.controllerUrl}/api/devices/pair`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ code: options.pairingCode }),
		signal: AbortSignal.timeout(10_000)
	});
	const body = (await res.json()) as { data?: { deviceId: string; token: string }; error?: { code: string } };
	if (!body.data) throw new Error(`pairing refused: ${body.error?.code ?? res.status}`);
	if (body.data.deviceId !== options.deviceId) {
		throw new Error(`pairing code is for ${body.data.deviceId}, not ${options.deviceId}`);
	}
	await mkdir(dirname(options.path), { recursive: true });
	await writeFile(options.path, JSON.stringify(body.data) + '\n', { mode: 0o600 });
	return body.data.token;
}
