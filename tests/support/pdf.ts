import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/*
 * Reads a printed PDF back the way a person would read the paper: its text (poppler's pdftotext),
 * its QR (rasterised at 300 dpi by pdftoppm, decoded by zbarimg) and its page size.
 */

const run = promisify(execFile);

/** The page text, laid out as printed. */
export async function pdfText(path: string): Promise<string> {
	const { stdout } = await run('pdftotext', ['-layout', path, '-']);
	return stdout;
}

/** What the first QR on the first page decodes to; throws when there is none. */
export async function pdfQr(path: string): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'atrium-qr-'));
	try {
		const png = join(dir, 'page');
		await run('pdftoppm', ['-r', '300', '-png', '-singlefile', '-f', '1', '-l', '1', path, png]);
		const { stdout } = await run('zbarimg', ['--raw', '-q', `${png}.png`]);
		return stdout.split('\n')[0].trim();
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

/** Size of the first page in millimetres, rounded to 0.1 mm. */
export async function pdfPageSizeMm(path: string): Promise<{ width: number; height: number }> {
	const { stdout } = await run('pdfinfo', [path]);
	const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(stdout);
	if (!m) throw new Error(`pdfinfo gave no page size for ${path}`);
	const mm = (pt: string) => Math.round((Number(pt) / 72) * 25.4 * 10) / 10;
	return { width: mm(m[1]), height: mm(m[2]) };
}

/** True when the file is a whole PDF (a printer still writing it has no trailer yet). */
export async function isCompletePdf(path: string): Promise<boolean> {
	const bytes = await readFile(path).catch(() => null);
	if (!bytes || bytes.length < 8 || bytes.subarray(0, 5).toString() !== '%PDF-') return false;
	return bytes.subarray(-1024).includes('%%EOF');
}
