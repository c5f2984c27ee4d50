import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { ScannerSpec } from '../device-profile.js';
import { chooseScanner } from './choose-scanner.js';
import {
	HidScanner,
	loadNodeHid,
	openHidScanner,
	pickInterface,
	type HidDeviceInfo
} from './hid-scanner.js';
import { SimulatedScanner } from './simulated-scanner.js';

const spec: ScannerSpec = {
	vendorId: 0x0c2e,
	productId: 0x0b61,
	reportFormat: 'pos-hid',
	simulator: false
};

/** A pos-hid report carrying `text` whole. */
function report(text: string): Buffer {
	const r = Buffer.alloc(64);
	r[0] = 0x02;
	r[1] = r.write(text, 5);
	r.write(']Q1', 2);
	return r;
}

/** Stands in for node-hid: a USB bus the test plugs the scanner into and out of. */
class FakeHid {
	list: HidDeviceInfo[] = [];
	opened: FakeDevice[] = [];
	failOpen = false;
	readonly HID: new (path: string) => FakeDevice;
	constructor() {
		// eslint-disable-next-line @typescript-eslint/no-this-alias
		const bus = this;
		this.HID = class extends FakeDevice {
			constructor(path: string) {
				if (bus.failOpen) throw new Error('cannot open device');
				super(path);
				bus.opened.push(this);
			}
		};
	}
	devices(): HidDeviceInfo[] {
		return this.list;
	}
	plug(): void {
		this.list = [
			{
				vendorId: spec.vendorId,
				productId: spec.productId,
				path: '/dev/hidraw3',
				usagePage: 0x01,
				usage: 0x06
			},
			{
				vendorId: spec.vendorId,
				productId: spec.productId,
				path: '/dev/hidraw4',
				usagePage: 0x8c,
				usage: 0x02
			}
		];
	}
	unplug(): void {
		this.list = [];
	}
}

class FakeDevice extends EventEmitter {
	closed = false;
	constructor(readonly path: string) {
		super();
	}
	close(): void {
		this.closed = true;
	}
}

const quiet = () => undefined;

describe('HidScanner', () => {
	it('delivers what the scanner reads, and finds it again after it was unplugged', () => {
		const bus = new FakeHid();
		const scanner = new HidScanner(bus, spec, { pollMs: 60_000, log: quiet });
		const scans: string[] = [];
		scanner.onScan((t) => scans.push(t));
		expect(scanner.status()).toBe('absent');

		bus.plug();
		scanner.poll();
		expect(scanner.status()).toBe('connected');
		// Of the two interfaces, the HID POS one carries the scanned data.
		expect(bus.opened.map((d) => d.path)).toEqual(['/dev/hidraw4']);
		bus.opened[0].emit('data', report('https://mall.example/m/card?t=abc'));
		expect(scans).toEqual(['https://mall.example/m/card?t=abc']);

		bus.unplug();
		scanner.poll();
		expect(scanner.status()).toBe('absent');
		expect(bus.opened[0].closed).toBe(true);

		bus.plug();
		scanner.poll();
		expect(scanner.status()).toBe('connected');
		bus.opened[1].emit('data', report('7K3M-Q9XT-2PF'));
		expect(scans).toEqual(['https://mall.example/m/card?t=abc', '7K3M-Q9XT-2PF']);
		scanner.close();
	});

	it('lets go of a scanner whose read failed, and no longer delivers from it', () => {
		const bus = new FakeHid();
		bus.plug();
		const scanner = new HidScanner(bus, spec, { pollMs: 60_000, log: quiet });
		const scans: string[] = [];
		scanner.onScan((t) => scans.push(t));
		const device = bus.opened[0];
		device.emit('error', new Error('could not read from HID device'));
		expect(scanner.status()).toBe('absent');
		expect(device.closed).toBe(true);
		device.emit('data', report('stale'));
		expect(scans).toEqual([]);
		scanner.close();
	});

	it('stays absent, and says why once, while the device cannot be opened', () => {
		const bus = new FakeHid();
		bus.plug();
		bus.failOpen = true;
		const lines: string[] = [];
		const scanner = new HidScanner(bus, spec, { pollMs: 60_000, log: (l) => lines.push(l) });
		scanner.poll();
		scanner.poll();
		expect(scanner.status()).toBe('absent');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(/cannot open scanner 0c2e:0b61/);
		bus.failOpen = false;
		scanner.poll();
		expect(scanner.status()).toBe('connected');
		scanner.close();
	});

	it('polls by itself', async () => {
		const bus = new FakeHid();
		const scanner = new HidScanner(bus, spec, { pollMs: 20, log: quiet });
		bus.plug();
		await new Promise((r) => setTimeout(r, 80));
		expect(scanner.status()).toBe('connected');
		scanner.close();
		expect(bus.opened[0].closed).toBe(true);
	});

	it('picks the keyboard interface for a keyboard-wedge scanner, or the only one there is', () => {
		const bus = new FakeHid();
		bus.plug();
		expect(pickInterface(bus.list, { ...spec, reportFormat: 'keyboard-wedge' })?.path).toBe(
			'/dev/hidraw3'
		);
		const bare = [{ vendorId: spec.vendorId, productId: spec.productId, path: '1-1:1.0' }];
		expect(pickInterface(bare, spec)?.path).toBe('1-1:1.0');
		expect(pickInterface(bare, { ...spec, productId: 1 })).toBeNull();
	});
});

