/** The quiet zone scanners need around a QR code, in modules (ISO/IEC 18004 asks for 4). */
export const QUIET_ZONE = 4;

/**
 * The dark modules of a QR symbol as one SVG path, a rectangle per horizontal run, offset by the
 * quiet zone. One path with crisp edges scales to any size without seams between modules.
 */
export function qrPath(size: number, dark: (row: number, col: number) => boolean): string {
	let d = '';
	for (let r = 0; r < size; r++) {
		let c = 0;
		while (c < size) {
			if (!dark(r, c)) {
				c++;
				continue;
			}
			const start = c;
			while (c < size && dark(r, c)) c++;
			d += `M${start + QUIET_ZONE} ${r + QUIET_ZONE}h${c - start}v1h${start - c}z`;
		}
	}
	return d;
}

/** The whole symbol's side in modules, quiet zone included: the SVG's viewBox. */
export function qrSide(size: number): number {
	return size + 2 * QUIET_ZONE;
}
