import { test, expect } from '../support/mall-fixture.js';
import { decodeQr } from '../support/qr.js';

const JOURNEYS = [
	{
		locale: 'zh-Hant',
		language: '繁體',
		search: '搜尋店舖',
		shop: '星巴克',
		way: '帶我去',
		stepFree: '避開樓梯與手扶梯',
		elevator: /搭乘電梯 E\d 到 L1/,
		phone: '用手機掃描，路線帶著走'
	},
	{
		locale: 'zh-Hans',
		language: '简体',
		search: '搜索店铺',
		shop: '星巴克',
		way: '带我去',
		stepFree: '避开楼梯与扶梯',
		elevator: /乘坐电梯 E\d 到 L1/,
		phone: '用手机扫描，路线带着走'
	},
	{
		locale: 'en',
		language: 'English',
		search: 'Search shops',
		shop: 'Starbucks',
		way: 'Show me the way',
		stepFree: 'Avoid stairs and escalators',
		elevator: /Take elevator E\d to L1/,
		phone: 'Scan to take the route on your phone'
	}
] as const;

for (const j of JOURNEYS) {
	test(`${j.locale}: xbk finds 星巴克, a step-free route to another floor goes to the phone`, async ({
		mall,
		browser
	}) => {
		const kiosk = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
		await kiosk.goto(`${mall.kiosk.url}/kiosk`);
		await kiosk.getByRole('button', { name: j.language }).click();
		await kiosk.getByRole('button', { name: j.search }).click();
		for (const key of ['X', 'B', 'K']) await kiosk.getByRole('button', { name: key, exact: true }).click();
		const first = kiosk.locator('.results button').first();
		await expect(first).toContainText(j.shop);
		await expect(first.locator('mark').first()).toBeVisible();
		await first.click();
		await expect(kiosk.getByRole('heading', { level: 2, name: j.shop })).toBeVisible();

		await kiosk.getByRole('button', { name: j.way }).click();
		await kiosk.getByText(j.stepFree).click();
		const steps = kiosk.locator('section.steps li');
		await expect(steps.filter({ hasText: j.elevator })).toHaveCount(1);
		await expect(kiosk.locator('canvas[data-level]')).toBeVisible({ timeout: 15_000 });
		const kioskSteps = await steps.allInnerTexts();

		await kiosk.getByRole('button', { name: new RegExp(j.phone) }).click();
		const qr = kiosk.locator('svg[data-url]');
		await expect(qr).toBeVisible();
		const url = await decodeQr(qr);
		expect(url).toBe(await qr.getAttribute('data-url'));
		expect(url).toMatch(new RegExp(`^${mall.controller.url}/m/route\\?k=kiosk-demo-1&to=starbucks&sf=1&l=${j.locale}$`));

		// The shopper's phone: same route, as text steps and a plan, no app, no login.
		const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
		await phone.goto(url);
		const phoneSteps = phone.locator('section.steps li');
		await expect(phoneSteps.first()).toBeVisible();
		expect(await phoneSteps.allInnerTexts()).toEqual(kioskSteps);
		await expect(phone.locator('svg [data-route]').first()).toBeAttached();

		const events = await mall.journal();
		expect(events.find((e) => e.type === 'search.performed' || e.type === 'shop.viewed')).toBeTruthy();
		expect(events.filter((e) => e.type === 'route.requested').at(-1)?.payload).toEqual({
			to: 'starbucks',
			stepFree: true,
			found: true
		});
		expect(events.filter((e) => e.type === 'route.sent_to_phone')).toHaveLength(1);
	});
}

test('a shop without geometry says where it is in words and draws no map', async ({ mall, page }) => {
	await page.setViewportSize({ width: 1080, height: 1920 });
	await page.goto(`${mall.kiosk.url}/kiosk`);
	await page.getByRole('button', { name: 'English' }).click();
	await page.getByRole('button', { name: /50 Lan/ }).first().click();
	await page.getByRole('button', { name: 'Show me the way' }).click();
	await expect(page.getByRole('status').filter({ hasText: /B1-10/ })).toBeVisible();
	await expect(page.locator('canvas')).toHaveCount(0);
});
