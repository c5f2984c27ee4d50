import { z } from 'zod';
import { LOCALES } from './locale.js';

/** Schemas for locale.ts's types (kept apart so screens can use locale.ts without zod). */
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

export const Localized = z.strictObject({
	'zh-Hant': z.string().min(1),
	'zh-Hans': z.string().min(1),
	en: z.string().min(1)
});
export type Localized = z.infer<typeof Localized>;
