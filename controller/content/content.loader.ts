import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
	Campaign,
	Category,
	Mall,
	MediaItem,
	Playlist,
	Shop,
	WEEKDAYS,
	type ReplicaData,
	type WeekHours
} from '../../protocol/index.js';

/** Whole-file problems (missing file, broken JSON, wrong top-level type) have no narrower field. */
export const ROOT_FIELD = '(root)';

/** A content file that cannot be served: says which file and which field, so an editor can fix it. */
export class ContentError extends Error {
	/** Path relative to the content directory, e.g. `shops.json`. */
	readonly file: string;
	/** Dotted path inside the file, e.g. `[3].name.en`, or `(root)` for the file as a whole. */
	readonly field: string;
	constructor(dir: string, file: string, field: string, detail: string) {
		const where = field === ROOT_FIELD ? '' : ` ${field}:`;
		super(`${displayPath(dir, file)}:${where} ${detail}`);
		this.name = 'ContentError';
		this.file = file;
		this.field = field;
	}
}

// The message should read `content/shops.json` when run from the repo, but a temp dir far away is
// clearer as an absolute path than as a chain of `../`.
function displayPath(dir: string, file: string): string {
	const full = path.resolve(dir, file);
	const rel = path.relative(process.cwd(), full);
	return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : full;
}

export function formatPath(segments: readonly PropertyKey[]): string {
	let out = '';
	for (const seg of segments) {
		if (typeof seg === 'number') out += `[${seg}]`;
		else out += out ? `.${String(seg)}` : String(seg);
	}
	return out || ROOT_FIELD;
}

async function readJson(dir: string, file: string): Promise<unknown> {
	let text: string;
	try {
		text = await readFile(path.join(dir, file), 'utf8');
	} catch (err) {
		const code = (err as NodeJS.ErrnoException).code;
		throw new ContentError(
			dir,
			file,
			ROOT_FIELD,
			code === 'ENOENT' ? 'file is missing' : String(err)
		);
	}
	try {
		return JSON.parse(text);
	} catch (err) {
		throw new ContentError(
			dir,
			file,
			ROOT_FIELD,
			`invalid JSON: ${(err as Error).message}${lineOf(text, err)}`
		);
	}
}

// V8 reports a character offset; editors navigate by line and column.
function lineOf(text: string, err: unknown): string {
	const match = /position (\d+)/.exec((err as Error).message);
	if (!match || /line \d+/.test((err as Error).message)) return '';
	const before = text.slice(0, Number(match[1])).split('\n');
	return ` (line ${before.length}, column ${before[before.length - 1].length + 1})`;
}

function parse<S extends z.ZodType>(
	dir: string,
	file: string,
	schema: S,
	data: unknown
): z.output<S> {
	const result = schema.safeParse(data);
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	const segments: PropertyKey[] = [...issue.path];
	// zod reports an unknown key on the object that holds it; the key itself is what the editor must find.
	if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) segments.push(issue.keys[0]);
	const more = result.error.issues.length - 1;
	const suffix = more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : '';
	throw new ContentError(dir, file, formatPath(segments), issue.message + suffix);
}

function uniqueIds(dir: string, file: string, items: readonly { id: string }[], prefix = ''): void {
	const seen = new Map<string, number>();
	items.forEach((item, i) => {
		const first = seen.get(item.id);
		if (first !== undefined) {
			throw new ContentError(
				dir,
				file,
				`${prefix}[${i}].id`,
				`duplicate id '${item.id}' (also at ${prefix}[${first}])`
			);
		}
		seen.set(item.id, i);
	});
}

function minutes(time: string): number {
	const [h, m] = time.split(':').map(Number);
	return h * 60 + m;
}

// The schema's HH:MM pattern admits 24:59; only 24:00 means "until midnight".
function checkHours(dir: string, file: string, hours: WeekHours, prefix: string): void {
	for (const day of WEEKDAYS) {
		const intervals = hours[day];
		let lastClose = -1;
		intervals.forEach((iv, i) => {
			const at = `${prefix}.${day}[${i}]`;
			for (const key of ['open', 'close'] as const) {
				if (minutes(iv[key]) > 24 * 60) {
					throw new ContentError(dir, file, `${at}.${key}`, `'${iv[key]}' is past 24:00`);
				}
			}
			if (minutes(iv.open) >= minutes(iv.close)) {
				throw new ContentError(
					dir,
					file,
					`${at}.close`,
					`closes at ${iv.close}, not after it opens at ${iv.open} (after midnight belongs to the next day)`
				);
			}
			if (minutes(iv.open) < lastClose) {
				throw new ContentError(
					dir,
					file,
					`${at}.open`,
					'overlaps or precedes the previous interval'
				);
			}
			lastClose = minutes(iv.close);
		});
	}
}

function isTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

async function isFile(p: string): Promise<boolean> {
	try {
		return (await stat(p)).isFile();
	} catch {
		return false;
	}
}

/**
 * Reads and validates the whole content directory. Everything is checked before anything is returned,
 * so a screen is never handed a mall whose shops point at a floor that does not exist.
 */
