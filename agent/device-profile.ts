import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { LOCALES } from '../protocol/index.js';

/*
 * The runtime twin of device-profiles/device-profile.schema.json. The JSON Schema serves editors and
 * documentation; this is what the agent trusts. device-profile.spec.ts checks that the two agree.
 */

export const ScreenSpec = z.strictObject({
	width: z.int().min(1).max(16384),
	height: z.int().min(1).max(16384),
	orientation: z.enum(['portrait', 'landscape'])
});
export type ScreenSpec = z.infer<typeof ScreenSpec>;

export const PrinterSpec = z.strictObject({
	/** An ipp:// or ipps:// URI, or the name of a local CUPS queue. */
	uri: z
		.string()
		.regex(/^(ipps?:\/\/\S+|[^\s/#:]{1,127})$/, 'an ipp:// or ipps:// URI, or a CUPS queue name'),
	paperWidthMm: z.union([z.literal(58), z.literal(80)]),
	dpi: z.int().min(100).max(600),
	/** PWG media name, e.g. custom_80x120mm_80x120mm. */
	media: z.string().min(1),
	/** Stand in with the simulated printer when the real one is absent. */
	simulator: z.boolean().default(false)
});
export type PrinterSpec = z.infer<typeof PrinterSpec>;

export const ScannerSpec = z.strictObject({
	vendorId: z.int().min(0).max(0xffff),
	productId: z.int().min(0).max(0xffff),
	reportFormat: z.enum(['keyboard-wedge', 'pos-hid']),
	/** Stand in with the simulated scanner when the real one is absent. */
	simulator: z.boolean().default(false)
});
export type ScannerSpec = z.infer<typeof ScannerSpec>;

export const DeviceProfile = z
	.strictObject({
		/** Editors point this at the JSON Schema; the agent ignores it. */
		$schema: z.string().optional(),
		id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes'),
		kind: z.enum(['kiosk', 'signage']),
		name: z.string().min(1).max(120),
		screen: ScreenSpec,
		printer: PrinterSpec.optional(),
		scanner: ScannerSpec.optional(),
		/** Seconds without a touch before the screen resets and wipes the session. */
		idleTimeoutS: z.int().min(10).max(3600).default(60),
		locales: z
			.array(z.enum(LOCALES))
			.min(1)
			.refine((list) => new Set(list).size === list.length, 'locales must not repeat')
	})
	.superRefine((profile, ctx) => {
		// Signage has no shopper to print for or scan; a printer here means the wrong profile was picked.
		if (profile.kind !== 'signage') return;
		for (const key of ['printer', 'scanner'] as const) {
			if (profile[key] !== undefined) {
				ctx.addIssue({ code: 'custom', path: [key], message: `a signage profile has no ${key}` });
			}
		}
	});
export type DeviceProfile = z.infer<typeof DeviceProfile>;

export class DeviceProfileError extends Error {
	readonly file: string;
	/** Dotted path of the offending field, or `(root)` for the file as a whole. */
	readonly field: string;
	constructor(file: string, field: string, detail: string) {
		super(field === '(root)' ? `${file}: ${detail}` : `${file}: ${field}: ${detail}`);
		this.name = 'DeviceProfileError';
		this.file = file;
		this.field = field;
	}
}

function fieldOf(issue: z.core.$ZodIssue): string {
	const segments: PropertyKey[] = [...issue.path];
	if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) segments.push(issue.keys[0]);
	let out = '';
	for (const seg of segments) {
		out += typeof seg === 'number' ? `[${seg}]` : out ? `.${String(seg)}` : String(seg);
	}
	return out || '(root)';
}

/** Reads and validates a profile; a bad one stops the agent with the file and field to fix. */
export async function loadDeviceProfile(path: string): Promise<DeviceProfile> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (err) {
		const code = (err as NodeJS.ErrnoException).code;
		throw new DeviceProfileError(
			path,
			'(root)',
			code === 'ENOENT' ? 'file is missing' : String(err)
		);
	}
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (err) {
		throw new DeviceProfileError(path, '(root)', `invalid JSON: ${(err as Error).message}`);
	}
	const result = DeviceProfile.safeParse(json);
	if (!result.success) {
		const issue = result.error.issues[0];
		throw new DeviceProfileError(path, fieldOf(issue), issue.message);
	}
	return result.data;
}
