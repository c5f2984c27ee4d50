import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeviceProfile, DeviceProfileError, loadDeviceProfile } from './device-profile.js';

const PROFILES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../device-profiles');
const KIOSK = path.join(PROFILES, 'kiosk-demo.json');
const SIGNAGE = path.join(PROFILES, 'signage-demo.json');

interface JsonSchemaNode {
	type?: string;
	required?: string[];
	properties?: Record<string, JsonSchemaNode | boolean>;
	enum?: unknown[];
	default?: unknown;
	items?: JsonSchemaNode;
}

type Json = Record<string, unknown>;

async function readJson<T>(file: string): Promise<T> {
	return JSON.parse(await readFile(file, 'utf8')) as T;
}

function fieldOf(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
	return result.error?.issues[0]?.path.join('.');
}

describe('demo device profiles', () => {
	it('loads the kiosk with its printer and scanner', async () => {
		const kiosk = await loadDeviceProfile(KIOSK);
		expect(kiosk.kind).toBe('kiosk');
		expect(kiosk.screen).toEqual({ width: 1080, height: 1920, orientation: 'portrait' });
		expect(kiosk.printer).toMatchObject({
			uri: 'ipp://127.0.0.1:631/printers/atrium-kiosk',
			paperWidthMm: 80,
			dpi: 203,
			media: 'custom_80x120mm_80x120mm',
			simulator: true
		});
		expect(kiosk.scanner).toMatchObject({ vendorId: 0x0c2e, productId: 0x0b61, simulator: true });
		expect(kiosk.idleTimeoutS).toBe(60);
	});

	it('loads the signage screen without printer or scanner', async () => {
		const signage = await loadDeviceProfile(SIGNAGE);
		expect(signage.kind).toBe('signage');
		expect(signage.screen.orientation).toBe('landscape');
		expect(signage.printer).toBeUndefined();
		expect(signage.scanner).toBeUndefined();
	});

	it('fills the documented defaults', async () => {
		const kiosk = await readJson<Json>(KIOSK);
		delete kiosk.idleTimeoutS;
		delete (kiosk.printer as Json).simulator;
		const parsed = DeviceProfile.parse(kiosk);
		expect(parsed.idleTimeoutS).toBe(60);
		expect(parsed.printer?.simulator).toBe(false);
	});
});

describe('broken profiles', () => {
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(path.join(os.tmpdir(), 'atrium-profile-'));
	});
	afterAll(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	async function rejects(
		name: string,
		content: string,
		field: string
	): Promise<DeviceProfileError> {
		const file = path.join(dir, name);
		await writeFile(file, content);
		const err = await loadDeviceProfile(file).then(
			() => undefined,
			(e: unknown) => e
		);
		expect(err).toBeInstanceOf(DeviceProfileError);
		const pe = err as DeviceProfileError;
		expect(pe.field).toBe(field);
		expect(pe.file).toBe(file);
		expect(pe.message).toContain(file);
		if (field !== '(root)') expect(pe.message).toContain(field);
		return pe;
	}

	it('names a wrong paper width', async () => {
		const kiosk = await readJson<Json>(KIOSK);
		(kiosk.printer as Json).paperWidthMm = 76;
		await rejects('paper.json', JSON.stringify(kiosk), 'printer.paperWidthMm');
	});

	it('names a scanner id written as a hex string', async () => {
		const kiosk = await readJson<Json>(KIOSK);
		(kiosk.scanner as Json).vendorId = '0x0c2e';
		await rejects('scanner.json', JSON.stringify(kiosk), 'scanner.vendorId');
	});

	it('names an unknown key', async () => {
		const signage = await readJson<Json>(SIGNAGE);
		signage.brightness = 80;
		await rejects('extra.json', JSON.stringify(signage), 'brightness');
	});

	it('refuses a printer on a signage screen', async () => {
		const signage = await readJson<Json>(SIGNAGE);
		signage.printer = (await readJson<Json>(KIOSK)).printer;
		await rejects('signage-printer.json', JSON.stringify(signage), 'printer');
	});

	it('refuses a printer URI that is neither IPP nor a queue name', async () => {
		const kiosk = await readJson<Json>(KIOSK);
		(kiosk.printer as Json).uri = 'http://printer.local/';
		await rejects('uri.json', JSON.stringify(kiosk), 'printer.uri');
	});

	it('names the file for broken JSON', async () => {
		const pe = await rejects('broken.json', '{ "id": "kiosk-x", ', '(root)');
		expect(pe.message).toMatch(/invalid JSON/);
	});
});

