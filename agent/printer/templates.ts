import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Template } from '@pdfme/common';
import type { CouponRenderer as DeskRenderer } from '../coupons/coupon-desk.js';
import { createCouponRenderer } from './render.js';

/**
 * The coupon renderer by template name (`receipt-80mm` → content/coupon-templates/receipt-80mm.json).
 * Each render preflights the coupon's text against the font, so text the font cannot draw is
 * refused (and the shopper sent to the phone) instead of printing as empty boxes.
 */
export async function templateRenderer(dir: string, fontPath: string): Promise<DeskRenderer> {
	const renderer = await createCouponRenderer(fontPath);
	const templates = new Map<string, Template>();
	for (const file of await readdir(dir)) {
		if (!file.endsWith('.json')) continue;
		templates.set(
			file.slice(0, -'.json'.length),
			JSON.parse(await readFile(join(dir, file), 'utf8')) as Template
		);
	}
	return {
		render(name, inputs) {
			const template = templates.get(name);
			if (!template) throw new Error(`no coupon template '${name}' in ${dir}`);
			return renderer.render(template, inputs);
		}
	};
}
