import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Locale, ReplicaData } from '$protocol';
// The engine is tested on the keys the controller really builds from the demo mall.
import { loadContent } from '../../controller/content/content.loader.js';
import { buildSearchIndex } from '../../controller/content/search-index.js';
import { createShopSearch, segments, type SearchResult, type ShopSearch } from './search.js';

let data: ReplicaData;
let search: ShopSearch;

beforeAll(async () => {
	data = await loadContent('content');
	data.search = buildSearchIndex(data) as ReplicaData['search'];
	search = createShopSearch(data);
});

const ids = (results: SearchResult[]) => results.map((r) => r.shopId);
/** The highlighted parts of what the row shows: the name, or the "matched: …" line. */
const marked = (r: SearchResult) =>
	segments(r.matched?.text ?? r.text, r.matched?.ranges ?? r.ranges)
		.filter((s) => s.mark)
		.map((s) => s.text)
		.join('|');

describe('finding a shop the way Chinese shoppers type', () => {
	it('xbk, xingbake and xing find 星巴克 first, highlighting the characters typed', () => {
		for (const q of ['xbk', 'xingbake', 'XBK', 'xing ba ke']) {
			const [first] = search(q, 'zh-Hant');
			expect(first.shopId, q).toBe('starbucks');
			expect(first.text).toBe('星巴克');
			expect(marked(first), q).toBe('星巴克');
		}
		const [xing] = search('xing', 'zh-Hant');
		expect(xing.shopId).toBe('starbucks');
		expect(marked(xing)).toBe('星');
		// Partial syllables are typed too: "xingb" covers 星 and the start of 巴.
		expect(marked(search('xingb', 'zh-Hans')[0])).toBe('星巴');
	});

	it('星巴克 and starbucks find Starbucks in every language', () => {
		for (const locale of ['zh-Hant', 'zh-Hans', 'en'] as Locale[]) {
			expect(search('星巴克', locale)[0].shopId).toBe('starbucks');
			expect(search('starbucks', locale)[0].shopId).toBe('starbucks');
		}
		const en = search('starbucks', 'en')[0];
		expect(en.text).toBe('Starbucks');
		expect(en.ranges).toEqual([[0, 9]]);
		// A zh-Hant shopper sees 星巴克 and what matched.
		const zh = search('starbucks', 'zh-Hant')[0];
		expect(zh.text).toBe('星巴克');
		expect(zh.matched?.text).toBe('Starbucks');
	});

	it('tolerates a typo in Latin text: starbuks, starbukcs', () => {
		for (const q of ['starbuks', 'starbukcs', 'strabucks']) {
			const [first] = search(q, 'en');
			expect(first?.shopId, q).toBe('starbucks');
			expect(first.kind).toBe('typo');
		}
		// One edit for 4–7 letters, two from 8: "stxrbxcks" is two away from Starbucks.
		expect(ids(search('stxrbxcks', 'en'))).toContain('starbucks');
		expect(ids(search('stxrbx', 'en'))).not.toContain('starbucks');
		expect(search('sta', 'en').every((r) => r.kind !== 'typo')).toBe(true);
	});

	it('either script finds both: 鼎泰豐 and 鼎泰丰 find Din Tai Fung, highlighted in the shown script', () => {
		for (const q of ['鼎泰豐', '鼎泰丰']) {
			for (const locale of ['zh-Hant', 'zh-Hans'] as Locale[]) {
				const [first] = search(q, locale);
				expect(first.shopId).toBe('din-tai-fung');
				expect(first.text).toBe(locale === 'zh-Hant' ? '鼎泰豐' : '鼎泰丰');
				expect(marked(first)).toBe(first.text);
			}
		}
		// A part of a name, in the other script: 麵線 typed in Simplified finds 阿宗麵線.
		expect(marked(search('面线', 'zh-Hant')[0])).toBe('麵線');
	});

	it('dtf finds Din Tai Fung through its alias and pinyin initials', () => {
		const [first] = search('dtf', 'zh-Hant');
		expect(first.shopId).toBe('din-tai-fung');
		expect(marked(first)).toBe('鼎泰豐');
		const en = search('dtf', 'en')[0];
		expect(en.shopId).toBe('din-tai-fung');
		expect(en.matched?.text).toBe('DTF');
	});

	it('a category word finds its shops, after shops named by it', () => {
		const dining = data.shops.filter((s) => s.category === 'dining').map((s) => s.id);
		const results = search('dining', 'en', 100);
		expect(new Set(ids(results))).toEqual(new Set(dining));
		expect(results[0].field).toBe('category');
		expect(results[0].matched?.text).toBe('Dining');
		// By pinyin: "canting" (餐廳) finds the restaurant named 餐廳 first, then the dining category.
		const canting = search('canting', 'zh-Hant', 100);
		expect(canting[0].shopId).toBe('nuvola-trattoria');
		expect(ids(canting)).toEqual(expect.arrayContaining(dining));
		expect(canting.find((r) => r.field === 'category')?.matched?.text).toBe('餐廳美食');
	});

	it('finds words inside a Chinese name by pinyin, and English by word and substring', () => {
		expect(marked(search('niurou', 'zh-Hant')[0])).toBe('牛肉');
		expect(ids(search('noodle', 'en')).slice(0, 2).sort()).toEqual([
			'ay-chung',
			'old-street-beef-noodle'
		]);
		expect(marked(search('beef noodle', 'en')[0])).toBe('Beef Noodle');
		expect(search('bucks', 'en')[0].shopId).toBe('starbucks');
		expect(marked(search('ktv', 'zh-Hant')[0])).toBe('KTV');
		// ü is typed as v or u.
		expect(search('nvzhuang', 'zh-Hant')).toEqual(search('nuzhuang', 'zh-Hant'));
	});

	it('shows what a name in another script matched: naike finds 耐吉 through 耐克', () => {
		const [first] = search('naike', 'zh-Hant');
		expect(first.shopId).toBe('nike');
		expect(first.text).toBe('耐吉');
		expect(first.matched?.text).toBe('耐克');
	});

	it('ranks a name before an alias before a category', () => {
		const results = search('kafei', 'zh-Hant', 10);
		expect(results[0].shopId).toBe('louisa-coffee');
		expect(results[0].field).toBe('name');
		expect(results[1].shopId).toBe('starbucks');
		expect(results[1].field).toBe('alias');
		expect(results.slice(2).every((r) => r.field === 'category')).toBe(true);
	});

	it('works without controller keys, by name in both scripts and English', () => {
		const plain = createShopSearch({ ...data, search: undefined });
		expect(plain('鼎泰豐', 'zh-Hans')[0].shopId).toBe('din-tai-fung');
		expect(plain('starbucks', 'zh-Hant')[0].shopId).toBe('starbucks');
		expect(plain('xbk', 'zh-Hant')).toEqual([]);
		// Learnt from the names alone, 耐吉 / 耐克 stay two names: not folded into one.
		const nike = plain('耐吉', 'zh-Hans')[0];
		expect(nike.shopId).toBe('nike');
		expect(nike.text).toBe('耐克');
		expect(nike.matched?.text).toBe('耐吉');
	});

	it('answers a keystroke in well under a millisecond on the demo mall', () => {
		const queries = [
			'x',
			'xb',
			'xbk',
			's',
			'st',
			'sta',
			'star',
			'starb',
			'starbuk',
			'c',
			'ca',
			'can'
		];
		const t0 = performance.now();
		for (let i = 0; i < 20; i++) for (const q of queries) search(q, 'zh-Hant');
		expect((performance.now() - t0) / (20 * queries.length)).toBeLessThan(1);
	});
});

