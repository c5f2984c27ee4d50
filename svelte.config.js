import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Screens reach shared code only through these aliases; lint forbids controller/ and agent/.
		alias: {
			$protocol: 'protocol',
			$kiosk: 'kiosk',
			$signage: 'signage',
			$console: 'console'
		}
	}
};

export default config;
