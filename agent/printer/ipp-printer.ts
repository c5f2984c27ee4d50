import http from 'node:http';
import https from 'node:https';
import ipp, { type IppMessage } from 'ipp';
import {
	faultOf,
	PrintError,
	type CouponPrinter,
	type JobState,
	type PrinterStatus,
	type PrintJob,
	type PrintResult
} from './printer.js';

export interface IppPrinterOptions {
	/** How long CUPS (or the printer) may take to answer one request before it counts as unreachable. */
	timeoutMs: number;
	/** How long a job may take from acceptance to completed before it is canceled as a fault. */
	completionTimeoutMs?: number;
	/** Return once the job is accepted (`successful-ok` + job-id) instead of following it. */
	waitForCompletion?: boolean;
	/** Gap between Get-Job-Attributes polls while following a job. */
	pollMs?: number;
	/** requesting-user-name on jobs. */
	user?: string;
}

const FINAL: JobState[] = ['completed', 'canceled', 'aborted'];

class Unreachable extends Error {}

/**
 * A coupon printer reached over IPP: a CUPS queue (`ipp://localhost:631/printers/NAME`) or an IPP
 * printer. The `ipp` package encodes and decodes the messages; the HTTP exchange is ours so that a
 * CUPS that does not answer is abandoned after `timeoutMs` instead of holding the shopper.
 */
export class IppPrinter implements CouponPrinter {
	readonly uri: string;
	readonly #url: URL;
	readonly #opts: Required<IppPrinterOptions>;
	readonly #agent: http.Agent;

	/** The device profile names an ipp(s):// URI or a local CUPS queue. */
	static uriFor(profileUri: string): string {
		return /^ipps?:\/\//.test(profileUri)
			? profileUri
			: `ipp://localhost:631/printers/${encodeURIComponent(profileUri)}`;
	}

	constructor(uri: string, opts: IppPrinterOptions) {
		this.uri = uri;
		this.#url = new URL(uri.replace(/^ipp(s?):/, 'http$1:'));
		if (!this.#url.port) this.#url.port = '631';
		this.#opts = {
			completionTimeoutMs: 10_000,
			waitForCompletion: true,
			pollMs: 25,
			user: 'atrium',
			...opts
		};
		// Kept-alive connections save a TCP handshake per request on the tap-to-print path.
		const Agent = this.#url.protocol === 'https:' ? https.Agent : http.Agent;
		this.#agent = new Agent({ keepAlive: true, maxSockets: 4 });
	}