describe('JSON Schema and zod agree', () => {
	let schema: JsonSchemaNode;
	let kiosk: Json;
	beforeAll(async () => {
		schema = await readJson<JsonSchemaNode>(path.join(PROFILES, 'device-profile.schema.json'));
		kiosk = await readJson<Json>(KIOSK);
	});

	function node(key?: string): JsonSchemaNode {
		return key ? (schema.properties?.[key] as JsonSchemaNode) : schema;
	}

	const zodShapes = {
		'': DeviceProfile.shape,
		screen: DeviceProfile.shape.screen.shape,
		printer: DeviceProfile.shape.printer.unwrap().shape,
		scanner: DeviceProfile.shape.scanner.unwrap().shape
	};

	it('lists the same properties at every level', () => {
		for (const [key, shape] of Object.entries(zodShapes)) {
			const props = Object.keys(node(key || undefined).properties ?? {}).sort();
			expect(Object.keys(shape).sort(), key || '(root)').toEqual(props);
		}
	});

	it('requires in zod every key the JSON Schema requires', () => {
		expect(DeviceProfile.safeParse(kiosk).success).toBe(true);
		for (const key of ['', 'screen', 'printer', 'scanner']) {
			const required = node(key || undefined).required ?? [];
			expect(required.length, key || '(root)').toBeGreaterThan(0);
			for (const prop of required) {
				const copy = structuredClone(kiosk);
				delete (key ? (copy[key] as Json) : copy)[prop];
				const result = DeviceProfile.safeParse(copy);
				const field = key ? `${key}.${prop}` : prop;
				expect(result.success, `without ${field}`).toBe(false);
				expect(fieldOf(result), `without ${field}`).toBe(field);
			}
		}
	});

	it('accepts in zod the absence of every key the JSON Schema leaves optional', () => {
		for (const key of ['', 'screen', 'printer', 'scanner']) {
			const n = node(key || undefined);
			const optional = Object.keys(n.properties ?? {}).filter((p) => !n.required?.includes(p));
			for (const prop of optional) {
				const copy = structuredClone(kiosk);
				delete (key ? (copy[key] as Json) : copy)[prop];
				expect(DeviceProfile.safeParse(copy).success, `without ${key}.${prop}`).toBe(true);
			}
		}
	});

	it('shares enums and defaults', () => {
		const props = schema.properties as Record<string, JsonSchemaNode>;
		const sub = (k: string, p: string) => props[k].properties?.[p] as JsonSchemaNode;
		expect(props.kind.enum).toEqual(DeviceProfile.shape.kind.options);
		expect(sub('screen', 'orientation').enum).toEqual(zodShapes.screen.orientation.options);
		expect(sub('scanner', 'reportFormat').enum).toEqual(zodShapes.scanner.reportFormat.options);
		expect(props.locales.items?.enum).toEqual(DeviceProfile.shape.locales.element.options);
		for (const width of sub('printer', 'paperWidthMm').enum ?? []) {
			expect(zodShapes.printer.paperWidthMm.safeParse(width).success).toBe(true);
		}
		expect(props.idleTimeoutS.default).toBe(DeviceProfile.shape.idleTimeoutS.parse(undefined));
		expect(sub('printer', 'simulator').default).toBe(zodShapes.printer.simulator.parse(undefined));
		expect(sub('scanner', 'simulator').default).toBe(zodShapes.scanner.simulator.parse(undefined));
	});
});
