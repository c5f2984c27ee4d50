import { defineConfig } from '@playwright/test';

// Debian's Chromium: Playwright's own browser download is not reachable from the mall's build machines.
export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	timeout: 60_000,
	expect: { timeout: 5_000 },
	reporter: [['list']],
	use: {
		launchOptions: {
			executablePath: process.env.ATRIUM_CHROMIUM ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		},
		locale: 'en-US',
		trace: 'off'
	}
});