describe('without node-hid', () => {
	it('loads as "no scanner" rather than failing the agent', async () => {
		// node-hid is not a dependency yet; once it is, this machine has no scanner to list either way.
		const hid = await loadNodeHid('hidraw');
		if (hid) expect(hid.devices().filter((d) => d.vendorId === spec.vendorId)).toEqual([]);
		else expect(await openHidScanner(spec, { load: loadNodeHid, log: quiet })).toBeNull();
	});
});

describe('chooseScanner', () => {
	const none = async () => null;
	const profile = { ...spec, simulator: true };

	it('takes the simulator when asked, or when the profile allows it and node-hid is missing', async () => {
		expect((await chooseScanner(undefined, 'simulated')).scanner?.status()).toBe('simulated');
		const chosen = await chooseScanner(profile, undefined, { load: none, log: quiet });
		expect(chosen.scanner).toBe(chosen.simulated);
		expect(chosen.simulated).toBeInstanceOf(SimulatedScanner);
	});

	it('runs without a scanner when there is none to have', async () => {
		expect((await chooseScanner(undefined, undefined)).scanner).toBeNull();
		expect((await chooseScanner(profile, 'none')).scanner).toBeNull();
		expect((await chooseScanner(spec, undefined, { load: none, log: quiet })).scanner).toBeNull();
	});

	it('keeps a real scanner that is unplugged when the profile allows no simulator', async () => {
		const bus = new FakeHid();
		const chosen = await chooseScanner(spec, undefined, { load: async () => bus, log: quiet });
		expect(chosen.scanner?.status()).toBe('absent');
		chosen.scanner?.close();
		bus.plug();
		const plugged = await chooseScanner(profile, undefined, { load: async () => bus, log: quiet });
		expect(plugged.scanner?.status()).toBe('connected');
		plugged.scanner?.close();
	});
});

describe('SimulatedScanner', () => {
	it('delivers a scan to every listener until it stops listening', () => {
		const scanner = new SimulatedScanner();
		const a: string[] = [];
		const b: string[] = [];
		const stopA = scanner.onScan((t) => a.push(t));
		scanner.onScan((t) => b.push(t));
		scanner.onScan(() => {
			throw new Error('a broken listener');
		});
		const errors = console.error;
		console.error = quiet;
		try {
			scanner.scan('https://mall.example/m/card?t=one');
			stopA();
			scanner.scan('two');
		} finally {
			console.error = errors;
		}
		expect(a).toEqual(['https://mall.example/m/card?t=one']);
		expect(b).toEqual(['https://mall.example/m/card?t=one', 'two']);
		expect(scanner.status()).toBe('simulated');
	});

	it('refuses an empty scan and delivers nothing after close', () => {
		const scanner = new SimulatedScanner();
		const got: string[] = [];
		scanner.onScan((t) => got.push(t));
		expect(() => scanner.scan('')).toThrow(RangeError);
		scanner.close();
		expect(() => scanner.scan('late')).toThrow();
		expect(got).toEqual([]);
	});
});
