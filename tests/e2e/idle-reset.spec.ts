import { test, expect } from '../support/mall-fixture.js';

test('after the idle time the kiosk counts down, returns to the attract loop and forgets the shopper', async ({
	mall,
	page
}) => {
	await page.setViewportSize({ width: 1080, height: 1920 });
	await page.goto(`${mall.kiosk.url}/kiosk?idle=3`);
	await page.getByRole('button', { name: 'English' }).click();
	await page.getByRole('button', { name: /Cinema & Entertainment/ }).click();
	await page.getByRole('button', { name: /Vieshow/ }).first().click();
	await expect(page.getByRole('heading', { level: 2 }).first()).toContainText('Vieshow');

	// A touch during the countdown keeps the session.
	const countdown = page.getByRole('alertdialog');
	await expect(countdown).toBeVisible({ timeout: 6000 });
	await expect(countdown).toContainText('Still there?');
	await countdown.getByRole('button', { name: 'Keep browsing' }).click();
	await expect(countdown).toBeHidden();
	await expect(page.getByRole('heading', { level: 2 }).first()).toContainText('Vieshow');

	// Left alone: countdown, then the attract loop.
	await expect(countdown).toBeVisible({ timeout: 6000 });
	await expect(page.getByText(/Touch to start/)).toBeVisible({ timeout: 15_000 });
	const html = await page.content();
	for (const trace of ['Vieshow', '威秀', 'Shop directory', 'Still there?']) expect(html).not.toContain(trace);
	expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
	expect(await page.evaluate(() => document.cookie)).toBe('');

	// The session ended as "idle" in the journal, and the next shopper gets a new session.
	await expect
		.poll(async () => (await mall.journal()).find((e) => e.type === 'session.ended')?.payload)
		.toEqual({ reason: 'idle' });
	await page.getByRole('button', { name: 'English' }).click();
	await expect(page.getByRole('heading', { name: 'Shop directory' })).toBeVisible();
	await expect(page.getByRole('button', { name: /Cinema & Entertainment/, pressed: true })).toHaveCount(0);
	await expect
		.poll(async () => new Set((await mall.journal()).filter((e) => e.type === 'session.started').map((e) => e.sessionId)).size)
		.toBe(2);
});
