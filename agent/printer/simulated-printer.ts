import {
	PrintError,
	type CouponPrinter,
	type PrinterFault,
	type PrinterStatus,
	type PrintJob,
	type PrintResult
} from './printer.js';

/** The faults a demo or a fault-injection drill can switch on. */
export type SimulatedFault = Extract<
	PrinterFault,
	'media-empty' | 'media-low' | 'cover-open' | 'offline'
>;

const REASON: Record<SimulatedFault, string> = {
	'media-empty': 'media-empty-error',
	'media-low': 'media-low-warning',
	'cover-open': 'cover-open-error',
	offline: 'offline-report'
};

export interface SimulatedPrinterOptions {
	/** Time the simulated mechanism takes per coupon (an 80 × 120 mm coupon at 250 mm/s is 480 ms). */
	printMs?: number;
}

/**
 * Stands in for a receipt printer on a laptop demo (device profile `simulator: true`) and in fault
 * drills. It keeps what it printed in memory; tests of printing itself go through real CUPS.
 */
export class SimulatedPrinter implements CouponPrinter {
	readonly printed: { jobId: number; job: PrintJob; pdf: Buffer }[] = [];
	#fault: SimulatedFault | null = null;
	#nextJobId = 1;
	#busy = 0;
	readonly #printMs: number;

	constructor(opts: SimulatedPrinterOptions = {}) {
		this.#printMs = opts.printMs ?? 0;
	}

	/** Paper out, cover open, offline…; `null` clears it, like a technician fixing the printer. */
	inject(fault: SimulatedFault | null): void {
		this.#fault = fault;
	}

	async status(): Promise<PrinterStatus> {
		const fault = this.#fault;
		return {
			ready: fault === null,
			state: fault === 'offline' ? 'stopped' : this.#busy > 0 ? 'processing' : 'idle',
			reasons: fault ? [REASON[fault]] : [],
			message: fault ? `simulated ${fault}` : '',
			fault
		};
	}

	async print(pdf: Buffer, job: PrintJob): Promise<PrintResult> {
		const before = await this.status();
		if (before.fault) throw new PrintError(before.fault, before.message);
		if (!pdf.subarray(0, 5).equals(Buffer.from('%PDF-'))) {
			throw new PrintError('stopped', 'the document is not a PDF');
		}
		const jobId = this.#nextJobId++;
		this.#busy++;
		try {
			if (this.#printMs > 0) await new Promise((r) => setTimeout(r, this.#printMs));
		} finally {
			this.#busy--;
		}
		// A fault that arrives mid-print (paper runs out) loses the coupon, as on a real printer.
		const after = this.#fault;
		if (after) throw new PrintError(after, `simulated ${after} while printing`, jobId);
		this.printed.push({ jobId, job, pdf });
		return { jobId, state: 'completed' };
	}
}
