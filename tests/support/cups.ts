import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isCompletePdf } from './pdf.js';

/*
 * A private CUPS for tests: its own cupsd on a free loopback port, with its own configuration, spool,
 * cache, state and logs in a temporary folder, so a test can print for real, read the paper back and
 * break the printer in the ways CUPS itself knows (disabled queue, stopped or hung scheduler, a
 * device that is not there) without touching the machine's CUPS.
 *
 * Queues:
 * - `atrium-kiosk`: a PDF receipt printer. The job goes through CUPS's real filter chain (pdftopdf,
 *   which applies the media size) into a file. The coupon's text stays text, so pdftotext reads it.
 * - `atrium-cups-pdf`: Debian's cups-pdf, as a PostScript printer sees a job: pdftopdf → pdftops →
 *   cups-pdf → Ghostscript. The paper looks right (QR, Chinese glyphs, page size) but the
 *   PDF → PostScript → PDF round trip drops the CJK font's ToUnicode map, so pdftotext reads
 *   dingbats there: Debian's cups-pdf 3.0.1 accepts PostScript only. Tests read text from
 *   `atrium-kiosk` and the QR from either.
 *
 * Needs root (cups-pdf runs as root, mode 0700, and cupsd drops to `lp` for filters) and Debian's
 * cups, printer-driver-cups-pdf, poppler-utils and zbar-tools (scripts/ensure-system.sh).
 */

const run = promisify(execFile);

export interface PrivateCups {
	port: number;
	/** The temporary folder holding everything. */
	dir: string;
	/** Where printed PDFs land. */
	outputDir: string;
	/** ipp:// URI of a queue on this CUPS (default `atrium-kiosk`). */
	queueUri(name?: string): string;
	/** Adds a queue whose device does not answer (the ipp backend keeps trying to connect). */
	addUnreachableQueue(name?: string): Promise<string>;
	/** `cupsdisable -r REASON`: the queue stops, and still accepts jobs. */
	disable(reason: string, queue?: string): Promise<void>;
	enable(queue?: string): Promise<void>;
	/** Stops cupsd (it stays stopped). */
	stop(): Promise<void>;
	/** SIGSTOP / SIGCONT: a scheduler that accepts connections and never answers. */
	freeze(): void;
	thaw(): void;
	/** Path of the PDF printed on `queue` at or after `afterMs` (epoch ms), once it is complete. */
	waitForPdf(afterMs?: number, queue?: string, timeoutMs?: number): Promise<string>;
	close(): Promise<void>;
}

const CUPS_PDF_PPD = '/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd';

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

