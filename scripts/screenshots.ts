import { createHmac } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../bench/browser.js';
import { ROOT, startAgent, startController } from './mall.js';

/**
 * `npm run screenshots`: the screens of the demo mall as a shopper, a phone and the console see
 * them, into docs/screens/ (linked from the README). Uses the current build.
 */
const out = join(ROOT, 'docs', 'screens');
await mkdir(out, { recursive: true });
const dir = await mkdtemp(join(tmpdir(), 'atrium-shots-'));
const controller = await startController({ dataDir: join(dir, 'controller') });
const kiosk = await startAgent({
	deviceId: 'kiosk-demo-1',
	profile: join(ROOT, 'device-profiles/kiosk-demo.json'),
	controllerUrl: controller.url,
	dataDir: join(dir, 'kiosk'),
	pairingCode: controller.pairing['kiosk-demo-1'],
	env: { ATRIUM_PRINTER: 'simulated', ATRIUM_SCANNER: 'simulated' }
});
const signage = await startAgent({
	deviceId: 'signage-demo-1',
	profile: join(ROOT, 'device-profiles/signage-demo.json'),
	controllerUrl: controller.url,
	dataDir: join(dir, 'signage'),
	pairingCode: controller.pairing['signage-demo-1']
});
const browser = await launchChromium();

