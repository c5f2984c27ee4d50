import { mkdir, mkdtemp, rm } from 'node:fs/promises';
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
} finally {
	await browser.close();
	await Promise.all([kiosk.stop(), signage.stop()]);
	await controller.stop();
	await rm(dir, { recursive: true, force: true });
}
process.exit(0);
