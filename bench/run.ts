import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** `npm run bench -- NAME`: runs bench/NAME.bench.ts, which prints its JSON line last. */
const name = process.argv[2];
const file = name ? join(import.meta.dirname, `${name}.bench.ts`) : '';
if (!name || !/^[a-z-]+$/.test(name) || !existsSync(file)) {
	console.error(`usage: npm run bench -- NAME   (NAME: ingest, route, search, coupon, redeem, kiosk-load, profile)`);
	process.exit(2);
}
await import(file);
