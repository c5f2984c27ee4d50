import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyboardWedgeDecoder, PosHidDecoder, decoderFor } from './hid-reports.js';

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));

/**
 * What a keyboard-wedge scanner sent for the QR "https://mall.example/c/ABC?s=x", as a usbmon dump:
 * one 8-byte boot report per line, key-down then release, Shift held for ':', 'A', 'B', 'C' and '?'
 * (this scanner presses Shift in a report of its own first), and the 'm' of "example" still held
 * when the 'p' after it goes down. Usage ids from the HID Usage Tables, Keyboard/Keypad page.
 */
const RECORDED = `
00000b0000000000 0000000000000000
0000170000000000 0000000000000000 0000170000000000 0000000000000000
0000130000000000 0000000000000000 0000160000000000 0000000000000000
0200000000000000 0200330000000000 0000000000000000
0000380000000000 0000000000000000 0000380000000000 0000000000000000
0000100000000000 0000000000000000 0000040000000000 0000000000000000
00000f0000000000 0000000000000000 00000f0000000000 0000000000000000
0000370000000000 0000000000000000
0000080000000000 0000000000000000 00001b0000000000 0000000000000000
0000040000000000 0000000000000000 0000100000000000 0000101300000000 0000130000000000 0000000000000000
00000f0000000000 0000000000000000 0000080000000000 0000000000000000
0000380000000000 0000000000000000 0000060000000000 0000000000000000 0000380000000000 0000000000000000
0200000000000000 0200040000000000 0000000000000000
0200000000000000 0200050000000000 0000000000000000
2000000000000000 2000060000000000 0000000000000000
0200000000000000 0200380000000000 0000000000000000
0000160000000000 0000000000000000 00002e0000000000 0000000000000000
00001b0000000000 0000000000000000 0000280000000000 0000000000000000`
	.trim()
	.split(/\s+/)
	.map(hex);

function feed(decoder: KeyboardWedgeDecoder | PosHidDecoder, reports: Uint8Array[], stepMs = 2) {
	const scans: string[] = [];
	let now = 1_000;
	for (const r of reports) {
		const text = decoder.push(r, (now += stepMs));
		if (text !== null) scans.push(text);
	}
	return scans;
}

describe('keyboard-wedge reports', () => {
	it('turns the recorded scan of a coupon QR into its text, shifted characters included', () => {
		expect(RECORDED.every((r) => r.length === 8)).toBe(true);
		expect(feed(new KeyboardWedgeDecoder(), RECORDED)).toEqual(['https://mall.example/c/ABC?s=x']);
	});

	it('gives nothing until Enter, and each Enter ends one scan', () => {
		const decoder = new KeyboardWedgeDecoder();
		const withoutEnter = RECORDED.slice(0, -2);
		expect(feed(decoder, withoutEnter)).toEqual([]);
		expect(feed(decoder, RECORDED.slice(-2))).toEqual(['https://mall.example/c/ABC?s=x']);
		expect(feed(decoder, [...RECORDED, ...RECORDED])).toHaveLength(2);
	});

	it('reads a report with a leading report id, and keypad digits and Enter', () => {
		const withId = (s: string) => hex(`01${s}`);
		const reports = [
			'0000620000000000',
			'0000000000000000',
			'0000590000000000',
			'0000000000000000',
			'0000580000000000'
		].map(withId);
		expect(feed(new KeyboardWedgeDecoder(), reports)).toEqual(['01']);
	});

	it('drops a half scan the scanner never finished, instead of gluing it to the next one', () => {
		const decoder = new KeyboardWedgeDecoder({ gapMs: 500 });
		expect(decoder.push(hex('0000040000000000'), 0)).toBeNull(); // "a", then the code was lost
		expect(decoder.push(hex('0000000000000000'), 5)).toBeNull();
		expect(feed(decoder, RECORDED)).toEqual(['https://mall.example/c/ABC?s=x']);
	});

	it('ignores keys typed with Ctrl or Alt held, and a rollover error report', () => {
		const reports = [
			'0100040000000000', // Ctrl+A
			'0000000000000000',
			'0000010101010101', // phantom state: too many keys
			'0000050000000000', // b
			'0000000000000000',
			'0000280000000000'
		].map(hex);
		expect(feed(new KeyboardWedgeDecoder(), reports)).toEqual(['b']);
	});
});

