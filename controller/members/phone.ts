import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';

export interface NormalizedPhone {
	e164: string;
	/** The number's own country (ISO 3166), which may differ from the region it was typed for. */
	region: string;
	/** Whether it can take a text message: the one-time code goes out by SMS. */
	mobile: boolean;
}

// Full-width digits and ideographic spaces come from CJK keyboards; NFKC folds them to ASCII.
const TYPED = /^[0-9+()\-. ]+$/;

/**
 * A phone number as typed ("0912 345 678", "+86 138 0013 8000", "9123 4567") to E.164, read with
 * `region` when it has no country code. Anything that is not a valid number is null; letters are
 * refused outright because the parser would otherwise pick digits out of any text.
 */
export function normalizePhone(input: string, region: string): NormalizedPhone | null {
	const typed = input
		.normalize('NFKC')
		.replace(/\u3000/g, ' ')
		.trim();
	if (!TYPED.test(typed)) return null;
	const parsed = parsePhoneNumberFromString(typed, region as CountryCode);
	if (!parsed?.isValid()) return null;
	const type = parsed.getType();
	return {
		e164: parsed.number,
		region: parsed.country ?? region,
		// US and Canadian numbers cannot be told apart: let the SMS provider decide.
		mobile: type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE'
	};
}

/**
 * A number as a screen may show it: the country code, the operator prefix and the last 3–4 digits
 * (`+886 9** *** 678`, `+86 138 **** 8000`, `+852 9*** 4567`). The full number stays on the server.
 */
export function maskPhone(e164: string): string {
	const parsed = parsePhoneNumberFromString(e164);
	if (!parsed)
		return `${e164.slice(0, 3)} ${'*'.repeat(Math.max(0, e164.length - 7))}${e164.slice(-4)}`;
	const national = parsed.nationalNumber;
	const formatted = parsed.formatInternational().replace(`+${parsed.countryCallingCode} `, '');
	const groups = formatted.split(/[\s-]+/);
	const lastGroup = groups.at(-1)?.length ?? 4;
	const tail = Math.min(4, lastGroup);
	const head = national.length >= 11 ? 3 : 1;
	let seen = 0;
	let out = '';
	for (const ch of groups.join(' ')) {
		if (ch < '0' || ch > '9') {
			out += ch;
			continue;
		}
		out += seen < head || seen >= national.length - tail ? ch : '*';
		seen++;
	}
	return `+${parsed.countryCallingCode} ${out}`;
}
