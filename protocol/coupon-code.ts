/**
 * Coupon codes a person can read aloud and type: Crockford base32 (no I, L, O, U), 10 random
 * symbols (50 bits) and a check symbol (mod 37) that catches a mistyped or swapped symbol, shown as
 * 4-4-3 groups: "7K3M-Q9XT-2PF". Schema-free so every screen can use it.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK = ALPHABET + '*~$=U';
export const CODE_SYMBOLS = 10;

export function newCouponCode(random: Uint8Array = randomBytes(7)): string {
	let n = 0n;
	for (const b of random.slice(0, 7)) n = (n << 8n) | BigInt(b);
	n &= (1n << 50n) - 1n;
	let body = '';
	for (let i = 0; i < CODE_SYMBOLS; i++) {
		body = ALPHABET[Number(n & 31n)] + body;
		n >>= 5n;
	}
	return body + checkSymbol(body);
}

function randomBytes(n: number): Uint8Array {
	const bytes = new Uint8Array(n);
	globalThis.crypto.getRandomValues(bytes);
	return bytes;
}

function checkSymbol(body: string): string {
	let n = 0n;
	for (const ch of body) n = n * 32n + BigInt(ALPHABET.indexOf(ch));
	return CHECK[Number(n % 37n)];
}

/** Formats a code in groups for print and screens. */
export function formatCouponCode(code: string): string {
	return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/**
 * Reads what a person typed: any case, spaces and dashes ignored, and the look-alikes Crockford
 * allows (O→0, I/L→1). Returns null unless it is a well-formed code with the right check symbol.
 */
export function normalizeCouponCode(input: string): string | null {
	if (input.length > 64) return null;
	const s = input
		.toUpperCase()
		.replace(/[\s-]/g, '')
		.replace(/O/g, '0')
		.replace(/[IL]/g, '1');
	if (s.length !== CODE_SYMBOLS + 1) return null;
	const body = s.slice(0, CODE_SYMBOLS);
	for (const ch of body) if (!ALPHABET.includes(ch)) return null;
	return checkSymbol(body) === s[CODE_SYMBOLS] ? s : null;
}

export interface ScannedCoupon {
	code: string;
	/** Present when the input was the QR's URL. */
	signature: string | null;
	/** Present for a coupon a kiosk minted offline, from its stock lease. */
	lease: string | null;
}

/**
 * Reads a redemption input: a typed code, or the text of a coupon's QR
 * (`https://mall.example/c/<code>?s=<signature>[&l=<lease>]`) from a scanner or a paste.
 */
export function parseCouponInput(input: string): ScannedCoupon | null {
	const text = input.trim();
	if (text.length === 0 || text.length > 512) return null;
	// The check symbol may be one of * ~ $ = U, all allowed in a URL path.
	const m = /\/c\/([0-9A-Za-z*~$=-]{11,16})(?:\?(.*))?$/.exec(text);
	if (!m) {
		const code = normalizeCouponCode(text);
		return code ? { code, signature: null, lease: null } : null;
	}
	const code = normalizeCouponCode(m[1]);
	if (!code) return null;
	const params = new URLSearchParams(m[2] ?? '');
	return { code, signature: params.get('s'), lease: params.get('l') };
}
