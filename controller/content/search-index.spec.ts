import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadContent } from './content.loader.js';
import { buildSearchIndex, readText } from './search-index.js';
import type { ReplicaData, SearchKeys } from '../../protocol/index.js';

const CONTENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../content');

describe('buildSearchIndex over the demo mall', () => {
	let data: ReplicaData;
	let index: SearchKeys[];
	const keys = (id: string) => index.find((k) => k.shopId === id)!;

	beforeAll(async () => {
		data = await loadContent(CONTENT_DIR);
		index = buildSearchIndex(data);
	});

	it('has keys for every shop, in the shops’ order', () => {
		expect(index.map((k) => k.shopId)).toEqual(data.shops.map((s) => s.id));
	});

	it('reads 星巴克 as xingbake, initials xbk', () => {
		expect(keys('starbucks').pinyin).toContain('xingbake');
		expect(keys('starbucks').initials).toContain('xbk');
		// The alias 星巴克咖啡 is read too.
		expect(keys('starbucks').pinyin).toContain('xingbakekafei');
	});

	it('folds 鼎泰豐 to 鼎泰丰 and reads it ding tai feng', () => {
		const dtf = keys('din-tai-fung');
		expect(dtf.folded).toContain('鼎泰丰');
		expect(dtf.folded).not.toContain('鼎泰豐');
		expect(dtf.pinyin).toContain('dingtaifeng');
		expect(dtf.initials).toContain('dtf');
		const hant = dtf.readings.find((r) => r.of === 'zh-Hant')!;
		expect(hant.folded).toBe('鼎泰丰');
		expect(hant.syllables).toEqual(['ding', 'tai', 'feng']);
	});

	it('aligns one syllable per code point, Latin runs on their first letter', () => {
		const uniqlo = keys('uniqlo').readings.find((r) => r.of === 'zh-Hant')!;
		expect(uniqlo.syllables).toEqual(['uniqlo', '', '', '', '', '', '', 'you', 'yi', 'ku']);
		const lan = keys('fifty-lan').readings.find((r) => r.of === 'zh-Hant')!;
		expect(lan.syllables).toEqual(['50', '', 'lan']);
		for (const k of index) {
			const shop = data.shops.find((s) => s.id === k.shopId)!;
			for (const r of k.readings) {
				const text =
					typeof r.of === 'number'
						? shop.aliases[r.of]
						: r.of.startsWith('category:')
							? data.categories.find((c) => c.id === shop.category)!.name[
									r.of.slice('category:'.length) as 'zh-Hant'
								]
							: shop.name[r.of as 'zh-Hant'];
				expect(r.syllables).toHaveLength(Array.from(text).length);
				expect(Array.from(r.folded)).toHaveLength(Array.from(text).length);
			}
		}
	});

	it('reads Chinese aliases and the category, not Latin aliases', () => {
		const dtf = keys('din-tai-fung');
		expect(dtf.readings.map((r) => r.of)).toEqual([
			'zh-Hant',
			'zh-Hans',
			1,
			2,
			'category:zh-Hant',
			'category:zh-Hans'
		]);
		expect(dtf.pinyin).toContain('xiaolongbao');
		expect(dtf.readings.at(-1)!.syllables.join(' ')).toBe('can ting mei shi');
	});

	it('reads polyphones by word, from the Simplified form', () => {
		expect(readText('台灣銀行', 'zh-Hant').syllables).toEqual(['tai', 'wan', 'yin', 'hang']);
		expect(readText('重慶小麵', 'zh-Hant').syllables).toEqual(['chong', 'qing', 'xiao', 'mian']);
		expect(readText('綠茶', 'zh-Hant').syllables).toEqual(['lv', 'cha']);
	});

	it('keeps English names and aliases in folded, lower case', () => {
		expect(keys('starbucks').folded).toContain('starbucks');
		expect(keys('din-tai-fung').folded).toContain('dtf');
	});
});
