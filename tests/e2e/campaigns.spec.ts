import { test, expect, signIn } from '../support/mall-fixture.js';

test('an editor’s new campaign reaches the kiosk’s shop page, and bad input changes nothing', async ({
	mall,
	browser
}) => {
	const kiosk = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
	await kiosk.goto(`${mall.kiosk.url}/kiosk`);
	await kiosk.getByRole('button', { name: 'English' }).click();
	await kiosk.getByRole('button', { name: /MOS Burger/ }).first().click();
	await expect(kiosk.getByRole('heading', { level: 2, name: 'MOS Burger' })).toBeVisible();
	await expect(kiosk.getByRole('button', { name: 'Get coupon' })).toHaveCount(0);

	const editor = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
	await signIn(editor, mall, 'editor', '/console/campaigns');
	await editor.getByRole('button', { name: /New campaign/ }).click();
	await editor.getByLabel('ID', { exact: true }).fill('mos-rice-burger');
	await editor.getByLabel('Shop', { exact: true }).selectOption('mos-burger');
	const texts = {
		'Title · 繁體': '米漢堡第二個半價',
		'Title · 简体': '米汉堡第二个半价',
		'Title · English': 'Second rice burger half price',
		'Value · 繁體': '第二個半價',
		'Value · 简体': '第二个半价',
		'Value · English': '2nd half price',
		'Terms · 繁體': '每人每日限用一次。',
		'Terms · 简体': '每人每日限用一次。',
		'Terms · English': 'Once per shopper per day.'
	};
	for (const [label, value] of Object.entries(texts)) await editor.getByLabel(label, { exact: true }).fill(value);
	// Stock of zero is refused by the controller's schema, nothing is saved.
	await editor.getByLabel('Stock', { exact: true }).fill('0');
	await editor.getByLabel('Stock', { exact: true }).evaluate((el: HTMLInputElement) => el.removeAttribute('min'));
	await editor.getByRole('button', { name: 'Save' }).click();
	await expect(editor.getByRole('alert')).toContainText('stock');
	await editor.getByLabel('Stock', { exact: true }).fill('50');
	await editor.getByRole('button', { name: 'Save' }).click();
	await expect(editor.locator('tr[data-campaign="mos-rice-burger"]')).toBeVisible();

	// The kiosk receives the new replica and shows the offer where the shopper stands.
	await expect(kiosk.getByText('Second rice burger half price')).toBeVisible({ timeout: 5000 });
	await expect(kiosk.getByRole('button', { name: 'Get coupon' })).toHaveCount(1);

	// Shop staff see stats but no editor; the controller's refusal is tested in console.spec.ts.
	const staff = await browser.newPage();
	await signIn(staff, mall, 'staff-starbucks', '/console/campaigns');
	await expect(staff.locator('tr[data-campaign="starbucks-bogo"]')).toBeVisible();
	await expect(staff.getByRole('button', { name: /New campaign/ })).toHaveCount(0);
});
