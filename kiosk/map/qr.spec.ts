import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import jsQR from 'jsqr';
import { QUIET_ZONE, qrPath, qrSide } from './qr';

/** Paints qrPath's runs the way a browser fills the SVG: black on white, `scale` px per module. */
function rasterize(d: string, side: number, scale: number) {
	const w = side * scale;
	const px = new Uint8ClampedArray(w * w * 4).fill(255);
	for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
		const [x, y, n] = [Number(m[1]), Number(m[2]), Number(m[3])];
		for (let yy = y * scale; yy < (y + 1) * scale; yy++) {
			for (let xx = x * scale; xx < (x + n) * scale; xx++) {
				const i = (yy * w + xx) * 4;
				px[i] = px[i + 1] = px[i + 2] = 0;
			}
		}
	}
	return { px, w };
}

describe('qrPath', () => {
	const url = 'https://mall.example.com/m/route?k=kiosk-demo-1&to=din-tai-fung&sf=1&l=zh-Hant';

	it('draws a symbol that a phone camera decoder reads back as the same URL', () => {
		const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
		const size = qr.modules.size;
		const d = qrPath(size, (r, c) => qr.modules.get(r, c) === 1);
		const { px, w } = rasterize(d, qrSide(size), 6);
		expect(jsQR(px, w, w)?.data).toBe(url);
	});

	it('leaves the quiet zone white on every side', () => {
		const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
		const size = qr.modules.size;
		const d = qrPath(size, (r, c) => qr.modules.get(r, c) === 1);
		const cells = [...d.matchAll(/M(\d+) (\d+)h(\d+)/g)].map((m) => m.slice(1).map(Number));
		expect(cells.length).toBeGreaterThan(0);
		for (const [x, y, n] of cells) {
			expect(x).toBeGreaterThanOrEqual(QUIET_ZONE);
			expect(y).toBeGreaterThanOrEqual(QUIET_ZONE);
			expect(x + n).toBeLessThanOrEqual(QUIET_ZONE + size);
			expect(y).toBeLessThan(QUIET_ZONE + size);
		}
	});

	it('is unreadable when a row is lost, so the decode check above means something', () => {
		const qr = QRCode.create(url, { errorCorrectionLevel: 'L' });
		const size = qr.modules.size;
		const d = qrPath(size, (r, c) => r > 12 && qr.modules.get(r, c) === 1);
		const { px, w } = rasterize(d, qrSide(size), 6);
		expect(jsQR(px, w, w)?.data).not.toBe(url);
	});
});
