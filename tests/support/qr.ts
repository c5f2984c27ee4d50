import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Locator } from '@playwright/test';

const run = promisify(execFile);

/** Decodes the QR code a shopper sees, from a screenshot of it, with zbarimg (zbar-tools). */
export async function decodeQr(element: Locator): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'atrium-qr-'));
	try {
		const png = join(dir, 'qr.png');
		await writeFile(png, await element.screenshot());
		const { stdout } = await run('zbarimg', ['--raw', '-q', png]);
		return stdout.trim();
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
