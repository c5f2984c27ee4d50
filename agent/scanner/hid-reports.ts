import { MAX_SCAN_LENGTH } from './scanner.js';

/*
 * Turning a HID scanner's input reports into scanned text. Both decoders take reports as node-hid
 * hands them over (one `data` event each) and return the text when a report completes a scan, else
 * null. They never throw: whatever a faulty or unexpected device sends is dropped.
 */

export interface ReportDecoder {
	/** `now` in ms; a scan whose pieces arrive further apart than the gap is discarded. */
	push(report: Uint8Array, now?: number): string | null;
	/** Drops a half-read scan, e.g. when the scanner was unplugged mid-way. */
	reset(): void;
}

export interface DecoderOptions {
	/** A scanner sends a whole code in a few ms; a longer pause means the rest was lost. */
	gapMs?: number;
	maxLength?: number;
}

const DEFAULT_GAP_MS = 500;

/*
 * keyboard-wedge: the scanner is a USB keyboard (HID boot protocol) and "types" the code.
 * A report is 8 bytes: [modifiers, reserved, key1..key6], the keys being Keyboard/Keypad page
 * usage ids of the keys held down; a 9th leading byte is a report id (composite devices) and is
 * skipped. A key counts when it appears in a report and was not held in the previous one, so
 * releases (all-zero reports) separate repeated letters. Shift (left 0x02 or right 0x20) gives the
 * shifted character of a US layout, which is what scanners emit unless configured otherwise.
 * Enter (0x28, keypad 0x58) ends the scan; keys typed with Ctrl, Alt or GUI held are not text and
 * are ignored, so Alt+keypad code sequences (some scanners' way to type non-ASCII) are not supported:
 * configure such a scanner for pos-hid instead.
 */

const LETTER_A = 0x04;
const LETTER_Z = 0x1d;
const ENTER = 0x28;
const KEYPAD_ENTER = 0x58;
const ERROR_ROLL_OVER = 0x01;
const SHIFT = 0x02 | 0x20;
const NOT_TEXT = 0x01 | 0x10 | 0x04 | 0x40 | 0x08 | 0x80; // Ctrl, Alt, GUI (left and right)

/** Usage id → [unshifted, shifted] on a US layout, for the keys a code can contain. */
const KEYS: Record<number, [string, string]> = {
	0x1e: ['1', '!'],
	0x1f: ['2', '@'],
	0x20: ['3', '#'],
	0x21: ['4', '$'],
	0x22: ['5', '%'],
	0x23: ['6', '^'],
	0x24: ['7', '&'],
	0x25: ['8', '*'],
	0x26: ['9', '('],
	0x27: ['0', ')'],
	0x2c: [' ', ' '],
	0x2d: ['-', '_'],
	0x2e: ['=', '+'],
	0x2f: ['[', '{'],
	0x30: [']', '}'],
	0x31: ['\\', '|'],
	0x33: [';', ':'],
	0x34: ["'", '"'],
	0x35: ['`', '~'],
	0x36: [',', '<'],
	0x37: ['.', '>'],
	0x38: ['/', '?'],
	0x54: ['/', '/'],
	0x55: ['*', '*'],
	0x56: ['-', '-'],
	0x57: ['+', '+'],
	0x59: ['1', '1'],
	0x5a: ['2', '2'],
	0x5b: ['3', '3'],
	0x5c: ['4', '4'],
	0x5d: ['5', '5'],
	0x5e: ['6', '6'],
	0x5f: ['7', '7'],
	0x60: ['8', '8'],
	0x61: ['9', '9'],
	0x62: ['0', '0'],
	0x63: ['.', '.']
};

/** The character a key gives, or null for keys that are not text (Tab, arrows, F-keys…). */
export function keyChar(usage: number, shifted: boolean): string | null {
	if (usage >= LETTER_A && usage <= LETTER_Z) {
		const ch = String.fromCharCode(97 + usage - LETTER_A);
		return shifted ? ch.toUpperCase() : ch;
	}
	const pair = KEYS[usage];
	return pair ? pair[shifted ? 1 : 0] : null;
}

export class KeyboardWedgeDecoder implements ReportDecoder {
	readonly #gapMs: number;
	readonly #maxLength: number;
	#held = new Set<number>();
	#text = '';
	#last = -Infinity;
	/** Set when a scan grew past maxLength: everything up to its Enter is dropped. */
	#overflow = false;

	constructor(opts: DecoderOptions = {}) {
		this.#gapMs = opts.gapMs ?? DEFAULT_GAP_MS;
		this.#maxLength = opts.maxLength ?? MAX_SCAN_LENGTH;
	}

