/**
 * The mall's three languages. Free of the schema library, so screens can import it without it;
 * the schemas for these types live in content.ts.
 */
export const LOCALES = ['zh-Hant', 'zh-Hans', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** A text in all three languages. Every shopper-facing text exists in all three. */
export type Localized = Record<Locale, string>;

/** Picks the text in the shopper's language. */
export function t(text: Localized, locale: Locale): string {
	return text[locale];
}
