import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Template } from '@pdfme/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCups, type PrivateCups } from '../../tests/support/cups.js';
import { pdfPageSizeMm, pdfQr, pdfText } from '../../tests/support/pdf.js';
import { IppPrinter } from './ipp-printer.js';
import { PrintError } from './printer.js';
import { createCouponRenderer } from './render.js';

/* Prints through a private, real cupsd (tests/support/cups.ts) and reads the paper back. */

const ROOT = join(import.meta.dirname, '../..');
const MEDIA = 'custom_80x120mm_80x120mm';
const URL = 'https://atrium.example/r/SBX-9F2K-T7QA';

// CUPS sizes pages in whole points: 80 × 120 mm comes back as 226 × 340 pt (79.7 × 119.9 mm).
const expectReceiptSize = (size: { width: number; height: number }) => {
	expect(size.width).toBeCloseTo(80, 0);
	expect(size.height).toBeCloseTo(120, 0);
};

let cups: PrivateCups;
let coupon: Buffer;
const printers: IppPrinter[] = [];
const printerFor = (
	uri: string,
	extra: Partial<ConstructorParameters<typeof IppPrinter>[1]> = {}
) => {
	const p = new IppPrinter(uri, { timeoutMs: 3000, ...extra });
	printers.push(p);
	return p;
};

beforeAll(async () => {
	cups = await startCups();
	const renderer = await createCouponRenderer(join(ROOT, 'content/fonts/NotoSansCJKtc-Atrium.otf'));
	const template = JSON.parse(
		await readFile(join(ROOT, 'content/coupon-templates/receipt-80mm.json'), 'utf8')
	) as Template;
	coupon = await renderer.render(template, {
		mallName: '天穹廣場 Atrium Plaza',
		shopName: '星巴克 Starbucks',
		title: '大杯飲品買一送一',
		value: '買一送一',
		terms: '限會員使用；贈送品項為同價或較低價之大杯飲品，不得與其他優惠併用。',
		validity: '有效期限 2027-12-31',
		code: 'SBX-9F2K-T7QA',
		qr: URL,
		footer: '請於結帳時出示本券'
	});
}, 30_000);

afterAll(async () => {
	for (const p of printers) p.close();
	await cups?.close();
});

