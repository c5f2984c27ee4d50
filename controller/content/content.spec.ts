import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContentError, loadContent } from './content.loader.js';
import { LOCALES, type ReplicaData } from '../../protocol/index.js';

const CONTENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../content');

function luminance(hex: string): number {
	const [r, g, b] = [1, 3, 5].map((i) => {
		const c = parseInt(hex.slice(i, i + 2), 16) / 255;
		return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (hi + 0.05) / (lo + 0.05);
}

describe('contrast helper', () => {
	it('matches the WCAG reference values', () => {
		expect(contrast('#000000', '#FFFFFF')).toBeCloseTo(21, 5);
		expect(contrast('#777777', '#FFFFFF')).toBeCloseTo(4.48, 2);
		expect(contrast('#FFFFFF', '#FFFFFF')).toBe(1);
	});
});

describe('demo content', () => {
	let data: ReplicaData;
	beforeAll(async () => {
		data = await loadContent(CONTENT_DIR);
	});

	it('has a whole mall', () => {
		expect(data.mall.timezone).toBe('Asia/Taipei');
		expect(data.mall.floors.length).toBeGreaterThanOrEqual(3);
		expect(data.shops.length).toBeGreaterThanOrEqual(40);
		expect(data.categories.length).toBeGreaterThanOrEqual(8);
		expect(data.campaigns.length).toBeGreaterThanOrEqual(4);
		for (const floor of data.mall.floors) {
			expect(data.shops.filter((s) => s.floor === floor.id).length, floor.label).toBeGreaterThan(0);
		}
		for (const category of data.categories) {
			expect(
				data.shops.some((s) => s.category === category.id),
				category.id
			).toBe(true);
		}
	});

	it('has Starbucks on L1 as a café', () => {
		const starbucks = data.shops.find((s) => s.id === 'starbucks');
		expect(starbucks).toBeDefined();
		expect(starbucks?.category).toBe('cafe');
		expect(data.mall.floors.find((f) => f.id === starbucks?.floor)?.label).toBe('L1');
		expect(starbucks?.aliases).toEqual(expect.arrayContaining(['Starbucks', '星巴克咖啡']));
	});

	it('draws every shop logo with at least AA contrast', () => {
		const low = data.shops
			.map((s) => ({ id: s.id, ratio: contrast(s.logo.color, s.logo.background) }))
			.filter((s) => s.ratio < 4.5);
		expect(low).toEqual([]);
	});

	it('names every shop in each language', () => {
		for (const shop of data.shops) {
			for (const locale of LOCALES) expect(shop.name[locale].trim(), shop.id).not.toBe('');
			expect(shop.name['zh-Hant'], shop.id).not.toBe(shop.name.en);
			expect(shop.name['zh-Hant'], shop.id).toMatch(/\p{Script=Han}/u);
			expect(shop.description['zh-Hant'], shop.id).not.toBe(shop.description.en);
		}
	});

	it('plays every media item on the main signage playlist', () => {
		const main = data.playlists.find((p) => p.id === 'signage-main');
		expect(main?.items.slice().sort()).toEqual(data.media.map((m) => m.id).sort());
		expect(data.playlists.some((p) => p.id === 'kiosk-attract')).toBe(true);
	});
});

describe('broken content', () => {
	let root: string;
	let n = 0;
	beforeAll(async () => {
		root = await mkdtemp(path.join(os.tmpdir(), 'atrium-content-'));
	});
	afterAll(async () => {
		await rm(root, { recursive: true, force: true });
	});

	/** A fresh copy per case, so each test breaks exactly one thing. */
	async function copy(): Promise<string> {
		const dir = path.join(root, `case-${n++}`);
		await cp(CONTENT_DIR, dir, { recursive: true });
		return dir;
	}

	// The cases reach into arbitrary JSON to break it; typing that would only restate the schema.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	async function edit(dir: string, file: string, change: (json: any) => void): Promise<void> {
		const p = path.join(dir, file);
		const json = JSON.parse(await readFile(p, 'utf8'));
		change(json);
		await writeFile(p, JSON.stringify(json, null, '\t'));
	}

	async function expectError(dir: string, file: string, field: string, text?: string) {
		const err = await loadContent(dir).then(
			() => undefined,
			(e: unknown) => e
		);
		expect(err).toBeInstanceOf(ContentError);
		const ce = err as ContentError;
		expect({ file: ce.file, field: ce.field }).toEqual({ file, field });
		expect(ce.message).toContain(file);
		if (field !== '(root)') expect(ce.message).toContain(field);
		if (text) expect(ce.message).toContain(text);
		return ce;
	}

	it('names the missing field of a shop', async () => {
		const dir = await copy();
		await edit(dir, 'shops.json', (shops) => delete shops[3].name.en);
		const err = await expectError(dir, 'shops.json', '[3].name.en');
		expect(err.message).toMatch(/expected string/);
	});

	it('names an extra field that the strict schema refuses', async () => {
		const dir = await copy();
		await edit(dir, 'shops.json', (shops) => (shops[5].website = 'https://example.com'));
		await expectError(dir, 'shops.json', '[5].website');
	});

	it('rejects a shop on an unknown floor', async () => {
		const dir = await copy();
		await edit(dir, 'shops.json', (shops) => (shops[12].floor = 'l9'));
		await expectError(dir, 'shops.json', '[12].floor', "unknown floor 'l9'");
	});

	it('rejects a shop in an unknown category', async () => {
		const dir = await copy();
		await edit(dir, 'shops.json', (shops) => (shops[0].category = 'pets'));
		await expectError(dir, 'shops.json', '[0].category', "unknown category 'pets'");
	});

	it('rejects a duplicate shop id', async () => {
		const dir = await copy();
		await edit(dir, 'shops.json', (shops) => (shops[7].id = shops[2].id));
		await expectError(dir, 'shops.json', '[7].id', 'duplicate id');
	});

	it('rejects a duplicate floor id', async () => {
		const dir = await copy();
		await edit(dir, 'mall.json', (mall) => (mall.floors[1].id = mall.floors[0].id));
		await expectError(dir, 'mall.json', 'floors[1].id', 'duplicate id');
	});

	it('rejects invalid JSON, naming the file', async () => {
		const dir = await copy();
		const p = path.join(dir, 'categories.json');
		await writeFile(p, (await readFile(p, 'utf8')).replace(/\]\s*$/, ''));
		await expectError(dir, 'categories.json', '(root)', 'invalid JSON');
	});

	it('rejects a media item whose file is missing', async () => {
		const dir = await copy();
		const media = JSON.parse(await readFile(path.join(dir, 'media.json'), 'utf8'));
		await unlink(path.join(dir, 'media', media[1].src));
		await expectError(dir, 'media.json', '[1].src', `missing file media/${media[1].src}`);
	});

	it('rejects a playlist item that is not in the media list', async () => {
		const dir = await copy();
		await edit(dir, 'playlists.json', (lists) => lists[0].items.push('no-such-poster'));
		const media = JSON.parse(await readFile(path.join(dir, 'media.json'), 'utf8'));
		await expectError(dir, 'playlists.json', `[0].items[${media.length}]`, 'no-such-poster');
	});

	it('rejects a campaign for an unknown shop or with its dates reversed', async () => {
		const dir = await copy();
		await edit(dir, 'campaigns.json', (list) => (list[1].shop = 'gone'));
		await expectError(dir, 'campaigns.json', '[1].shop', "unknown shop 'gone'");

		const dir2 = await copy();
		await edit(dir2, 'campaigns.json', (list) => {
			[list[0].validFrom, list[0].validTo] = [list[0].validTo, list[0].validFrom];
		});
		await expectError(dir2, 'campaigns.json', '[0].validTo', 'not after validFrom');
	});

	it('rejects hours that run past midnight instead of continuing on the next day', async () => {
		const dir = await copy();
		await edit(dir, 'mall.json', (mall) => (mall.hours.fri = [{ open: '11:00', close: '01:00' }]));
		await expectError(dir, 'mall.json', 'hours.fri[0].close');
	});

	it('rejects an unknown time zone', async () => {
		const dir = await copy();
		await edit(dir, 'mall.json', (mall) => (mall.timezone = 'Asia/Taipai'));
		await expectError(dir, 'mall.json', 'timezone', 'Asia/Taipai');
	});

	it('reports a missing file', async () => {
		const dir = await copy();
		await unlink(path.join(dir, 'campaigns.json'));
		await expectError(dir, 'campaigns.json', '(root)', 'missing');
	});
});
