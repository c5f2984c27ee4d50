import { z } from 'zod';

/** The mall's three languages. Every shopper-facing text exists in all three. */
export const LOCALES = ['zh-Hant', 'zh-Hans', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const Locale = z.enum(LOCALES);

export const Localized = z.strictObject({
	'zh-Hant': z.string().min(1),
	'zh-Hans': z.string().min(1),
	en: z.string().min(1)
});
export type Localized = z.infer<typeof Localized>;

/** Picks the text in the shopper's language. */
export function t(text: Localized, locale: Locale): string {
	return text[locale];
}