describe('any input', () => {
	const check = (query: string, locale: Locale, limit: number) => {
		const results = search(query, locale, limit);
		expect(results.length).toBeLessThanOrEqual(limit);
		for (const r of results) {
			const shop = data.shops.find((s) => s.id === r.shopId)!;
			expect(r.text).toBe(shop.name[locale]);
			const inside =
				(text: string) =>
				([a, b]: [number, number]) =>
					0 <= a && a < b && b <= text.length;
			expect(r.ranges.every(inside(r.text))).toBe(true);
			if (r.matched) expect(r.matched.ranges.every(inside(r.matched.text))).toBe(true);
		}
	};
	const locale = fc.constantFrom<Locale>('zh-Hant', 'zh-Hans', 'en');
	const limit = fc.integer({ min: 1, max: 60 });

	it('never throws and keeps highlights inside the shown text, for any string', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc.string({ maxLength: 1000 }),
					fc.string({ unit: 'binary', maxLength: 1000 }),
					fc.string({ unit: 'grapheme', maxLength: 200 }),
					fc.constantFrom(
						'👩‍👩‍👧',
						'🏳️‍🌈xbk',
						'星巴克🙂',
						'ｓｔａｒｂｕｃｋｓ',
						'Café',
						'\u0000\ud800',
						' '
					)
				),
				locale,
				limit,
				check
			),
			{ numRuns: 300 }
		);
	});

	it('treats emoji, full-width letters and accents sanely', () => {
		expect(search('👍👍👍', 'en')).toEqual([]);
		expect(search('🙂starbucks🙂', 'en')[0].shopId).toBe('starbucks');
		expect(search('ＳＴＡＲＢＵＣＫＳ', 'en')[0].shopId).toBe('starbucks');
		expect(search('cafés', 'en').length).toBeGreaterThan(0);
		expect(search('x'.repeat(1000), 'en')).toEqual([]);
		expect(search('starbucks'.repeat(100), 'en')).toEqual([]);
		expect(search('', 'en')).toEqual([]);
		expect(search('xbk', 'en', 0)).toEqual([]);
	});
});