/** The one-time code of the last text message, from the controller's dev outbox in its log. */
async function smsCode(): Promise<string> {
	for (let i = 0; i < 50; i++) {
		const codes = [...controller.output().matchAll(/code is (\d{6})/g)];
		if (codes.length > 0) return codes[codes.length - 1][1];
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('no one-time code in the controller log');
}
try {
	await new Promise((r) => setTimeout(r, 1500)); // media cached by the agents
	const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
	await page.goto(`${kiosk.url}/kiosk`);
	await page.getByRole('button', { name: 'English' }).waitFor();
	await page.waitForTimeout(800);
	await page.screenshot({ path: join(out, 'kiosk-attract.png') });
	await page.getByRole('button', { name: '繁體' }).click();
	await page.getByRole('heading', { name: '店舖導覽' }).waitFor();
	await page.screenshot({ path: join(out, 'kiosk-directory.png') });
	await page.getByRole('button', { name: '搜尋店舖' }).click();
	for (const key of ['X', 'B', 'K']) await page.getByRole('button', { name: key, exact: true }).click();
	await page.waitForTimeout(300);
	await page.screenshot({ path: join(out, 'kiosk-search.png') });
	await page.locator('.results button').first().click();
	await page.getByRole('heading', { level: 2, name: '星巴克' }).waitFor();
	await page.screenshot({ path: join(out, 'kiosk-shop.png') });
	await page.getByRole('button', { name: '帶我去' }).click();
	await page.locator('canvas[data-drawn]').waitFor({ timeout: 20_000 });
	await page.waitForTimeout(1500);
	await page.screenshot({ path: join(out, 'kiosk-map.png') });
	await page.getByRole('button', { name: /用手機掃描/ }).click();
	await page.locator('svg[data-url]').waitFor();
	const phoneUrl = (await page.locator('svg[data-url]').getAttribute('data-url'))!;
	await page.getByRole('button', { name: '返回' }).click();
	await page.getByRole('button', { name: '領取優惠券' }).first().click();
	await page.getByRole('dialog').getByText('券號').waitFor({ timeout: 10_000 });
	await page.screenshot({ path: join(out, 'kiosk-coupon.png') });

	// Joining: the kiosk's join sheet, the three steps on a phone, then the kiosk greets the member.
	await page.goto(`${kiosk.url}/kiosk`);
	await page.getByRole('button', { name: '繁體' }).click();
	await page.getByRole('button', { name: /加入會員/ }).click();
	const joinQr = page.getByTestId('join-qr');
	await joinQr.waitFor();
	await page.screenshot({ path: join(out, 'kiosk-join.png') });
	const joiner = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
	await joiner.goto((await joinQr.getAttribute('data-url'))!);
	await joiner.getByLabel('Mobile number').fill('0912 345 678');
	await joiner.getByRole('button', { name: 'Send code' }).click();
	await joiner.getByLabel('6-digit code').fill(await smsCode());
	await joiner.getByRole('checkbox').first().check();
	await joiner.getByRole('button', { name: 'Join', exact: true }).click();
	await page.getByTestId('member-greeting').waitFor({ timeout: 5000 });
	await page.waitForTimeout(300);
	await page.screenshot({ path: join(out, 'kiosk-member.png') });
	await fetch(`${kiosk.url}/_sim/scan`, { method: 'POST', body: 'not a member card' });
	await page.getByTestId('member-refused').waitFor();
	await page.screenshot({ path: join(out, 'kiosk-member-refused.png') });

	const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
	await phone.goto(phoneUrl);
	await phone.locator('section.steps li').first().waitFor();
	await phone.screenshot({ path: join(out, 'phone-route.png'), fullPage: true });

	const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
	await wall.goto(`${signage.url}/signage`);
	await wall.waitForTimeout(1500);
	await wall.screenshot({ path: join(out, 'signage.png') });

	const console = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	await console.goto(`${controller.url}/console`);
	await console.getByLabel(/User name/).fill('admin');
	await console.getByLabel(/Password/).fill(controller.passwords.admin);
	await console.getByRole('button', { name: 'Sign in' }).click();
	await console.locator('li[data-event-type]').first().waitFor();
	await console.screenshot({ path: join(out, 'console-live.png') });

	// The member greeted at the kiosk browses on; the console's timeline shows it.
	const browsing = await page.getByTestId('member-greeting').isVisible();
	if (browsing) {
		const notice = page.getByTestId('member-refused');
		if (await notice.isVisible()) await notice.getByRole('button').click();
		const shop = page.getByRole('button', { name: /鼎泰豐/ });
		await shop.first().click();
		await page.getByRole('button', { name: '返回' }).click();
		await page.getByRole('button', { name: /最近的洗手間/ }).click();
		await page.locator('canvas[data-drawn]').waitFor({ timeout: 20_000 });
	}

	// Membership in the console. A shopper joins on their phone through a staff member's QR, with
	// the one-time code read off the dev outbox, then buys at Starbucks (a signed POS order).
	await console.goto(`${controller.url}/console/attribution`);
	await console.getByLabel(/Staff/).selectOption({ index: 1 });
	await console.getByRole('button', { name: /QR/ }).click();
	const staffQr = (await console.getByRole('img', { name: /QR/ }).getAttribute('data-url'))!;
	await console.goto(`${controller.url}/console/outbox`);
	await console.getByRole('heading', { name: /outbox/i }).waitFor();
	const sent = await console.getByTestId('outbox-message').count();
	const joining = await browser.newPage({
		viewport: { width: 390, height: 844 },
		isMobile: true,
		locale: 'en-US'
	});
	await joining.goto(staffQr);
	await joining.getByLabel('Mobile number').fill('0933 222 111');
	await joining.getByRole('button', { name: 'Send code' }).click();
	await console.getByTestId('outbox-message').nth(sent).waitFor();
	const sms = await console.getByTestId('outbox-message').first().innerText();
	await console.screenshot({ path: join(out, 'console-outbox.png') });
	await joining.getByLabel('6-digit code').fill(/\b(\d{6})\b/.exec(sms)![1]);
	await joining.getByRole('checkbox').first().check();
	await joining.getByRole('button', { name: 'Join', exact: true }).click();
	await joining.getByRole('heading', { name: /Welcome/ }).waitFor();
	const secret = Buffer.from(
		(await readFile(join(dir, 'controller', 'orders.secret'), 'utf8')).trim(),
		'base64'
	);
	const orderBody = JSON.stringify({
		orderId: 'pos-demo-1',
		phone: '0933 222 111',
		region: 'TW',
		amount: 450,
		currency: 'TWD',
		shopId: 'starbucks',
		at: new Date().toISOString()
	});
	await fetch(`${controller.url}/api/orders`, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'x-atrium-signature': `sha256=${createHmac('sha256', secret).update(orderBody).digest('hex')}`
		},
		body: orderBody
	});

	await console.goto(`${controller.url}/console/attribution`);
	await console.getByLabel(/Staff/).selectOption({ index: 1 });
	await console.getByRole('button', { name: /QR/ }).click();
	await console.getByRole('img', { name: /QR/ }).waitFor();
	await console.screenshot({ path: join(out, 'console-attribution.png'), fullPage: true });
	await console.goto(`${controller.url}/console/members`);
	await console.locator('tr[data-member]').first().waitFor();
	await console.screenshot({ path: join(out, 'console-members.png') });
	// The member who joined at the kiosk, when there is one: their timeline holds what they browsed.
	const atKiosk = console.locator('tr[data-member]', { hasText: 'kiosk-demo-1' });
	const shown = (await atKiosk.count()) > 0 ? atKiosk : console.locator('tr[data-member]');
	await shown.first().getByRole('link').click();
	const timeline = console.getByTestId('timeline');
	await timeline.locator('li').first().waitFor();
	const viewed = timeline.getByText(/鼎泰豐/);
	if (browsing) await viewed.first().waitFor();
	await console.screenshot({ path: join(out, 'console-member.png'), fullPage: true });
} finally {
	await browser.close();
	await Promise.all([kiosk.stop(), signage.stop()]);
	await controller.stop();
	await rm(dir, { recursive: true, force: true });
}
process.exit(0);