async function answers(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

function preconditions(): void {
	const missing = [
		'/usr/sbin/cupsd',
		'/usr/sbin/lpadmin',
		CUPS_PDF_PPD,
		'/usr/bin/pdftotext',
		'/usr/bin/zbarimg'
	].filter((f) => !existsSync(f));
	if (missing.length > 0) {
		throw new Error(
			`private CUPS needs ${missing.join(', ')}: run scripts/ensure-system.sh as root`
		);
	}
	if (process.getuid?.() !== 0) {
		throw new Error(
			'private CUPS needs root: cupsd drops to lp for filters and cups-pdf runs as root'
		);
	}
}

export async function startCups(): Promise<PrivateCups> {
	preconditions();
	const port = await freePort();
	const dir = await mkdtemp(join(tmpdir(), 'atrium-cups-'));
	// cupsd runs filters as lp: the folders it reads must be reachable past a 0700 mkdtemp.
	await chmod(dir, 0o755);
	const etc = join(dir, 'etc');
	const outputDir = join(dir, 'out');
	const cupsPdfOut = join(outputDir, 'cups-pdf');
	for (const sub of [
		'etc/ppd',
		'etc/ssl',
		'spool/tmp',
		'cache',
		'state/certs',
		'log',
		'out/cups-pdf'
	]) {
		await mkdir(join(dir, sub), { recursive: true });
	}
	// Printed files are written as lp (file device) or nobody (cups-pdf for an unknown user).
	await chmod(outputDir, 0o1777);
	await chmod(cupsPdfOut, 0o1777);
	await run('chown', ['-R', 'root:lp', dir]);

	await writeFile(
		join(etc, 'cupsd.conf'),
		[
			`Listen 127.0.0.1:${port}`,
			'LogLevel warn',
			'WebInterface No',
			'Browsing No',
			'BrowseLocalProtocols none',
			'DefaultAuthType None',
			'MaxJobs 0',
			'<Location />',
			'  Order allow,deny',
			'  Allow all',
			'</Location>',
			'<Location /admin>',
			'  Order allow,deny',
			'  Allow all',
			'</Location>',
			'<Policy default>',
			'  JobPrivateAccess all',
			'  JobPrivateValues none',
			'  SubscriptionPrivateAccess all',
			'  SubscriptionPrivateValues none',
			'  <Limit All>',
			'    Order deny,allow',
			'  </Limit>',
			'</Policy>',
			''
		].join('\n')
	);
	// File directives live in cups-files.conf since CUPS 1.6.
	await writeFile(
		join(etc, 'cups-files.conf'),
		[
			`ServerRoot ${etc}`,
			`RequestRoot ${join(dir, 'spool')}`,
			`TempDir ${join(dir, 'spool/tmp')}`,
			`CacheDir ${join(dir, 'cache')}`,
			`StateDir ${join(dir, 'state')}`,
			`ErrorLog ${join(dir, 'log/error_log')}`,
			`AccessLog ${join(dir, 'log/access_log')}`,
			`PageLog ${join(dir, 'log/page_log')}`,
			// cupsd refuses User root; filters run as lp.
			'User lp',
			'Group lp',
			'SystemGroup root',
			// The PDF queue prints to a file: only this private scheduler allows file: devices.
			'FileDevice Yes',
			''
		].join('\n')
	);

	// The receipt printer takes PDF as is: cups-pdf's PPD with a cupsFilter2 line for PDF.
	const basePpd = await readFile(CUPS_PDF_PPD, 'latin1');
	const pdfPpd = join(dir, 'pdf-receipt.ppd');
	await writeFile(
		pdfPpd,
		basePpd
			.replace(
				/^\*% cupsFilter:.*$/m,
				'*cupsFilter2: "application/vnd.cups-pdf application/pdf 0 -"'
			)
			.replace(/^\*NickName:.*$/m, '*NickName: "Atrium test PDF receipt printer"'),
		'latin1'
	);

	// cups-pdf reads its configuration from /etc/cups only (compiled in); one instance per scheduler,
	// named by the device URI cups-pdf:/INSTANCE, keeps our output out of the machine's.
	const instance = `atrium-${port}`;
	const cupsPdfConf = `/etc/cups/cups-pdf-${instance}.conf`;
	await writeFile(
		cupsPdfConf,
		[
			`Out ${cupsPdfOut}`,
			`AnonDirName ${cupsPdfOut}`,
			// Not under spool/: cupsd makes that 0710, and cups-pdf runs Ghostscript as nobody.
			`Spool ${join(dir, 'cups-pdf-spool')}`,
			`Log ${join(dir, 'log')}`,
			'Grp lp',
			''
		].join('\n')
	);

	const log = openSync(join(dir, 'log/cupsd.out'), 'a');
	let cupsd: ChildProcess | null = spawn(
		'/usr/sbin/cupsd',
		['-f', '-c', join(etc, 'cupsd.conf'), '-s', join(etc, 'cups-files.conf')],
		{ stdio: ['ignore', log, log] }
	);
	// The child holds its own copy of the descriptor.
	closeSync(log);
	const started = performance.now();
	while (!(await answers(port))) {
		if (cupsd.exitCode !== null || performance.now() - started > 10_000) {
			const errors = await readFile(join(dir, 'log/error_log'), 'utf8').catch(() => '');
			const out = await readFile(join(dir, 'log/cupsd.out'), 'utf8').catch(() => '');
			cupsd.kill('SIGKILL');
			await rm(cupsPdfConf, { force: true });
			throw new Error(`private cupsd did not start on port ${port}:\n${out}\n${errors}`);
		}
		await new Promise((r) => setTimeout(r, 50));
	}

	const host = `127.0.0.1:${port}`;
	const admin = (args: string[]) => run('/usr/sbin/lpadmin', ['-h', host, ...args]);
	await admin([
		'-p',
		'atrium-kiosk',
		'-E',
		'-v',
		`file://${join(outputDir, 'atrium-kiosk.pdf')}`,
		'-P',
		pdfPpd
	]);
	await admin(['-p', 'atrium-cups-pdf', '-E', '-v', `cups-pdf:/${instance}`, '-P', CUPS_PDF_PPD]);

	let frozen = false;
	const stopCupsd = async () => {
		const child = cupsd;
		cupsd = null;
		if (!child || child.exitCode !== null) return;
		if (frozen) child.kill('SIGCONT');
		frozen = false;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
		await exited;
		clearTimeout(timer);
	};

	return {
		port,
		dir,
		outputDir,
		queueUri: (name = 'atrium-kiosk') => `ipp://${host}/printers/${name}`,
		async addUnreachableQueue(name = 'atrium-nowhere') {
			// Port 9 (discard) on loopback: nothing listens, so the ipp backend waits and retries.
			await admin(['-p', name, '-E', '-v', 'ipp://127.0.0.1:9/printers/none', '-P', pdfPpd]);
			return `ipp://${host}/printers/${name}`;
		},
		async disable(reason, queue = 'atrium-kiosk') {
			await run('/usr/sbin/cupsdisable', ['-h', host, '-r', reason, queue]);
		},
		async enable(queue = 'atrium-kiosk') {
			await run('/usr/sbin/cupsenable', ['-h', host, queue]);
		},
		stop: stopCupsd,
		freeze() {
			cupsd?.kill('SIGSTOP');
			frozen = true;
		},
		thaw() {
			cupsd?.kill('SIGCONT');
			frozen = false;
		},
		async waitForPdf(afterMs = 0, queue = 'atrium-kiosk', timeoutMs = 15_000) {
			const deadline = performance.now() + timeoutMs;
			while (performance.now() < deadline) {
				const candidates =
					queue === 'atrium-cups-pdf'
						? (await readdir(cupsPdfOut))
								.filter((f) => f.endsWith('.pdf'))
								.map((f) => join(cupsPdfOut, f))
						: [join(outputDir, `${queue}.pdf`)];
				let newest: { path: string; mtime: number } | null = null;
				for (const path of candidates) {
					const s = await stat(path).catch(() => null);
					if (s && s.mtimeMs >= afterMs && (!newest || s.mtimeMs > newest.mtime)) {
						newest = { path, mtime: s.mtimeMs };
					}
				}
				if (newest && (await isCompletePdf(newest.path))) return newest.path;
				await new Promise((r) => setTimeout(r, 50));
			}
			throw new Error(
				`no PDF printed on ${queue} within ${timeoutMs} ms (see ${join(dir, 'log')})`
			);
		},
		async close() {
			await stopCupsd();
			await rm(cupsPdfConf, { force: true });
			await rm(dir, { recursive: true, force: true });
		}
	};
}
