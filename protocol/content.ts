import { z } from 'zod';
import { Locale, Localized } from './text.js';
import { MapData } from './map.js';

export { LOCALES, t } from './locale.js';
export { WEEKDAYS, type Weekday } from './hours.js';

export { Locale, Localized } from './text.js';

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes');
const Time = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'HH:MM');
const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, '#RRGGBB');


/** Opening hours for one day: intervals in the mall's wall-clock time; an empty list means closed. */
export const DayHours = z.array(z.strictObject({ open: Time, close: Time })).max(4);
export const WeekHours = z.strictObject({
	mon: DayHours,
	tue: DayHours,
	wed: DayHours,
	thu: DayHours,
	fri: DayHours,
	sat: DayHours,
	sun: DayHours
});
export type WeekHours = z.infer<typeof WeekHours>;

export const Floor = z.strictObject({
	id: Id,
	/** The mall's own level name, as signs on site show it: B1, L1, L2, … */
	label: z.string().min(1).max(8),
	/** Vertical order: 0 is street level, negative below ground. */
	level: z.int(),
	name: Localized
});
export type Floor = z.infer<typeof Floor>;

export const Mall = z.strictObject({
	id: Id,
	name: Localized,
	/** IANA zone for opening hours and schedules. */
	timezone: z.string().min(3),
	defaultLocale: Locale,
	hours: WeekHours,
	floors: z.array(Floor).min(1)
});
export type Mall = z.infer<typeof Mall>;

export const Category = z.strictObject({
	id: Id,
	name: Localized,
	/** A single emoji or symbol drawn beside the name; decoration, never the only label. */
	icon: z.string().min(1).max(8),
	color: Color
});
export type Category = z.infer<typeof Category>;

export const Shop = z.strictObject({
	id: Id,
	name: Localized,
	/** Other names shoppers type: brand spellings, nicknames, former names. */
	aliases: z.array(z.string().min(1)).default([]),
	category: Id,
	floor: Id,
	unit: z.string().min(1).max(16),
	description: Localized,
	/** Overrides the mall's hours when present. */
	hours: WeekHours.optional(),
	phone: z.string().optional(),
	logo: z.strictObject({ text: z.string().min(1).max(4), color: Color, background: Color })
});
export type Shop = z.infer<typeof Shop>;

export const Campaign = z.strictObject({
	id: Id,
	shop: Id,
	title: Localized,
	terms: Localized,
	value: Localized,
	validFrom: z.iso.datetime({ offset: true }),
	validTo: z.iso.datetime({ offset: true }),
	stock: z.int().positive(),
	perMemberLimit: z.int().positive(),
	perDayLimit: z.int().positive(),
	audience: z.enum(['anyone', 'members']),
	template: z.string().min(1)
});
export type Campaign = z.infer<typeof Campaign>;

export const MediaItem = z.strictObject({
	id: Id,
	kind: z.enum(['image']),
	/** Path under content/media/. */
	src: z.string().regex(/^[a-z0-9][a-z0-9-]*\.(svg|png|jpg|webp)$/),
	title: Localized,
	durationMs: z.int().min(1000).max(600_000)
});
export type MediaItem = z.infer<typeof MediaItem>;

export const Playlist = z.strictObject({
	id: Id,
	name: Localized,
	items: z.array(Id).min(1)
});
export type Playlist = z.infer<typeof Playlist>;

/** How one Chinese text reads, code point by code point, so screens match and highlight pinyin. */
export const Reading = z.strictObject({
	/** The text read: the shop's name in one script, aliases[n] as n, or its category's name. */
	of: z.union([
		z.enum(['zh-Hant', 'zh-Hans', 'category:zh-Hant', 'category:zh-Hans']),
		z.int().nonnegative()
	]),
	/** The text in Simplified characters (OpenCC tw→cn); as many code points as the text where OpenCC keeps it. */
	folded: z.string(),
	/**
	 * One entry per code point of the text: the toneless syllable of a Chinese character (ü as v); a run
	 * of Latin letters or digits, lower-cased, on its first code point; '' everywhere else.
	 */
	syllables: z.array(z.string())
});
export type Reading = z.infer<typeof Reading>;

/**
 * Search keys the controller derives from a shop's names and aliases, so screens search pinyin and
 * both scripts without carrying dictionaries.
 */
export const SearchKeys = z.strictObject({
	shopId: Id,
	/** Full pinyin without tones or spaces, one per Chinese name or alias: "xingbake". */
	pinyin: z.array(z.string()),
	/** Pinyin initials, one per Chinese name or alias: "xbk". */
	initials: z.array(z.string()),
	/** The names and aliases folded to one script (Simplified) and lower case, for matching either script. */
	folded: z.array(z.string()),
	/** The shop's Chinese names and aliases, then its category's two Chinese names. */
	readings: z.array(Reading).default([])
});
export type SearchKeys = z.infer<typeof SearchKeys>;

/** What a device's screen needs, kept by its agent as a versioned replica. */
export const ReplicaData = z.strictObject({
	mall: Mall,
	categories: z.array(Category),
	shops: z.array(Shop),
	campaigns: z.array(Campaign),
	media: z.array(MediaItem),
	playlists: z.array(Playlist),
	/** The floor map and walkway graph (IMDF import); absent when the mall has none. */
	map: MapData.optional(),
	/** Derived from shops by the controller. */
	search: z.array(SearchKeys).optional()
});
export type ReplicaData = z.infer<typeof ReplicaData>;

export const Replica = z.strictObject({
	version: z.int().nonnegative(),
	data: ReplicaData
});
export type Replica = z.infer<typeof Replica>;

