/**
 * UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits, so ids sort by creation time and
 * journals stay in order. Works in Node and in the browser through Web Crypto.
 */
let lastMs = 0;
let seq = 0;

export function uuidv7(now: number = Date.now()): string {
	const bytes = new Uint8Array(16);
	globalThis.crypto.getRandomValues(bytes);
	// A 12-bit counter in rand_a keeps ids minted within one millisecond monotonic (RFC 9562 §6.2, method 1).
	if (now <= lastMs) {
		seq = (seq + 1) & 0xfff;
		if (seq === 0) lastMs += 1;
		now = lastMs;
	} else {
		lastMs = now;
		seq = bytes[6] & 0x07; // start low so the counter has room
	}
	bytes[0] = (now / 2 ** 40) & 0xff;
	bytes[1] = (now / 2 ** 32) & 0xff;
	bytes[2] = (now >>> 24) & 0xff;
	bytes[3] = (now >>> 16) & 0xff;
	bytes[4] = (now >>> 8) & 0xff;
	bytes[5] = now & 0xff;
	bytes[6] = 0x70 | ((seq >>> 8) & 0x0f);
	bytes[7] = seq & 0xff;
	bytes[8] = 0x80 | (bytes[8] & 0x3f);
	let hex = '';
	for (const b of bytes) hex += b.toString(16).padStart(2, '0');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUIDV7_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function isUuidv7(value: unknown): value is string {
	return typeof value === 'string' && UUIDV7_PATTERN.test(value);
}

/** The millisecond timestamp a UUIDv7 carries. */
export function uuidv7Time(id: string): number {
	return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