	push(report: Uint8Array, now = Date.now()): string | null {
		const r = report.length === 9 ? report.subarray(1) : report;
		if (r.length !== 8) return null;
		const keys = [...r.subarray(2)].filter((k) => k !== 0);
		// Too many keys at once: the report says nothing about which are held.
		if (keys.includes(ERROR_ROLL_OVER)) return null;
		const pressed = keys.filter((k) => !this.#held.has(k));
		this.#held = new Set(keys);
		if (pressed.length === 0) return null;

		if (now - this.#last > this.#gapMs) this.reset();
		this.#last = now;
		const modifiers = r[0];
		if (modifiers & NOT_TEXT) return null;
		for (const key of pressed) {
			if (key === ENTER || key === KEYPAD_ENTER) {
				const text = this.#overflow ? '' : this.#text;
				this.#text = '';
				this.#overflow = false;
				if (text) return text;
				continue;
			}
			const ch = keyChar(key, (modifiers & SHIFT) !== 0);
			if (ch === null || this.#overflow) continue;
			if (this.#text.length >= this.#maxLength) {
				this.#overflow = true;
				this.#text = '';
				continue;
			}
			this.#text += ch;
		}
		return null;
	}

	reset(): void {
		this.#text = '';
		this.#overflow = false;
	}
}

/*
 * pos-hid: the scanner follows the HID Point of Sale Usage Tables (usage page 0x8C, Bar Code
 * Scanner) and sends each code in "Scanned Data" input reports, laid out as Honeywell, Zebra and
 * Datalogic scanners do in their HID POS mode (64-byte reports, byte offsets as node-hid gives
 * them, report id first):
 *
 *   [0]        report id 0x02
 *   [1]        n, the number of data bytes in this report (0–56)
 *   [2..4]     AIM symbology identifier, e.g. "]Q1" for a QR code (not part of the text)
 *   [5..5+n)   the decoded data, bytes of UTF-8
 *   [61..62]   vendor use (Honeywell's code id), ignored
 *   [63]       bit 0 set: the code continues in the next report ("Decoded Data Continued")
 *
 * A scan ends with a report whose continuation bit is clear; its bytes and those of the reports
 * before it are the text. Reports with another id, another length, or an n that does not fit are
 * not scanned data and are ignored; a malformed one in the middle of a code drops that code, up to
 * and including the report that ends it, so its tail never passes for a whole code.
 */

export interface PosHidOptions extends DecoderOptions {
	reportId?: number;
	/** Whole report, report id included, as the device's report descriptor declares it. */
	reportLength?: number;
}

const POS_HEADER = 5;

export class PosHidDecoder implements ReportDecoder {
	readonly #gapMs: number;
	readonly #maxLength: number;
	readonly #reportId: number;
	readonly #reportLength: number;
	#chunks: Uint8Array[] = [];
	#size = 0;
	/** Set when part of the code was lost or it is too long: everything up to its end is dropped. */
	#discard = false;
	#last = -Infinity;
	readonly #utf8 = new TextDecoder('utf-8', { fatal: false });

	constructor(opts: PosHidOptions = {}) {
		this.#gapMs = opts.gapMs ?? DEFAULT_GAP_MS;
		this.#maxLength = opts.maxLength ?? MAX_SCAN_LENGTH;
		this.#reportId = opts.reportId ?? 0x02;
		this.#reportLength = opts.reportLength ?? 64;
	}

	push(report: Uint8Array, now = Date.now()): string | null {
		if (report.length !== this.#reportLength || report[0] !== this.#reportId) return null;
		if (now - this.#last > this.#gapMs) this.reset();
		this.#last = now;
		const n = report[1];
		// The data must end before the vendor bytes and the continuation flag.
		if (POS_HEADER + n > this.#reportLength - 3) {
			// Mid-code, the rest of the code must not pass for a whole one.
			const midCode = this.#size > 0 || this.#discard;
			this.reset();
			this.#discard = midCode;
			return null;
		}
		this.#size += n;
		if (this.#size > this.#maxLength) this.#discard = true;
		if (!this.#discard) this.#chunks.push(report.slice(POS_HEADER, POS_HEADER + n));
		const more = (report[this.#reportLength - 1] & 0x01) !== 0;
		if (more) return null;
		const bytes = this.#discard ? new Uint8Array(0) : concat(this.#chunks, this.#size);
		this.reset();
		return bytes.length === 0 ? null : this.#utf8.decode(bytes);
	}

	reset(): void {
		this.#chunks = [];
		this.#size = 0;
		this.#discard = false;
	}
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
	const out = new Uint8Array(size);
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.length;
	}
	return out;
}

export type ReportFormat = 'keyboard-wedge' | 'pos-hid';

export function decoderFor(format: ReportFormat, opts: DecoderOptions = {}): ReportDecoder {
	return format === 'pos-hid' ? new PosHidDecoder(opts) : new KeyboardWedgeDecoder(opts);
}
