import type { ScannerSpec } from '../device-profile.js';
import { decoderFor, type ReportDecoder } from './hid-reports.js';
import { ScanListeners, type Scanner, type ScannerStatus } from './scanner.js';

/*
 * A USB HID barcode/QR scanner through node-hid. node-hid is an optional native module: it is loaded
 * when a scanner is wanted, and a machine without it (a laptop demo, CI) runs without a scanner.
 */

/** The part of node-hid's device list this driver reads. */
export interface HidDeviceInfo {
	vendorId: number;
	productId: number;
	path?: string;
	usagePage?: number;
	usage?: number;
	interface?: number;
}

/** The part of node-hid's `HID` this driver uses. */
export interface HidDevice {
	on(event: 'data', listener: (data: Buffer) => void): unknown;
	on(event: 'error', listener: (err: unknown) => void): unknown;
	close(): void;
}

export interface HidModule {
	devices(): HidDeviceInfo[];
	HID: new (path: string) => HidDevice;
	setDriverType?(type: 'hidraw' | 'libusb'): void;
}

/**
 * On Linux, `hidraw` reads a copy of the reports while the kernel's own driver keeps the device;
 * `libusb` detaches the kernel driver. A keyboard-wedge scanner must be read through libusb, or
 * every code it reads is also typed into the kiosk's browser.
 */
export type HidDriver = 'hidraw' | 'libusb';

export interface HidScannerOptions {
	/** Every 2 s the driver looks for the scanner: to find it when plugged in, to notice it gone. */
	pollMs?: number;
	driver?: HidDriver;
	log?: (line: string) => void;
	/** Time source for the decoders' gap check (tests). */
	now?: () => number;
}

/** HID POS usage page (Bar Code Scanner) and the Generic Desktop keyboard usage. */
const POS_USAGE_PAGE = 0x8c;
const DESKTOP_PAGE = 0x01;
const KEYBOARD_USAGE = 0x06;

/** Loads node-hid, or null when it is not installed or its native part cannot load here. */
export async function loadNodeHid(driver?: HidDriver): Promise<HidModule | null> {
	try {
		// A variable specifier: node-hid is optional, and neither TypeScript nor a bundler may require it.
		const name = 'node-hid';
		const mod = (await import(name)) as HidModule & { default?: HidModule };
		const hid = typeof mod.devices === 'function' ? mod : mod.default;
		if (!hid || typeof hid.devices !== 'function' || typeof hid.HID !== 'function') return null;
		if (driver && process.platform === 'linux') hid.setDriverType?.(driver);
		// The native binding loads lazily; listing devices once proves it loads on this machine.
		hid.devices();
		return hid;
	} catch {
		return null;
	}
}

/** Of the interfaces with the profile's ids, the one that carries the scanned data. */
export function pickInterface(list: HidDeviceInfo[], spec: ScannerSpec): HidDeviceInfo | null {
	const mine = list.filter(
		(d) => d.vendorId === spec.vendorId && d.productId === spec.productId && d.path
	);
	const wanted = (d: HidDeviceInfo) =>
		spec.reportFormat === 'pos-hid'
			? d.usagePage === POS_USAGE_PAGE
			: d.usagePage === DESKTOP_PAGE && d.usage === KEYBOARD_USAGE;
	// Without usage pages (the libusb backend leaves them out) the first interface is the scanner.
	return mine.find(wanted) ?? mine.find((d) => d.usagePage === undefined) ?? mine[0] ?? null;
}

export class HidScanner implements Scanner {
	readonly #hid: HidModule;
	readonly #spec: ScannerSpec;
	readonly #decoder: ReportDecoder;
	readonly #listeners = new ScanListeners();
	readonly #log: (line: string) => void;
	readonly #now: () => number;
	readonly #timer: ReturnType<typeof setInterval>;
	#device: HidDevice | null = null;
	#path: string | null = null;
	#closed = false;
	/** Logged once per kind of failure, not every 2 s. */
	#lastProblem = '';

	constructor(hid: HidModule, spec: ScannerSpec, opts: HidScannerOptions = {}) {
		this.#hid = hid;
		this.#spec = spec;
		this.#decoder = decoderFor(spec.reportFormat);
		this.#log = opts.log ?? ((line) => console.log(`[scanner] ${line}`));
		this.#now = opts.now ?? Date.now;
		this.#timer = setInterval(() => this.poll(), opts.pollMs ?? 2000);
		this.#timer.unref?.();
		this.poll();
	}

	onScan(listener: (text: string) => void): () => void {
		return this.#listeners.add(listener);
	}

	status(): ScannerStatus {
		return this.#device ? 'connected' : 'absent';
	}

	/** Opens the scanner when it appeared, lets it go when it disappeared. Called by the timer. */
	poll(): void {
		if (this.#closed) return;
		let list: HidDeviceInfo[];
		try {
			list = this.#hid.devices();
		} catch (err) {
			this.#problem(`cannot list HID devices: ${String(err)}`);
			return;
		}
		if (this.#device) {
			// Some platforms report an unplugged device only through the next read; the list knows first.
			if (!list.some((d) => d.path === this.#path)) this.#drop('unplugged');
			return;
		}
		const info = pickInterface(list, this.#spec);
		if (info?.path) this.#open(info.path);
	}

	close(): void {
		this.#closed = true;
		clearInterval(this.#timer);
		this.#listeners.clear();
		this.#drop(null);
	}

	#open(path: string): void {
		let device: HidDevice;
		try {
			device = new this.#hid.HID(path);
		} catch (err) {
			// Usually permissions: a udev rule must give the agent's user the device node.
			this.#problem(`cannot open ${this.#name()} at ${path}: ${String(err)}`);
			return;
		}
		this.#device = device;
		this.#path = path;
		this.#lastProblem = '';
		this.#decoder.reset();
		device.on('data', (data: Buffer) => {
			if (this.#device !== device) return;
			const text = this.#decoder.push(data, this.#now());
			if (text !== null) this.#listeners.emit(text);
		});
		device.on('error', (err: unknown) => {
			if (this.#device === device) this.#drop(`read failed (${String(err)})`);
		});
		this.#log(`${this.#name()} connected (${this.#spec.reportFormat})`);
	}

	#drop(reason: string | null): void {
		const device = this.#device;
		this.#device = null;
		this.#path = null;
		this.#decoder.reset();
		if (!device) return;
		try {
			device.close();
		} catch {
			// Closing a device that is already gone may throw; it is gone either way.
		}
		if (reason) this.#log(`${this.#name()} ${reason}: looking for it again`);
	}

	#problem(text: string): void {
		if (text === this.#lastProblem) return;
		this.#lastProblem = text;
		this.#log(text);
	}

	#name(): string {
		const hex = (n: number) => n.toString(16).padStart(4, '0');
		return `scanner ${hex(this.#spec.vendorId)}:${hex(this.#spec.productId)}`;
	}
}

/**
 * Opens the profile's scanner, or gives null ("no scanner") when node-hid is missing. With node-hid
 * but the scanner unplugged, the scanner is `absent` and is picked up when it is plugged in.
 */
export async function openHidScanner(
	spec: ScannerSpec,
	opts: HidScannerOptions & { load?: (driver: HidDriver) => Promise<HidModule | null> } = {}
): Promise<HidScanner | null> {
	const driver = opts.driver ?? (spec.reportFormat === 'keyboard-wedge' ? 'libusb' : 'hidraw');
	const hid = await (opts.load ?? loadNodeHid)(driver);
	return hid ? new HidScanner(hid, spec, { ...opts, driver }) : null;
}
