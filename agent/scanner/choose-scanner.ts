import type { ScannerSpec } from '../device-profile.js';
import { openHidScanner, type HidDriver, type HidModule } from './hid-scanner.js';
import type { Scanner } from './scanner.js';
import { SimulatedScanner } from './simulated-scanner.js';

export interface ChosenScanner {
	scanner: Scanner | null;
	/** Set when it is the simulator, so tests and demos can "show" it a code. */
	simulated: SimulatedScanner | null;
}

/**
 * ATRIUM_SCANNER picks the scanner: `simulated`, `none`, or unset for the profile's HID scanner.
 * As with the printer, when the profile allows a simulator and the real scanner cannot be had at
 * start (node-hid missing, or nothing plugged in), the simulator stands in on a laptop demo.
 */
export async function chooseScanner(
	spec: ScannerSpec | undefined,
	setting: string | undefined,
	opts: {
		load?: (driver: HidDriver) => Promise<HidModule | null>;
		log?: (line: string) => void;
	} = {}
): Promise<ChosenScanner> {
	const log = opts.log ?? ((line: string) => console.log(`[scanner] ${line}`));
	const simulated = () => {
		const s = new SimulatedScanner();
		return { scanner: s, simulated: s };
	};
	if (setting === 'none' || (!setting && !spec)) return { scanner: null, simulated: null };
	if (setting === 'simulated') return simulated();
	if (!spec) return { scanner: null, simulated: null };

	const hid = await openHidScanner(spec, { load: opts.load, log });
	if (hid && (hid.status() === 'connected' || !spec.simulator))
		return { scanner: hid, simulated: null };
	hid?.close();
	if (spec.simulator) {
		log(
			hid
				? 'no scanner plugged in: using the simulated scanner'
				: 'node-hid is not available: using the simulated scanner'
		);
		return simulated();
	}
	log('node-hid is not available: running without a scanner');
	return { scanner: null, simulated: null };
}
