import { test, expect, signIn } from '../support/mall-fixture.js';

test('a tap on the kiosk reaches the console live feed within a second', async ({ mall, browser }) => {
	const consolePage = await browser.newPage();
	await signIn(consolePage, mall);
	const devices = consolePage.getByRole('table');
	await expect(devices.locator('tr[data-device="kiosk-demo-1"]')).toContainText('Online');
	await expect(devices.locator('tr[data-device="signage-demo-1"]')).toContainText('Online');

	const kiosk = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
	await kiosk.goto(`${mall.kiosk.url}/kiosk`);
	await kiosk.getByRole('button', { name: 'English' }).click();
	await expect(kiosk.getByRole('heading', { name: 'Shop directory' })).toBeVisible();

	await kiosk.getByRole('button', { name: /Starbucks/ }).click();
	await expect(kiosk.getByRole('heading', { name: 'Starbucks' })).toBeVisible();
	const feed = consolePage.locator('li[data-event-type="shop.viewed"]');
	await expect(feed.first()).toContainText('starbucks', { timeout: 1000 });

	// The journal on disk holds it, stamped with the kiosk it came from.
	const journal = await mall.journal();
	const viewed = journal.filter((e) => e.type === 'shop.viewed');
	expect(viewed).toHaveLength(1);
	expect(viewed[0]).toMatchObject({ deviceId: 'kiosk-demo-1', payload: { shopId: 'starbucks' }, locale: 'en' });
	expect(journal.some((e) => e.type === 'session.started' && e.sessionId === viewed[0].sessionId)).toBe(true);
});

test('the kiosk speaks the shopper’s language and keeps their place when it changes', async ({ mall, page }) => {
	await page.setViewportSize({ width: 1080, height: 1920 });
	await page.goto(`${mall.kiosk.url}/kiosk`);
	await page.getByRole('button', { name: '繁體' }).click();
	await page.getByRole('button', { name: /星巴克/ }).click();
	await expect(page.getByRole('heading', { name: '星巴克' })).toBeVisible();
	await page.getByRole('button', { name: '简体' }).click();
	await expect(page.getByRole('heading', { name: '星巴克' })).toBeVisible();
	await expect(page.getByText('今日营业时间')).toBeVisible();
	await page.getByRole('button', { name: 'English' }).click();
	await expect(page.getByRole('heading', { name: 'Starbucks' })).toBeVisible();
});

test('the signage screen plays the playlist in a loop', async ({ mall, page }) => {
	await page.setViewportSize({ width: 1920, height: 1080 });
	await page.goto(`${mall.signage.url}/signage`);
	const current = page.locator('img.current');
	await expect(current).toHaveCount(1);
	const first = await current.getAttribute('data-media-id');
	// Each image is served from the agent's own cache and decodes.
	await expect
		.poll(() => current.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
		.toBe(true);
	await expect
		.poll(() => current.getAttribute('data-media-id'), { timeout: 15_000 })
		.not.toBe(first);
});

test('the console refuses visitors who are not signed in', async ({ mall, page }) => {
	const res = await page.request.get(`${mall.controller.url}/api/me`);
	expect(res.status()).toBe(401);
	await page.goto(`${mall.controller.url}/console`);
	await expect(page).toHaveURL(/\/console\/login/);
	await page.getByLabel(/User name/).fill('admin');
	await page.getByLabel(/Password/).fill('wrong-password');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toHaveText('Wrong user name or password.');
});
