import { test, expect } from '../support/mall-fixture.js';

test('an event tapped just before the agent is killed arrives exactly once', async ({ mall, page }) => {
	await page.setViewportSize({ width: 1080, height: 1920 });
	await page.goto(`${mall.kiosk.url}/kiosk`);
	await page.getByRole('button', { name: 'English' }).click();
	await page.getByRole('button', { name: /Din Tai Fung/ }).click();
	await expect(page.getByRole('heading', { name: 'Din Tai Fung' })).toBeVisible();

	// Wait only until the agent holds the event on disk, then kill it without warning.
	await expect.poll(async () => (await mall.kioskOutbox()).some((e) => e.type === 'shop.viewed')).toBe(true);
	mall.kiosk.process.kill('SIGKILL');
	await mall.kiosk.exited;

	await mall.startKiosk();
	await expect
		.poll(async () => (await mall.journal()).filter((e) => e.type === 'shop.viewed').length, { timeout: 10_000 })
		.toBe(1);
	// Give a duplicate delivery time to show up, then check again.
	await page.waitForTimeout(1000);
	const viewed = (await mall.journal()).filter((e) => e.type === 'shop.viewed');
	expect(viewed).toHaveLength(1);
	expect(viewed[0].payload).toEqual({ shopId: 'din-tai-fung' });

	// The screen reconnects to the restarted agent and goes on working.
	await page.getByRole('button', { name: 'Back' }).click();
	await page.getByRole('button', { name: /Starbucks/ }).click();
	await expect
		.poll(async () => (await mall.journal()).filter((e) => e.type === 'shop.viewed').length, { timeout: 10_000 })
		.toBe(2);
});

test('with the controller down the kiosk keeps working, and its events arrive after', async ({ mall, page }) => {
	await page.setViewportSize({ width: 1080, height: 1920 });
	await page.goto(`${mall.kiosk.url}/kiosk`);
	await page.getByRole('button', { name: 'English' }).click();

	await mall.controller.stop();
	await expect(page.getByRole('status')).toHaveText('Offline: browsing still works');

	for (const name of ['Starbucks', 'Din Tai Fung', 'Eslite']) {
		await page.getByRole('button', { name: new RegExp(name) }).first().click();
		await expect(page.getByRole('heading', { level: 2 }).first()).toContainText(name);
		await page.getByRole('button', { name: 'Back' }).click();
	}
	expect((await mall.journal()).filter((e) => e.type === 'shop.viewed')).toHaveLength(0);

	await mall.startController();
	await expect
		.poll(async () => (await mall.journal()).filter((e) => e.type === 'shop.viewed').length, { timeout: 15_000 })
		.toBe(3);
	await expect(page.getByText('Offline: browsing still works')).toHaveCount(0);
	const ids = (await mall.journal()).map((e) => e.id);
	expect(new Set(ids).size).toBe(ids.length);
});
