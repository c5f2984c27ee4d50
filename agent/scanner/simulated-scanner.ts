import { MAX_SCAN_LENGTH, ScanListeners, type Scanner, type ScannerStatus } from './scanner.js';

/**
 * Stands in for the kiosk's HID scanner on a laptop demo (device profile `simulator: true`, or
 * ATRIUM_SCANNER=simulated) and in tests, which "show" it a QR through the agent's local hook.
 */
export class SimulatedScanner implements Scanner {
	readonly #listeners = new ScanListeners();
	#closed = false;

	/** Delivers `text` as one scan, as a real scanner would after reading a code. */
	scan(text: string): void {
		if (this.#closed) throw new Error('the simulated scanner is closed');
		if (text.length === 0 || text.length > MAX_SCAN_LENGTH) {
			throw new RangeError(`a scan holds 1 to ${MAX_SCAN_LENGTH} characters`);
		}
		this.#listeners.emit(text);
	}

	onScan(listener: (text: string) => void): () => void {
		return this.#listeners.add(listener);
	}

	status(): ScannerStatus {
		return 'simulated';
	}

	close(): void {
		this.#closed = true;
		this.#listeners.clear();
	}
}