export async function loadContent(dir: string): Promise<ReplicaData> {
	const files = {
		mall: 'mall.json',
		categories: 'categories.json',
		shops: 'shops.json',
		campaigns: 'campaigns.json',
		media: 'media.json',
		playlists: 'playlists.json'
	} as const;

	const mall = parse(dir, files.mall, Mall, await readJson(dir, files.mall));
	const categories = parse(
		dir,
		files.categories,
		z.array(Category),
		await readJson(dir, files.categories)
	);
	const shops = parse(dir, files.shops, z.array(Shop), await readJson(dir, files.shops));
	const campaigns = parse(
		dir,
		files.campaigns,
		z.array(Campaign),
		await readJson(dir, files.campaigns)
	);
	const media = parse(dir, files.media, z.array(MediaItem), await readJson(dir, files.media));
	const playlists = parse(
		dir,
		files.playlists,
		z.array(Playlist),
		await readJson(dir, files.playlists)
	);

	if (!isTimeZone(mall.timezone)) {
		throw new ContentError(
			dir,
			files.mall,
			'timezone',
			`unknown IANA time zone '${mall.timezone}'`
		);
	}
	checkHours(dir, files.mall, mall.hours, 'hours');
	uniqueIds(dir, files.mall, mall.floors, 'floors');
	const labels = new Map<string, number>();
	const levels = new Map<number, number>();
	mall.floors.forEach((floor, i) => {
		if (labels.has(floor.label)) {
			throw new ContentError(
				dir,
				files.mall,
				`floors[${i}].label`,
				`duplicate label '${floor.label}'`
			);
		}
		if (levels.has(floor.level)) {
			throw new ContentError(
				dir,
				files.mall,
				`floors[${i}].level`,
				`duplicate level ${floor.level}`
			);
		}
		labels.set(floor.label, i);
		levels.set(floor.level, i);
	});

	uniqueIds(dir, files.categories, categories);
	uniqueIds(dir, files.shops, shops);
	uniqueIds(dir, files.campaigns, campaigns);
	uniqueIds(dir, files.media, media);
	uniqueIds(dir, files.playlists, playlists);

	const categoryIds = new Set(categories.map((c) => c.id));
	const floorsById = new Map(mall.floors.map((f) => [f.id, f]));
	const units = new Map<string, number>();
	shops.forEach((shop, i) => {
		if (!categoryIds.has(shop.category)) {
			throw new ContentError(
				dir,
				files.shops,
				`[${i}].category`,
				`unknown category '${shop.category}'`
			);
		}
		const floor = floorsById.get(shop.floor);
		if (!floor) {
			throw new ContentError(dir, files.shops, `[${i}].floor`, `unknown floor '${shop.floor}'`);
		}
		const unit = shop.unit.toUpperCase();
		const other = units.get(unit);
		if (other !== undefined) {
			throw new ContentError(
				dir,
				files.shops,
				`[${i}].unit`,
				`unit '${shop.unit}' is taken by [${other}]`
			);
		}
		units.set(unit, i);
		// A unit named after another floor ("L2-05" on L1) is almost always a copy-paste slip.
		const named = mall.floors.find((f) => unit.startsWith(`${f.label.toUpperCase()}-`));
		if (named && named.id !== floor.id) {
			throw new ContentError(
				dir,
				files.shops,
				`[${i}].unit`,
				`unit '${shop.unit}' is on ${named.label} but the shop is on ${floor.label}`
			);
		}
		if (shop.hours) checkHours(dir, files.shops, shop.hours, `[${i}].hours`);
	});

	const shopIds = new Set(shops.map((s) => s.id));
	campaigns.forEach((c, i) => {
		if (!shopIds.has(c.shop)) {
			throw new ContentError(dir, files.campaigns, `[${i}].shop`, `unknown shop '${c.shop}'`);
		}
		if (Date.parse(c.validFrom) >= Date.parse(c.validTo)) {
			throw new ContentError(
				dir,
				files.campaigns,
				`[${i}].validTo`,
				`validTo ${c.validTo} is not after validFrom ${c.validFrom}`
			);
		}
		if (c.perMemberLimit > c.stock) {
			throw new ContentError(dir, files.campaigns, `[${i}].perMemberLimit`, 'exceeds the stock');
		}
	});

	const mediaDir = path.join(dir, 'media');
	const present = await Promise.all(media.map((m) => isFile(path.join(mediaDir, m.src))));
	present.forEach((ok, i) => {
		if (!ok) {
			throw new ContentError(dir, files.media, `[${i}].src`, `missing file media/${media[i].src}`);
		}
	});

	const mediaIds = new Set(media.map((m) => m.id));
	playlists.forEach((p, i) => {
		p.items.forEach((item, k) => {
			if (!mediaIds.has(item)) {
				throw new ContentError(
					dir,
					files.playlists,
					`[${i}].items[${k}]`,
					`unknown media item '${item}'`
				);
			}
		});
	});

	return { mall, categories, shops, campaigns, media, playlists };
}
