import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';
import type { Category, Reading, SearchKeys, Shop } from '../../protocol/index.js';

export type ReadingOf = Reading['of'];

const HAN = /\p{Script=Han}/u;
const LATIN_OR_DIGIT = /^[\p{L}\p{N}]$/u;

// 'tw' → 'cn' converts characters and Taiwan variants but not vocabulary ('twp' would turn 軟體 into
// 软件), so a folded name keeps its length and still reads as the same name.
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

function hasHan(text: string): boolean {
	return HAN.test(text);
}

/**
 * Reads a text code point by code point. Polyphones are read from the Simplified form, where
 * pinyin-pro's word dictionary knows them (銀行 as yin hang, 重慶 as chong qing).
 */
export function readText(text: string, of: ReadingOf): Reading {
	const chars = Array.from(text);
	const foldedText = toSimplified(text);
	const foldedChars = Array.from(foldedText);
	const source = foldedChars.length === chars.length ? foldedChars : chars;
	const syllables: string[] = new Array<string>(chars.length).fill('');
	let i = 0;
	while (i < chars.length) {
		if (HAN.test(chars[i])) {
			let j = i;
			while (j < chars.length && HAN.test(chars[j])) j++;
			const run = source.slice(i, j);
			let read = pinyin(run.join(''), { toneType: 'none', type: 'array', v: true });
			// pinyin-pro answers one entry per character for a run of Han; if a future version groups
			// differently, reading each character alone still beats misaligned highlights.
			if (read.length !== run.length) {
				read = run.map((c) => pinyin(c, { toneType: 'none', type: 'array', v: true })[0] ?? '');
			}
			for (let k = 0; k < run.length; k++) syllables[i + k] = read[k].toLowerCase();
			i = j;
		} else if (isLatinOrDigit(chars[i])) {
			let j = i;
			let word = '';
			while (j < chars.length && !HAN.test(chars[j]) && isLatinOrDigit(chars[j])) {
				word += chars[j].normalize('NFKC').toLowerCase();
				j++;
			}
			syllables[i] = word;
			i = j;
		} else {
			i++;
		}
	}
	return { of, folded: foldedText, syllables };
}

function isLatinOrDigit(c: string): boolean {
	return LATIN_OR_DIGIT.test(c.normalize('NFKC').slice(0, 1)) && !HAN.test(c);
}

function unique(values: string[]): string[] {
	return [...new Set(values.filter((v) => v.length > 0))];
}

/**
 * Derives what a screen needs to search shops by pinyin and in either script, so the kiosk bundle
 * carries no pinyin or OpenCC dictionary. A shop's category readings ride along with each shop: a few
 * syllables per shop cost less than a second collection in the replica.
 */
export function buildSearchIndex(data: { shops: Shop[]; categories: Category[] }): SearchKeys[] {
	const categories = new Map<string, Reading[]>();
	for (const c of data.categories) {
		categories.set(c.id, [
			readText(c.name['zh-Hant'], 'category:zh-Hant'),
			readText(c.name['zh-Hans'], 'category:zh-Hans')
		]);
	}
	return data.shops.map((shop) => {
		const own: Reading[] = [
			readText(shop.name['zh-Hant'], 'zh-Hant'),
			readText(shop.name['zh-Hans'], 'zh-Hans')
		];
		shop.aliases.forEach((alias, n) => {
			if (hasHan(alias)) own.push(readText(alias, n));
		});
		const chinese = own.filter((r, k) => k < 2 || r.syllables.some((s) => s.length > 0));
		const full = chinese.map((r) => r.syllables.join(''));
		const initials = chinese.map((r) =>
			r.syllables
				.filter((s) => s.length > 0)
				.map((s) => s[0])
				.join('')
		);
		const names = [shop.name['zh-Hant'], shop.name['zh-Hans'], shop.name.en, ...shop.aliases];
		return {
			shopId: shop.id,
			pinyin: unique(full),
			initials: unique(initials),
			folded: unique(names.map((n) => toSimplified(n).toLowerCase())),
			readings: [...own, ...(categories.get(shop.category) ?? [])]
		};
	});
}
