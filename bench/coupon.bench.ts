import { createHmac, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Template } from '@pdfme/common';
import ipp from 'ipp';
import { IppPrinter } from '../agent/printer/ipp-printer.js';
import { createCouponRenderer, type CouponInputs } from '../agent/printer/render.js';
import type { Campaign, Mall, Shop } from '../protocol/index.js';
import { ROOT } from '../scripts/mall.js';
import { startCups } from '../tests/support/cups.js';
import { median, percentile, report, round } from './support.js';

/**
 * Tap to `successful-ok` for a printed coupon, through a private real cupsd: mint (a stand-in until
 * the controller mints: random code and an HMAC-signed redemption payload), render the pdfme
 * template with the CJK font, read the printer's state, Print-Job. Beside it in the same run: a bare
 * Print-Job of a pre-rendered PDF with the `ipp` package, and the time the printer itself needs to
 * feed the coupon (80 × 120 mm at 250 mm/s).
 */
const N = Number(process.env.BENCH_COUPONS ?? 100);
const WARMUP = 10;
const MEDIA = 'custom_80x120mm_80x120mm';
const COUPON_LENGTH_MM = 120;
const PRINT_SPEED_MM_S = 250;

const json = async <T>(file: string) => JSON.parse(await readFile(join(ROOT, file), 'utf8')) as T;

const campaign = (await json<Campaign[]>('content/campaigns.json'))[0];
const shop = (await json<Shop[]>('content/shops.json')).find((s) => s.id === campaign.shop)!;
const mall = await json<Mall>('content/mall.json');
const template = await json<Template>('content/coupon-templates/receipt-80mm.json');
const secret = randomBytes(32);

function mint(): CouponInputs {
	const code = randomBytes(5)
		.toString('base64url')
		.toUpperCase()
		.replace(/[^A-Z0-9]/g, 'X')
		.slice(0, 8);
	const payload = Buffer.from(
		JSON.stringify({ c: campaign.id, k: code, x: campaign.validTo })
	).toString('base64url');
	const sig = createHmac('sha256', secret).update(payload).digest('base64url').slice(0, 22);
	return {
		mallName: `${mall.name['zh-Hant']} ${mall.name.en}`,
		shopName: `${shop.name['zh-Hant']} ${shop.name.en}`,
		title: campaign.title['zh-Hant'],
		value: campaign.value['zh-Hant'],
		terms: campaign.terms['zh-Hant'],
		validity: `有效期限 ${campaign.validTo.slice(0, 10)}`,
		code: `${code.slice(0, 4)}-${code.slice(4)}`,
		qr: `https://atrium.example/r/${payload}.${sig}`,
		footer: '請於結帳時出示本券 · 每券限用一次'
	};
}

const cups = await startCups();
try {
	const renderer = await createCouponRenderer(join(ROOT, 'content/fonts/NotoSansCJKtc-Atrium.otf'));
	const uri = cups.queueUri();
	const printer = new IppPrinter(uri, { timeoutMs: 3000, waitForCompletion: false });

	// One shopper at a time, as at a kiosk: each job finishes (untimed) before the next tap, so a
	// tap does not queue behind CUPS's filters for the previous coupon on this 2-core machine.
	const tap = async () => {
		const started = performance.now();
		const pdf = await renderer.render(template, mint());
		const { jobId } = await printer.print(pdf, { name: 'coupon', media: MEDIA });
		const elapsed = performance.now() - started;
		await printer.waitForJob(jobId);
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

	// Baseline: the `ipp` package's own Print-Job of a coupon rendered beforehand, nothing else.
	const prerendered = await renderer.render(template, mint());
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
	await cups.close();
}

interface BarePrinter {
	execute(
		operation: string,
		message: Record<string, unknown>,
		cb: (err: Error | null, res: Record<string, Record<string, unknown> | undefined>) => void
	): void;
}