describe('IppPrinter against a real CUPS', () => {
	it('prints a coupon that reads back with its Chinese title, code and QR on receipt paper', async () => {
		const printer = printerFor(cups.queueUri());
		expect(await printer.status()).toMatchObject({ ready: true, state: 'idle', fault: null });
		const since = Date.now();
		const result = await printer.print(coupon, { name: 'coupon SBX-9F2K-T7QA', media: MEDIA });
		expect(result.state).toBe('completed');
		expect(result.jobId).toBeGreaterThan(0);
		const paper = await cups.waitForPdf(since);
		const text = await pdfText(paper);
		expect(text).toContain('大杯飲品買一送一');
		expect(text).toContain('SBX-9F2K-T7QA');
		expect(await pdfQr(paper)).toBe(URL);
		expectReceiptSize(await pdfPageSizeMm(paper));
	});

	it('prints through cups-pdf (the PostScript driver chain) at receipt size with a scannable QR', async () => {
		const printer = printerFor(cups.queueUri('atrium-cups-pdf'), { completionTimeoutMs: 20_000 });
		const since = Date.now();
		expect((await printer.print(coupon, { name: 'coupon via cups-pdf', media: MEDIA })).state).toBe(
			'completed'
		);
		const paper = await cups.waitForPdf(since, 'atrium-cups-pdf');
		expect(await pdfQr(paper)).toBe(URL);
		expectReceiptSize(await pdfPageSizeMm(paper));
	});

	it('returns on successful-ok with the job id when not following the job', async () => {
		const printer = printerFor(cups.queueUri(), { waitForCompletion: false });
		const since = Date.now();
		const result = await printer.print(coupon, { name: 'coupon no-wait', media: MEDIA });
		expect(result.jobId).toBeGreaterThan(0);
		expect(['pending', 'processing', 'completed']).toContain(result.state);
		// It still prints; waiting here also keeps its filter messages out of the next test's status.
		expect(await pdfText(await cups.waitForPdf(since))).toContain('SBX-9F2K-T7QA');
	});

	it('reports a queue disabled for paper-out as media-empty, refuses to print, then recovers', async () => {
		const printer = printerFor(cups.queueUri());
		await cups.disable('media-empty');
		try {
			// What CUPS really gives: stopped, reasons ['paused'], the cupsdisable text as the message.
			const status = await printer.status();
			expect(status).toMatchObject({ ready: false, state: 'stopped', fault: 'media-empty' });
			expect(status.reasons).toContain('paused');
			expect(status.message).toBe('media-empty');
			const refused = await printer
				.print(coupon, { name: 'refused', media: MEDIA })
				.catch((e) => e);
			expect(refused).toBeInstanceOf(PrintError);
			expect((refused as PrintError).fault).toBe('media-empty');
		} finally {
			await cups.enable();
		}
		expect(await printer.status()).toMatchObject({ ready: true, fault: null });
	});

	it('maps cover-open and media-low reasons, and any other stop to stopped', async () => {
		const printer = printerFor(cups.queueUri());
		try {
			await cups.disable('cover-open');
			expect((await printer.status()).fault).toBe('cover-open');
			await cups.disable('media-low');
			expect((await printer.status()).fault).toBe('media-low');
			await cups.disable('Paused by technician for cleaning');
			expect(await printer.status()).toMatchObject({ fault: 'stopped', state: 'stopped' });
		} finally {
			await cups.enable();
		}
	});

	it('gives up on a queue whose device never answers, cancels the job and reports a fault', async () => {
		const uri = await cups.addUnreachableQueue();
		const printer = printerFor(uri, { completionTimeoutMs: 2000 });
		const started = performance.now();
		const err = await printer
			.print(coupon, { name: 'coupon to nowhere', media: MEDIA })
			.catch((e) => e);
		const elapsed = performance.now() - started;
		expect(err).toBeInstanceOf(PrintError);
		expect(['offline', 'stopped']).toContain((err as PrintError).fault);
		expect((err as PrintError).jobId).toBeGreaterThan(0);
		expect(elapsed).toBeLessThan(5000);
		// The canceled job must not print later, when the device comes back.
		const { execFile } = await import('node:child_process');
		const jobs = await new Promise<string>((resolve) =>
			execFile('lpstat', ['-h', `127.0.0.1:${cups.port}`, '-o', 'atrium-nowhere'], (_e, out) =>
				resolve(out)
			)
		);
		expect(jobs).not.toContain(`atrium-nowhere-${(err as PrintError).jobId}`);
	});

	it('reports a CUPS that accepts connections but never answers as unreachable within 3 s', async () => {
		const printer = printerFor(cups.queueUri());
		cups.freeze();
		try {
			const started = performance.now();
			const status = await printer.status();
			const elapsed = performance.now() - started;
			expect(status).toMatchObject({ ready: false, state: 'unreachable', fault: 'unreachable' });
			expect(elapsed).toBeGreaterThanOrEqual(2900);
			expect(elapsed).toBeLessThan(3500);
		} finally {
			cups.thaw();
		}
	});

	it('reports a stopped cupsd as unreachable at once, and a print as a fault, not a hang', async () => {
		const printer = printerFor(cups.queueUri());
		await cups.stop();
		const started = performance.now();
		expect(await printer.status()).toMatchObject({ ready: false, fault: 'unreachable' });
		const err = await printer.print(coupon, { name: 'no cups', media: MEDIA }).catch((e) => e);
		expect((err as PrintError).fault).toBe('unreachable');
		expect(performance.now() - started).toBeLessThan(3000);
	});
});
