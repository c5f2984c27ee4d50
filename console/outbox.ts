/**
 * A message's text split so its one-time codes (runs of 4–8 digits) can be shown large: the reason
 * a technician opens the outbox is to read a code off it.
 */
export function splitCodes(text: string): { text: string; code: boolean }[] {
	const parts: { text: string; code: boolean }[] = [];
	let last = 0;
	for (const m of text.matchAll(/(?<![\d+])\d{4,8}(?!\d)/g)) {
		if (m.index > last) parts.push({ text: text.slice(last, m.index), code: false });
		parts.push({ text: m[0], code: true });
		last = m.index + m[0].length;
	}
	if (last < text.length) parts.push({ text: text.slice(last), code: false });
	return parts;
}