/** Builds HID POS "Scanned Data" reports as a Honeywell scanner in HID POS mode sends them. */
function posReports(text: string, aim = ']Q1'): Uint8Array[] {
	const bytes = new TextEncoder().encode(text);
	const out: Uint8Array[] = [];
	for (let at = 0; at === 0 || at < bytes.length; at += 56) {
		const chunk = bytes.subarray(at, at + 56);
		const r = new Uint8Array(64);
		r[0] = 0x02;
		r[1] = chunk.length;
		r.set(new TextEncoder().encode(aim), 2);
		r.set(chunk, 5);
		r[61] = 0x73; // Honeywell code id "s" (QR), ignored
		r[63] = at + 56 < bytes.length ? 0x01 : 0x00;
		out.push(r);
	}
	return out;
}

describe('pos-hid reports', () => {
	it('reads a code from one report', () => {
		expect(feed(new PosHidDecoder(), posReports('https://mall.example/c/ABC?s=x'))).toEqual([
			'https://mall.example/c/ABC?s=x'
		]);
	});

	it('joins a long code across reports, even when a character is split between two', () => {
		// 55 ASCII bytes, then a 3-byte character straddling the 56-byte boundary.
		const text = `${'x'.repeat(55)}會員卡 https://mall.example/m/card?t=${'k'.repeat(120)}`;
		const reports = posReports(text);
		expect(reports.length).toBeGreaterThan(2);
		expect(feed(new PosHidDecoder(), reports)).toEqual([text]);
	});

	it('ignores reports that are not scanned data, and drops a code interrupted by a bad one', () => {
		const decoder = new PosHidDecoder();
		const other = new Uint8Array(64);
		other[0] = 0x04;
		other[1] = 3;
		expect(feed(decoder, [other, new Uint8Array(8)])).toEqual([]);
		const [first, second] = posReports('y'.repeat(80));
		const bad = second.slice();
		bad[1] = 200;
		expect(feed(decoder, [first, bad])).toEqual([]);
		expect(feed(decoder, [second])).toEqual([]); // its beginning was dropped with the bad report
		expect(feed(decoder, posReports('ok'))).toEqual(['ok']);
	});

	it('drops the start of a code whose end never came', () => {
		const decoder = new PosHidDecoder({ gapMs: 500 });
		const [first] = posReports('z'.repeat(80));
		expect(decoder.push(first, 0)).toBeNull();
		expect(decoder.push(posReports('fresh')[0], 2_000)).toBe('fresh');
	});
});

describe('garbage from a faulty device', () => {
	const report = fc.uint8Array({ minLength: 0, maxLength: 70 });
	const format = fc.constantFrom('keyboard-wedge' as const, 'pos-hid' as const);

	it('never throws, whatever the reports', () => {
		fc.assert(
			fc.property(format, fc.array(report, { maxLength: 60 }), (f, reports) => {
				const decoder = decoderFor(f);
				for (const r of reports) decoder.push(r);
			}),
			{ numRuns: 300 }
		);
	});

	it('never makes a keyboard-wedge scan without an Enter', () => {
		const noEnter = report.map((r) =>
			r.map((b, i) => (i >= 2 && (b === 0x28 || b === 0x58) ? 0 : b))
		);
		const mixed = fc.oneof(
			noEnter,
			fc.uint8Array({ minLength: 8, maxLength: 8 }).map((r) => {
				for (let i = 2; i < 8; i++) if (r[i] === 0x28 || r[i] === 0x58) r[i] = 0x04;
				return r;
			})
		);
		fc.assert(
			fc.property(fc.array(mixed, { maxLength: 200 }), (reports) => {
				expect(feed(new KeyboardWedgeDecoder(), reports, 1)).toEqual([]);
			}),
			{ numRuns: 300 }
		);
	});

	it('never makes a pos-hid scan without a report that ends the code', () => {
		const unterminated = fc.uint8Array({ minLength: 64, maxLength: 64 }).map((r) => {
			r[63] |= 0x01;
			return r;
		});
		const posLike = unterminated.map((r) => {
			r[0] = 0x02;
			r[1] %= 57;
			return r;
		});
		fc.assert(
			fc.property(
				fc.array(fc.oneof(report, unterminated, posLike), { maxLength: 100 }),
				(reports) => {
					expect(feed(new PosHidDecoder(), reports, 1)).toEqual([]);
				}
			),
			{ numRuns: 300 }
		);
	});
});
