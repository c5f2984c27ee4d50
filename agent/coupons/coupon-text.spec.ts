import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES, type Campaign, type Shop } from '../../protocol/index.js';
import { ROOT } from '../../scripts/mall.js';
import { fontCoverage } from '../printer/render.js';
import { COUPON_FOOTER } from './coupon-desk.js';

/**
 * The receipt font is a cut of common characters; a character outside it makes the preflight refuse
 * the coupon (the shopper is sent to the phone). Everything the desk prints by itself, and the demo
 * content's coupon text, must stay inside the cut.
 */
describe('coupon text against the receipt font', async () => {
	const font = fontCoverage(await readFile(join(ROOT, 'content/fonts/NotoSansCJKtc-Atrium.otf')));
	const undrawable = (text: string) => [...text].filter((ch) => !font.has(ch.codePointAt(0)!));

	it('draws the desk’s own footer in every language', () => {
		for (const locale of LOCALES) expect(undrawable(COUPON_FOOTER[locale]), locale).toEqual([]);
	});

	it('draws every demo campaign’s title, value and terms and every shop name, in every language', async () => {
		const campaigns = JSON.parse(await readFile(join(ROOT, 'content/campaigns.json'), 'utf8')) as Campaign[];
		const shops = JSON.parse(await readFile(join(ROOT, 'content/shops.json'), 'utf8')) as Shop[];
		for (const locale of LOCALES) {
			for (const c of campaigns) {
				for (const text of [c.title[locale], c.value[locale], c.terms[locale]]) expect(undrawable(text), `${c.id} ${locale}`).toEqual([]);
			}
			for (const s of shops) expect(undrawable(s.name[locale]), `${s.id} ${locale}`).toEqual([]);
		}
	});
});
