import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Template } from '@pdfme/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfPageSizeMm, pdfQr, pdfText } from '../../tests/support/pdf.js';
import {
	createCouponRenderer,
	PreflightError,
	type CouponRenderer,
	type CouponInputs
} from './render.js';

const ROOT = join(import.meta.dirname, '../..');
const FONT = join(ROOT, 'content/fonts/NotoSansCJKtc-Atrium.otf');
const template = async (name: string) =>
	JSON.parse(
		await readFile(join(ROOT, 'content/coupon-templates', `${name}.json`), 'utf8')
	) as Template;

const coupon: CouponInputs = {
	mallName: '天穹廣場 Atrium Plaza',
	shopName: '鼎泰豐 Din Tai Fung',
	title: '內用贈紅豆小籠包一籠',
	value: '免費一籠',
	terms: '內用消費滿 NT$1,000 贈紅豆小籠包一籠（5 顆），每桌限用一張。\n不得與其他優惠併用。',
	validity: '有效期限 2027-12-31',
	code: 'DTF-4Q7W-M2KZ',
	qr: 'https://atrium.example/r/DTF-4Q7W-M2KZ',
	footer: '請於結帳時出示本券 · 每券限用一次'
};

let renderer: CouponRenderer;
let dir: string;
beforeAll(async () => {
	renderer = await createCouponRenderer(FONT);
	dir = await mkdtemp(join(tmpdir(), 'atrium-render-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function printedFile(pdf: Buffer, name: string) {
	const path = join(dir, `${name}.pdf`);
	await writeFile(path, pdf);
	return path;
}

describe('coupon renderer', () => {
	it('renders a zh-Hant coupon whose Chinese title and code read back as text', async () => {
		const pdf = await renderer.render(await template('receipt-80mm'), coupon);
		const path = await printedFile(pdf, 'zh-hant');
		const text = await pdfText(path);
		expect(text).toContain('內用贈紅豆小籠包一籠');
		expect(text).toContain('DTF-4Q7W-M2KZ');
		expect(text).toContain('鼎泰豐');
		expect(await pdfQr(path)).toBe('https://atrium.example/r/DTF-4Q7W-M2KZ');
		expect(await pdfPageSizeMm(path)).toEqual({ width: 80, height: 120 });
	});

	it('renders the 58 mm variant at receipt width with a readable QR', async () => {
		const zhHans = { ...coupon, title: '堂食赠红豆小笼包一笼', code: 'DTF-58MM-TEST' };
		const path = await printedFile(
			await renderer.render(await template('receipt-58mm'), zhHans),
			'58'
		);
		expect(await pdfPageSizeMm(path)).toEqual({ width: 58, height: 120 });
		expect(await pdfText(path)).toContain('堂食赠红豆小笼包一笼');
		expect(await pdfQr(path)).toBe(coupon.qr);
	});

	it('subsets the font: a coupon is tens of kilobytes, not the 4 MB font', async () => {
		const pdf = await renderer.render(await template('receipt-80mm'), coupon);
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		expect(pdf.length).toBeLessThan(200_000);
	});

	it('refuses a title the font cannot draw, naming the field and the characters', async () => {
		const t = await template('receipt-80mm');
		const rare = { ...coupon, title: '𠀋記小籠包' };
		const refused = await renderer.render(t, rare).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(PreflightError);
		const err = refused as PreflightError;
		expect(err.field).toBe('title');
		expect(err.missing).toEqual(['𠀋']);
		expect(err.message).toContain('U+2000B');
	});

	it('lists every field with missing characters, and passes the content as shipped', async () => {
		const t = await template('receipt-58mm');
		expect(() => renderer.preflight(t, coupon)).not.toThrow();
		const err = (() => {
			try {
				renderer.preflight(t, { ...coupon, shopName: '𪚥 shop', terms: '🎉 限時' });
			} catch (e) {
				return e as PreflightError;
			}
		})();
		expect(err?.problems).toEqual([
			{ field: 'shopName', missing: ['𪚥'] },
			{ field: 'terms', missing: ['🎉'] }
		]);
	});
});
