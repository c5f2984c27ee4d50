import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		include: ['{protocol,controller,agent,kiosk,signage,console,content,device-profiles,bench,scripts}/**/*.spec.ts'],
		testTimeout: 20_000,
		pool: 'forks'
	}
});
