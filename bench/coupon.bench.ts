import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Template } from '@pdfme/common';
import ipp from 'ipp';
import { CouponDesk } from '../agent/coupons/coupon-desk.js';
import { DeviceKey } from '../agent/coupons/device-key.js';
import { Outbox } from '../agent/outbox.js';
import { IppPrinter } from '../agent/printer/ipp-printer.js';
import type { CouponPrinter } from '../agent/printer/printer.js';
import { createCouponRenderer } from '../agent/printer/render.js';
import { uuidv7 } from '../protocol/index.js';
import { ROOT } from '../scripts/mall.js';
import { connected, deviceSocket, startTestController } from '../tests/support/controller.js';
import { startCups } from '../tests/support/cups.js';
import { median, percentile, report, round } from './support.js';

/**
 * Tap to `successful-ok` for a printed coupon, on the real path: the agent's coupon desk mints
 * through a real controller over the device socket (atomic stock, signed QR, ledger on disk),
 * journals `coupon.claimed` in the agent's durable outbox, renders the pdfme template with the CJK
 * font, reads the printer's state and sends Print-Job to a private real cupsd. Beside it in the same
 * run: a bare Print-Job of a pre-rendered PDF with the `ipp` package, and the time the printer
 * itself needs to feed the coupon (80 × 120 mm at 250 mm/s).
 */
const N = Number(process.env.BENCH_COUPONS ?? 100);
const WARMUP = 10;
const MEDIA = 'custom_80x120mm_80x120mm';
const COUPON_LENGTH_MM = 120;
const PRINT_SPEED_MM_S = 250;

const cups = await startCups();
const ctl = await startTestController();
const agentDir = await mkdtemp(join(tmpdir(), 'atrium-bench-agent-'));
try {
	const data = ctl.app.replica.current().data;
	// A campaign with stock for the whole run.
	const campaign = { ...data.campaigns.find((c) => c.audience === 'anyone')!, id: 'bench-coupons', stock: 100_000, perDayLimit: 100_000, perMemberLimit: 100_000 };
	await ctl.app.replica.apply([{ collection: 'campaigns', upsert: [campaign], remove: [] }]);

	const fontPath = join(ROOT, 'content/fonts/NotoSansCJKtc-Atrium.otf');
	const renderer = await createCouponRenderer(fontPath);
	const template = JSON.parse(await readFile(join(ROOT, 'content/coupon-templates', `${campaign.template}.json`), 'utf8')) as Template;
	const uri = cups.queueUri();
	const printer = new IppPrinter(uri, { timeoutMs: 3000, waitForCompletion: false });
	let lastJob = 0;
	let lastPdf: Buffer = Buffer.alloc(0);
	const recording: CouponPrinter = {
		status: () => printer.status(),
		print: async (pdf, job) => {
			lastPdf = pdf;
			const result = await printer.print(pdf, job);
			lastJob = result.jobId;
			return result;
		}
	};
	const socket = deviceSocket(ctl.url, { deviceId: 'kiosk-demo-1', token: await ctl.pair('kiosk-demo-1') });
	await connected(socket);
	const outbox = await Outbox.open(join(agentDir, 'outbox'));
	const desk = await CouponDesk.open({
		deviceId: 'kiosk-demo-1',
		dataDir: agentDir,
		controller: socket,
		replica: () => ctl.app.replica.current().data,
		publicUrl: () => ctl.url,
		printer: recording,
		simulated: false,
		media: MEDIA,
		renderer: { render: (_name, inputs) => renderer.render(template, inputs) },
		key: await DeviceKey.open(join(agentDir, 'device-key.pem')),
		emit: (event) => outbox.add([event]),
		memberFor: () => null,
		onPrinterChange: () => undefined,
		log: (line) => console.error(`[desk] ${line}`)
	});

	// One shopper at a time, as at a kiosk: each job finishes (untimed) before the next tap, so a
	// tap does not queue behind CUPS's filters for the previous coupon on this 2-core machine.
	const tap = async () => {
		const started = performance.now();
		const result = await desk.claim({ campaignId: campaign.id, sessionId: uuidv7(), locale: 'zh-Hant' });
		const elapsed = performance.now() - started;
		if (!result.printed || result.offline) throw new Error(`coupon not printed online: ${result.printFault}`);
		await printer.waitForJob(lastJob);
		return { elapsed, render: renderer.lastRenderMs };
	};
	for (let i = 0; i < WARMUP; i++) await tap();
	const taps: number[] = [];
	const renders: number[] = [];
	for (let i = 0; i < N; i++) {
		const { elapsed, render } = await tap();
		taps.push(elapsed);
		renders.push(render);
	}
	socket.close();

	// Baseline: the `ipp` package's own Print-Job of a coupon rendered beforehand, nothing else.
	const prerendered = lastPdf;
	const bare = new (ipp as unknown as { Printer: new (uri: string) => BarePrinter }).Printer(uri);
	const submit = () =>
		new Promise<number>((resolve, reject) =>
			bare.execute(
				'Print-Job',
				{
					'operation-attributes-tag': {
						'requesting-user-name': 'atrium',
						'job-name': 'baseline',
						'document-format': 'application/pdf'
					},
					'job-attributes-tag': { media: MEDIA },
					data: prerendered
				},
				(err, res) => (err ? reject(err) : resolve(Number(res['job-attributes-tag']?.['job-id'])))
			)
		);
	const baseline: number[] = [];
	for (let i = 0; i < WARMUP + N; i++) {
		const started = performance.now();
		const jobId = await submit();
		if (i >= WARMUP) baseline.push(performance.now() - started);
		await printer.waitForJob(jobId);
	}
	printer.close();

	const tapMedian = median(taps);
	console.log(
		`coupon: ${N} taps, tap → successful-ok median ${round(tapMedian)} ms, p95 ${round(percentile(taps, 95))} ms ` +
			`(target p95 ≤ 100 ms); render median ${round(median(renders))} ms; bare Print-Job median ` +
			`${round(median(baseline))} ms; the printer itself needs ${(COUPON_LENGTH_MM / PRINT_SPEED_MM_S) * 1000} ms`
	);
	report({
		bench: 'coupon',
		n: N,
		median_ms: round(tapMedian),
		p95_ms: round(percentile(taps, 95)),
		render_median_ms: round(median(renders)),
		printer_mechanical_ms: (COUPON_LENGTH_MM / PRINT_SPEED_MM_S) * 1000,
		baseline_submit_median_ms: round(median(baseline)),
		ratio: round(tapMedian / median(baseline))
	});
} finally {
	await ctl.close();
	await cups.close();
	await rm(agentDir, { recursive: true, force: true });
}

interface BarePrinter {
	execute(
		operation: string,
		message: Record<string, unknown>,
		cb: (err: Error | null, res: Record<string, Record<string, unknown> | undefined>) => void
	): void;
}
