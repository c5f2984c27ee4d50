import { describe, expect, it } from 'vitest';
import { faultOf } from './printer.js';

/* The strings are what CUPS 2.4 gave in agent/printer/ipp-printer.spec.ts and by hand. */
describe('faultOf', () => {
	it('reads faults from printer-state-reasons, whatever their severity suffix', () => {
		expect(faultOf('idle', ['media-empty-error'], '', true)).toBe('media-empty');
		expect(faultOf('processing', ['media-low-warning'], '', true)).toBe('media-low');
		expect(faultOf('stopped', ['cover-open-error', 'paused'], '', true)).toBe('cover-open');
		expect(faultOf('idle', ['offline-report'], '', true)).toBe('offline');
	});

	it('reads a disabled queue from the cupsdisable text, else calls it stopped', () => {
		expect(faultOf('stopped', ['paused'], 'media-empty', true)).toBe('media-empty');
		expect(faultOf('stopped', ['paused'], 'Paper out: media-empty', true)).toBe('media-empty');
		expect(faultOf('stopped', ['paused'], 'Reason Unknown', true)).toBe('stopped');
	});

	it('calls a queue that refuses jobs not-accepting, and a healthy one fine', () => {
		expect(faultOf('idle', [], '', false)).toBe('not-accepting');
		expect(faultOf('idle', [], '', true)).toBeNull();
		expect(faultOf('processing', [], 'Spooling job, 0% done.', true)).toBeNull();
	});

	it('calls a device CUPS cannot reach offline while it keeps retrying, not once idle again', () => {
		const gone = 'The printer may not exist or is unavailable at this time.';
		expect(faultOf('processing', [], gone, true)).toBe('offline');
		expect(faultOf('idle', [], gone, true)).toBeNull();
	});

	it('calls a scheduler that does not answer unreachable', () => {
		expect(faultOf('unreachable', [], 'no answer within 3000 ms', true)).toBe('unreachable');
	});
});
