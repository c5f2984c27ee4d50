/*
 * What every barcode/QR scanner driver offers the agent: the real one (a USB HID scanner through
 * node-hid) and the simulated one share this, so the kiosk's scan-in flow never knows which it has.
 */

/**
 * `connected`: a real scanner is open; `absent`: the profile names one but it is unplugged (the
 * driver keeps looking for it); `simulated`: the demo/test stand-in.
 */
export type ScannerStatus = 'connected' | 'absent' | 'simulated';

export interface Scanner {
	/** Calls `listener` with the text of each complete scan; returns the function that stops it. */
	onScan(listener: (text: string) => void): () => void;
	status(): ScannerStatus;
	/** Releases the device and stops looking for it; no scan is delivered after this. */
	close(): void;
}

/** The longest scan passed on; a member card or coupon QR is a few hundred characters. */
export const MAX_SCAN_LENGTH = 4096;

/** The listeners of one scanner; a listener that throws does not keep the scan from the others. */
export class ScanListeners {
	readonly #listeners = new Set<(text: string) => void>();
	readonly #onError: (err: unknown) => void;

	constructor(
		onError: (err: unknown) => void = (err) => console.error('[scanner] listener failed:', err)
	) {
		this.#onError = onError;
	}

	add(listener: (text: string) => void): () => void {
		// A wrapper per registration, so registering the same function twice gives two deliveries.
		const entry = (text: string) => listener(text);
		this.#listeners.add(entry);
		return () => {
			this.#listeners.delete(entry);
		};
	}

	emit(text: string): void {
		for (const listener of [...this.#listeners]) {
			try {
				listener(text);
			} catch (err) {
				this.#onError(err);
			}
		}
	}

	clear(): void {
		this.#listeners.clear();
	}
}
