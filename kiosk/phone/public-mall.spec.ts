import { describe, expect, it } from 'vitest';
import { fetchPublicMall, phoneLocale } from './public-mall';
import { FIXTURE_FLOORS, FIXTURE_MAP, FIXTURE_SHOPS } from '../map/fixture';

const mall = {
	id: 'm',
	name: { 'zh-Hant': '商場', 'zh-Hans': '商场', en: 'Mall' },
	timezone: 'Asia/Taipei',
	defaultLocale: 'zh-Hant',
	hours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
	floors: FIXTURE_FLOORS
};

describe('phoneLocale', () => {
	it("maps the phone's languages onto the mall's three", () => {
		expect(phoneLocale(['zh-TW', 'en'])).toBe('zh-Hant');
		expect(phoneLocale(['zh-CN'])).toBe('zh-Hans');
		expect(phoneLocale(['fr-FR', 'en-GB'])).toBe('en');
		expect(phoneLocale(['fr-FR'])).toBeNull();
	});
});

describe('fetchPublicMall', () => {
	it('asks for the one kiosk and returns the parsed mall', async () => {
		let asked = '';
		const fake = (async (url: string) => {
			asked = url;
			return new Response(JSON.stringify({ data: { mall, categories: [], shops: FIXTURE_SHOPS, map: FIXTURE_MAP } }));
		}) as typeof fetch;
		const data = await fetchPublicMall('kiosk-1', fake);
		expect(asked).toBe('/api/public/mall?k=kiosk-1');
		expect(data.shops.map((s) => s.id)).toContain('books');
		expect(data.map?.kiosks[0].deviceId).toBe('kiosk-1');
	});

	it('refuses a body that is not a mall', async () => {
		const fake = (async () => new Response(JSON.stringify({ data: { mall: {} } }))) as unknown as typeof fetch;
		await expect(fetchPublicMall('', fake)).rejects.toThrow();
	});
});
