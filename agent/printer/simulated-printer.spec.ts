import { describe, expect, it } from 'vitest';
import { PrintError } from './printer.js';
import { SimulatedPrinter } from './simulated-printer.js';

const pdf = Buffer.from('%PDF-1.7\n%%EOF\n');
const job = { name: 'coupon', media: 'custom_80x120mm_80x120mm' };

describe('SimulatedPrinter', () => {
	it('prints while healthy and keeps what it printed', async () => {
		const printer = new SimulatedPrinter();
		expect(await printer.status()).toMatchObject({ ready: true, state: 'idle', fault: null });
		expect(await printer.print(pdf, job)).toEqual({ jobId: 1, state: 'completed' });
		expect(printer.printed.map((p) => p.job.name)).toEqual(['coupon']);
	});

	it('reports an injected fault the way the IPP printer does, and refuses to print', async () => {
		const printer = new SimulatedPrinter();
		printer.inject('media-empty');
		expect(await printer.status()).toMatchObject({
			ready: false,
			fault: 'media-empty',
			reasons: ['media-empty-error']
		});
		const err = await printer.print(pdf, job).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(PrintError);
		expect((err as PrintError).fault).toBe('media-empty');
		expect(printer.printed).toHaveLength(0);
		printer.inject(null);
		expect((await printer.status()).ready).toBe(true);
	});

	it('loses the coupon when the cover opens mid-print', async () => {
		const printer = new SimulatedPrinter({ printMs: 30 });
		const printing = printer.print(pdf, job);
		await new Promise((r) => setTimeout(r, 10));
		expect((await printer.status()).state).toBe('processing');
		printer.inject('cover-open');
		await expect(printing).rejects.toMatchObject({ fault: 'cover-open' });
		expect(printer.printed).toHaveLength(0);
	});
});
