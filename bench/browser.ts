import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, headless, as the tests run it. */
export function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.ATRIUM_CHROMIUM ?? '/usr/bin/chromium',
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run'
		]
	});
}
