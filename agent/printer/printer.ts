/*
 * What every coupon printer driver offers the agent: the real one (IPP to CUPS) and the simulated one
 * share this, so the kiosk's coupon flow never knows which it has.
 */

/**
 * Why a coupon cannot print right now. Every fault leads the shopper to the same place (take the
 * coupon on the phone) and raises a printer fault for technicians; the name tells them what to fix.
 */
export type PrinterFault =
	| 'media-empty'
	| 'media-low'
	| 'cover-open'
	| 'offline'
	| 'stopped'
	| 'unreachable'
	| 'not-accepting';

export interface PrinterStatus {
	/** True only when a coupon sent now would print. */
	ready: boolean;
	state: 'idle' | 'processing' | 'stopped' | 'unreachable';
	/** IPP printer-state-reasons without 'none', e.g. ['media-empty-error']. */
	reasons: string[];
	/** printer-state-message as the printer or CUPS gives it, e.g. the text of `cupsdisable -r`. */
	message: string;
	fault: PrinterFault | null;
}

export interface PrintJob {
	/** Shows in the CUPS queue and the technician's log. */
	name: string;
	/** PWG media name from the device profile, e.g. custom_80x120mm_80x120mm. */
	media: string;
}

export type JobState =
	'pending' | 'held' | 'processing' | 'stopped' | 'canceled' | 'aborted' | 'completed';

export interface PrintResult {
	jobId: number;
	state: JobState;
}

export interface CouponPrinter {
	status(): Promise<PrinterStatus>;
	/** Resolves when the job completed (or was accepted, when not waiting); rejects with PrintError. */
	print(pdf: Buffer, job: PrintJob): Promise<PrintResult>;
}

/** A print that did not happen; `fault` is what the technician sees. */
export class PrintError extends Error {
	readonly fault: PrinterFault;
	/** The job CUPS accepted before things went wrong, if any; it has been canceled. */
	readonly jobId: number | null;
	constructor(fault: PrinterFault, detail: string, jobId: number | null = null) {
		super(`printer fault ${fault}: ${detail}`);
		this.name = 'PrintError';
		this.fault = fault;
		this.jobId = jobId;
	}
}

/*
 * Reasons in the order a technician should fix them. IPP reasons carry a severity suffix
 * (-error, -warning, -report); a coupon treats them alike, and media-low too: the issue sends the
 * shopper to the phone rather than risk a coupon cut off half-way.
 */
const REASON_FAULTS: [RegExp, PrinterFault][] = [
	[/^media-(empty|needed|jam)\b/, 'media-empty'],
	[/^(cover|door|interlock)-open\b/, 'cover-open'],
	[/^media-low\b/, 'media-low'],
	[/^(offline|shutdown|connecting-to-device|timed-out)\b/, 'offline']
];

function faultFromText(text: string): PrinterFault | null {
	for (const [pattern, fault] of REASON_FAULTS) {
		for (const word of text.toLowerCase().split(/[\s,;:]+/)) if (pattern.test(word)) return fault;
	}
	return null;
}

/**
 * Decides the fault from what CUPS reports. CUPS gives no way to set printer-state-reasons from the
 * command line: `cupsdisable -r media-empty` yields state stopped, reasons ['paused'] and the reason
 * text in printer-state-message; real printers reach CUPS through their backend's STATE: lines
 * (e.g. media-empty-error). Both are read, reasons first.
 */
export function faultOf(
	state: PrinterStatus['state'],
	reasons: string[],
	message: string,
	acceptingJobs: boolean
): PrinterFault | null {
	if (state === 'unreachable') return 'unreachable';
	for (const reason of reasons) {
		const fault = faultFromText(reason);
		if (fault) return fault;
	}
	if (state === 'stopped') return faultFromText(message) ?? 'stopped';
	if (!acceptingJobs) return 'not-accepting';
	// A device that does not answer leaves CUPS 'processing' with no reason, only this message
	// (after ~15 s of retries, measured with an ipp:// device on a closed port); a new coupon would
	// wait behind the stuck job. An idle printer's stale message means nothing.
	if (state === 'processing' && DEVICE_GONE.test(message)) return 'offline';
	return null;
}

const DEVICE_GONE =
	/may not exist or is unavailable|not responding|unable to connect|connection refused/i;
