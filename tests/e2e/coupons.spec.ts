import { printingTest as test, expect, signIn } from '../support/mall-fixture.js';
import { pdfQr, pdfText } from '../support/pdf.js';
import { decodeQr } from '../support/qr.js';

test('a coupon goes from tap to paper to redemption at the shop, once', async ({ mall, cups, browser }) => {
	const kiosk = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
	await kiosk.goto(`${mall.kiosk.url}/kiosk`);
	await kiosk.getByRole('button', { name: 'English' }).click();
	await kiosk.getByRole('button', { name: /Starbucks/ }).first().click();
	const tapped = Date.now();
	await kiosk.getByRole('button', { name: 'Get coupon' }).first().click();

	const sheet = kiosk.getByRole('dialog');
	await expect(sheet).toContainText('Take your coupon from the slot below', { timeout: 10_000 });
	const code = (await sheet.getByText(/^Code /).textContent())!.replace('Code ', '').trim();
	expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z*~$=]{3}$/);

	// The printed receipt: Chinese title and the code as text, and a QR with the redemption URL.
	const pdf = await cups.waitForPdf(tapped);
	const text = await pdfText(pdf);
	expect(text).toContain('大杯飲品買一送一');
	expect(text).toContain(code);
	const qr = await pdfQr(pdf);
	expect(qr).toMatch(new RegExp(`^${mall.controller.url}/c/${code.replace(/-/g, '').replace(/[*$]/g, '\\\\$&')}\\?s=[\\w-]{22}$`));

	// Shop staff redeem it by pasting the QR's text, as a scanner would type it.
	const staff = await browser.newPage();
	await signIn(staff, mall, 'staff-starbucks');
	await expect(staff).toHaveURL(/\/console\/redeem$/);
	await staff.getByLabel('Coupon code or QR text').fill(qr);
	await staff.getByRole('button', { name: 'Redeem', exact: true }).click();
	await expect(staff.getByRole('status')).toContainText('Redeemed');

	// The campaign's stats show the kiosk's coupon claimed, printed and redeemed.
	await staff.getByRole('link', { name: 'Campaigns' }).click();
	const row = staff.locator('tr[data-campaign="starbucks-bogo"]');
	await expect(row.locator('[data-stat="claimed"]')).toHaveText('1');
	await expect(row.locator('[data-stat="printed"]')).toHaveText('1');
	await expect(row.locator('[data-stat="redeemed"]')).toHaveText('1');
	await expect(row).toContainText('kiosk-demo-1');
	// Staff see their own shop's campaigns only.
	await expect(staff.locator('tr[data-campaign]')).toHaveCount(1);

	// A second redemption is refused, saying when, where and by whom it was used.
	await staff.getByRole('link', { name: 'Redeem coupons' }).click();
	await staff.getByLabel('Coupon code or QR text').fill(code.toLowerCase());
	await staff.getByRole('button', { name: 'Redeem', exact: true }).click();
	const refusal = staff.getByRole('alert');
	await expect(refusal).toContainText('This coupon has already been used.');
	await expect(refusal).toContainText(/Already used on .+ at starbucks by staff-starbucks/);

	// Forged and garbage input: a clear message, nothing changes.
	await staff.getByLabel('Coupon code or QR text').fill('ABCD-EFGH-JKM');
	await staff.getByRole('button', { name: 'Redeem', exact: true }).click();
	await expect(staff.getByRole('alert')).toContainText(/not a coupon code|No coupon has this code/);
});

test('with the paper out, the kiosk offers the phone within 3 s and technicians see the fault', async ({
	mall,
	cups,
	browser
}) => {
	await cups.disable('media-empty');
	const tech = await browser.newPage();
	await signIn(tech, mall, 'technician');

	const kiosk = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
	await kiosk.goto(`${mall.kiosk.url}/kiosk`);
	await kiosk.getByRole('button', { name: 'English' }).click();
	await kiosk.getByRole('button', { name: /Starbucks/ }).first().click();
	const tapped = Date.now();
	await kiosk.getByRole('button', { name: 'Get coupon' }).first().click();
	const sheet = kiosk.getByRole('dialog');
	await expect(sheet).toContainText('The printer can’t print right now — take the coupon on your phone', {
		timeout: 3000
	});
	expect(Date.now() - tapped).toBeLessThan(3000);
	const qr = sheet.locator('svg[data-url]');
	await expect(qr).toHaveAttribute('data-url', new RegExp(`^${mall.controller.url}/m/c/`));

	// The shopper's phone: the e-coupon with its code and a QR the shop's scanner reads.
	const phoneUrl = await decodeQr(qr);
	const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'en-US' });
	await phone.goto(phoneUrl);
	await expect(phone.getByRole('heading', { name: 'Buy one grande drink, get one free' })).toBeVisible();
	const code = phoneUrl.split('/m/c/')[1].split(/[?#]/)[0];
	await expect(phone.locator('p.code')).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}[0-9A-Z*~$=]$/);
	expect((await phone.locator('p.code').innerText()).replace(/-/g, '')).toBe(code.replace(/-/g, '').toUpperCase());
	expect(await decodeQr(phone.getByRole('img', { name: /till/ }))).toContain(`/c/${code.replace(/-/g, '').toUpperCase()}?s=`);

	await expect(tech.locator('tr[data-device="kiosk-demo-1"]')).toContainText('media-empty', { timeout: 5000 });
	await expect
		.poll(async () => (await mall.journal()).map((e) => e.type))
		.toEqual(expect.arrayContaining(['coupon.claimed', 'coupon.print_failed', 'coupon.sent_to_phone']));
});

test('with the controller out of reach the kiosk prints from its lease; the coupon redeems after', async ({
	mall,
	cups,
	browser
}) => {
	// The kiosk holds a small lease per campaign once it has synced.
	await expect
		.poll(async () => {
			const text = await import('node:fs/promises').then((fs) =>
				fs.readFile(`${mall.dir}/kiosk-demo-1/coupons.json`, 'utf8').catch(() => '{}')
			);
			return ((JSON.parse(text) as { leases?: { campaignId: string }[] }).leases ?? []).map((l) => l.campaignId);
		})
		.toContain('starbucks-bogo');
	await mall.controller.stop();

	const kiosk = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
	await kiosk.goto(`${mall.kiosk.url}/kiosk`);
	await kiosk.getByRole('button', { name: 'English' }).click();
	await kiosk.getByRole('button', { name: /Starbucks/ }).first().click();
	const tapped = Date.now();
	await kiosk.getByRole('button', { name: 'Get coupon' }).first().click();
	await expect(kiosk.getByRole('dialog')).toContainText('Take your coupon from the slot below', { timeout: 10_000 });
	const qr = await pdfQr(await cups.waitForPdf(tapped));
	// Signed by the kiosk's own key, naming its lease.
	expect(qr).toMatch(/\/c\/[0-9A-Z*~$=]{11}\?s=[\w-]{86}&l=[0-9a-f-]{36}$/);

	await mall.startController();
	const staff = await browser.newPage();
	await signIn(staff, mall, 'staff-starbucks');
	await staff.getByLabel('Coupon code or QR text').fill(qr);
	await staff.getByRole('button', { name: 'Redeem', exact: true }).click();
	await expect(staff.getByRole('status')).toContainText('Redeemed');
	await staff.getByRole('link', { name: 'Campaigns' }).click();
	const row = staff.locator('tr[data-campaign="starbucks-bogo"]');
	await expect(row.locator('[data-stat="claimed"]')).toHaveText('1');
	await expect(row.locator('[data-stat="redeemed"]')).toHaveText('1');
});
