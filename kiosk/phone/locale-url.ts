import type { Locale } from '$protocol/locale';

/** The same address with `l` set, so a reload or a shared link keeps the shopper's language. */
export function withLocale(url: URL, locale: Locale): string {
	const params = new URLSearchParams(url.search);
	params.set('l', locale);
	return `${url.pathname}?${params.toString()}`;
}