	async status(): Promise<PrinterStatus> {
		let res: IppMessage;
		try {
			res = await this.#request('Get-Printer-Attributes', {
				'requested-attributes': [
					'printer-state',
					'printer-state-reasons',
					'printer-state-message',
					'printer-is-accepting-jobs'
				]
			});
		} catch (err) {
			const message = err instanceof Error ? err.message : String(err);
			return { ready: false, state: 'unreachable', reasons: [], message, fault: 'unreachable' };
		}
		if (!res.statusCode?.startsWith('successful')) {
			// No such queue, or CUPS refusing us: nothing will print either way.
			const message = `CUPS answered ${res.statusCode}`;
			return { ready: false, state: 'unreachable', reasons: [], message, fault: 'unreachable' };
		}
		const attrs = res['printer-attributes-tag'] ?? {};
		const state = attrs['printer-state'];
		const st: PrinterStatus['state'] =
			state === 'processing' ? 'processing' : state === 'stopped' ? 'stopped' : 'idle';
		const reasons = list(attrs['printer-state-reasons']).filter((r) => r !== 'none');
		const message = String(attrs['printer-state-message'] ?? '');
		const fault = faultOf(st, reasons, message, attrs['printer-is-accepting-jobs'] !== false);
		return { ready: fault === null, state: st, reasons, message, fault };
	}

	async print(pdf: Buffer, job: PrintJob): Promise<PrintResult> {
		// A stopped CUPS queue still accepts jobs and would print them later: look before sending.
		const before = await this.status();
		if (before.fault)
			throw new PrintError(before.fault, before.message || before.reasons.join(', '));

		let res: IppMessage;
		try {
			res = await this.#request(
				'Print-Job',
				{
					'requesting-user-name': this.#opts.user,
					'job-name': job.name,
					'document-format': 'application/pdf'
				},
				{ media: job.media },
				Buffer.isBuffer(pdf) ? pdf : Buffer.from(pdf)
			);
		} catch (err) {
			throw new PrintError('unreachable', err instanceof Error ? err.message : String(err));
		}
		const attrs = res['job-attributes-tag'] ?? {};
		const jobId = Number(attrs['job-id']);
		if (!res.statusCode?.startsWith('successful') || !Number.isInteger(jobId)) {
			const fault =
				res.statusCode === 'server-error-not-accepting-jobs' ? 'not-accepting' : 'stopped';
			throw new PrintError(fault, `Print-Job answered ${res.statusCode}`);
		}
		const state = String(attrs['job-state']) as JobState;
		if (!this.#opts.waitForCompletion) return { jobId, state };
		return this.waitForJob(jobId);
	}

	/** Releases kept-alive connections. */
	close(): void {
		this.#agent.destroy();
	}

	/** Follows a job until it completed; rejects with a PrintError (and cancels it) otherwise. */
	async waitForJob(jobId: number): Promise<PrintResult> {
		const deadline = performance.now() + this.#opts.completionTimeoutMs;
		let last = 'pending';
		while (performance.now() < deadline) {
			let res: IppMessage;
			try {
				res = await this.#request('Get-Job-Attributes', {
					'job-id': jobId,
					'requesting-user-name': this.#opts.user,
					'requested-attributes': ['job-state', 'job-state-reasons', 'job-state-message']
				});
			} catch (err) {
				throw new PrintError(
					'unreachable',
					err instanceof Error ? err.message : String(err),
					jobId
				);
			}
			const attrs = res['job-attributes-tag'] ?? {};
			const state = String(attrs['job-state']) as JobState;
			last = `${state} (${list(attrs['job-state-reasons']).join(', ')}) ${attrs['job-state-message'] ?? ''}`;
			if (state === 'completed') return { jobId, state };
			if (FINAL.includes(state)) throw new PrintError('stopped', `job ${jobId} ${last}`, jobId);
			await new Promise((r) => setTimeout(r, this.#opts.pollMs));
		}
		// The shopper gets the coupon on the phone now; a paper copy printing later would be a second one.
		await this.#request('Cancel-Job', {
			'job-id': jobId,
			'requesting-user-name': this.#opts.user
		}).catch(() => undefined);
		const now = await this.status();
		throw new PrintError(
			now.fault ?? 'offline',
			`job ${jobId} not completed within ${this.#opts.completionTimeoutMs} ms: ${last.trim()}; ${now.message}`,
			jobId
		);
	}

	#request(
		operation: string,
		operationAttrs: Record<string, unknown>,
		jobAttrs?: Record<string, unknown>,
		data?: Buffer
	): Promise<IppMessage> {
		const body = ipp.serialize({
			version: '2.0',
			operation,
			'operation-attributes-tag': {
				'attributes-charset': 'utf-8',
				'attributes-natural-language': 'en',
				'printer-uri': this.uri,
				...operationAttrs
			},
			...(jobAttrs ? { 'job-attributes-tag': jobAttrs } : {}),
			...(data ? { data } : {})
		});
		const client = this.#url.protocol === 'https:' ? https : http;
		return new Promise((resolve, reject) => {
			const req = client.request(
				this.#url,
				{
					method: 'POST',
					agent: this.#agent,
					headers: { 'content-type': 'application/ipp', 'content-length': body.length },
					signal: AbortSignal.timeout(this.#opts.timeoutMs)
				},
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (c: Buffer) => chunks.push(c));
					res.on('error', reject);
					res.on('end', () => {
						if (res.statusCode !== 200) {
							reject(new Unreachable(`HTTP ${res.statusCode} from ${this.uri}`));
							return;
						}
						try {
							resolve(ipp.parse(Buffer.concat(chunks)));
						} catch (err) {
							reject(err instanceof Error ? err : new Error(String(err)));
						}
					});
				}
			);
			req.on('error', (err: Error) =>
				reject(
					err.name === 'AbortError'
						? new Unreachable(`no answer from ${this.uri} within ${this.#opts.timeoutMs} ms`)
						: new Unreachable(`${this.uri}: ${err.message}`)
				)
			);
			req.end(body);
		});
	}
}

/** The `ipp` parser gives a lone value for a one-element set. */
function list(value: unknown): string[] {
	if (value === undefined || value === null) return [];
	return (Array.isArray(value) ? value : [value]).map(String);
}
