import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { PDFRenderProps, Plugin, Schema, Template } from '@pdfme/common';
import { generate } from '@pdfme/generator';
import { barcodes, line, text } from '@pdfme/schemas';
import QRCode from 'qrcode';

/** One coupon's values, by template field name (mallName, title, code, qr…). */
export type CouponInputs = Record<string, string>;

/** The code points a font can draw, read from its cmap. */
export interface FontCoverage {
	name: string;
	has(codePoint: number): boolean;
}

/** A template whose text the font cannot draw: printing it would show empty boxes. */
export class PreflightError extends Error {
	/** The first offending field and its missing characters; `problems` lists them all. */
	readonly field: string;
	readonly missing: string[];
	readonly problems: { field: string; missing: string[] }[];
	constructor(font: string, problems: { field: string; missing: string[] }[]) {
		super(
			`${font} cannot draw: ` +
				problems.map((p) => `${p.field}: ${p.missing.map(describe).join(' ')}`).join('; ')
		);
		this.name = 'PreflightError';
		this.field = problems[0].field;
		this.missing = problems[0].missing;
		this.problems = problems;
	}
}

const describe = (ch: string) =>
	`${ch} (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;

const TEXT_TYPES = new Set(['text', 'multiVariableText']);
// Layout characters that never reach the font as glyphs.
const CONTROL = new Set([0x09, 0x0a, 0x0d, 0x200b, 0x200c, 0x200d, 0xfe0f]);

/**
 * Refuses a coupon whose text the font cannot draw. pdfme would print such characters as empty
 * boxes without complaint, so this runs before every render.
 */
export function preflight(template: Template, inputs: CouponInputs, font: FontCoverage): void {
	const problems: { field: string; missing: string[] }[] = [];
	for (const schema of template.schemas.flat() as Schema[]) {
		if (!TEXT_TYPES.has(schema.type)) continue;
		const value = schema.readOnly ? String(schema.content ?? '') : (inputs[schema.name] ?? '');
		const missing = new Set<string>();
		for (const ch of value) {
			const cp = ch.codePointAt(0)!;
			if (!CONTROL.has(cp) && !font.has(cp)) missing.add(ch);
		}
		if (missing.size > 0) problems.push({ field: schema.name, missing: [...missing] });
	}
	if (problems.length > 0) throw new PreflightError(font.name, problems);
}

/** Reads the cmap of an OpenType/TrueType font (formats 4 and 12). */
export function fontCoverage(bytes: Uint8Array, name = 'font'): FontCoverage {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const tables = view.getUint16(4);
	let cmap = -1;
	for (let i = 0; i < tables; i++) {
		const entry = 12 + i * 16;
		if (view.getUint32(entry) === 0x636d6170 /* 'cmap' */) cmap = view.getUint32(entry + 8);
	}
	if (cmap < 0) throw new Error(`${name}: no cmap table (a .ttc collection is not supported)`);
	const subtables: { format: number; offset: number }[] = [];
	for (let i = 0; i < view.getUint16(cmap + 2); i++) {
		const rec = cmap + 4 + i * 8;
		const platform = view.getUint16(rec);
		const encoding = view.getUint16(rec + 2);
		// Unicode subtables only: Windows BMP/full, or the Unicode platform.
		if (platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10))) {
			const offset = cmap + view.getUint32(rec + 4);
			subtables.push({ format: view.getUint16(offset), offset });
		}
	}
	const chosen = subtables.find((s) => s.format === 12) ?? subtables.find((s) => s.format === 4);
	if (!chosen) throw new Error(`${name}: no Unicode cmap subtable in format 4 or 12`);
	const points = new Set<number>();
	const { offset } = chosen;
	if (chosen.format === 12) {
		const groups = view.getUint32(offset + 12);
		for (let g = 0; g < groups; g++) {
			const rec = offset + 16 + g * 12;
			const start = view.getUint32(rec);
			const end = view.getUint32(rec + 4);
			if (view.getUint32(rec + 8) === 0) continue;
			for (let cp = start; cp <= end; cp++) points.add(cp);
		}
	} else {
		const segX2 = view.getUint16(offset + 6);
		const ends = offset + 14;
		const starts = ends + segX2 + 2;
		const deltas = starts + segX2;
		const rangeOffsets = deltas + segX2;
		for (let s = 0; s < segX2; s += 2) {
			const start = view.getUint16(starts + s);
			const end = view.getUint16(ends + s);
			const delta = view.getUint16(deltas + s);
			const ro = view.getUint16(rangeOffsets + s);
			for (let cp = start; cp <= end && cp !== 0xffff; cp++) {
				let glyph: number;
				if (ro === 0) glyph = (cp + delta) & 0xffff;
				else {
					const at = rangeOffsets + s + ro + (cp - start) * 2;
					glyph = view.getUint16(at);
					if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
				}
				if (glyph !== 0) points.add(cp);
			}
		}
	}
	return { name, has: (cp) => points.has(cp) };
}

/**
 * The QR as vector squares instead of pdfme's bwip-js PNG: a third of the render time went into
 * encoding and re-decoding that PNG, and a thermal head prints squares sharper than a scaled image.
 * Designer-side it is pdfme's own qrcode schema, so templates stay editable there.
 */
const vectorQrCode: Plugin<Schema> = {
	...(barcodes.qrcode as unknown as Plugin<Schema>),
	pdf: ({ value, schema, page, pdfLib }: PDFRenderProps<Schema>) => {
		if (!value) return;
		const { modules } = QRCode.create(value, { errorCorrectionLevel: 'M' });
		const quiet = 2;
		const size = modules.size + quiet * 2;
		const mmPt = 72 / 25.4;
		const side = Math.min(schema.width, schema.height) * mmPt;
		const unit = side / size;
		const x = schema.position.x * mmPt;
		const top = page.getHeight() - schema.position.y * mmPt;
		const { pushGraphicsState, popGraphicsState, setFillingRgbColor, rectangle, fill } = pdfLib;
		// One filled path of `re` operators, one per run of dark modules in a row: a few hundred
		// rectangles, each four numbers, rather than a drawn shape per module.
		const ops = [
			pushGraphicsState(),
			setFillingRgbColor(1, 1, 1),
			rectangle(x, top - side, side, side)
		];
		ops.push(fill(), setFillingRgbColor(0, 0, 0));
		for (let row = 0; row < modules.size; row++) {
			let col = 0;
			while (col < modules.size) {
				if (!modules.get(row, col)) {
					col++;
					continue;
				}
				const from = col;
				while (col < modules.size && modules.get(row, col)) col++;
				const y = top - (row + quiet + 1) * unit;
				ops.push(rectangle(x + (from + quiet) * unit, y, (col - from) * unit, unit));
			}
		}
		ops.push(fill(), popGraphicsState());
		page.pushOperators(...ops);
	}
};

interface Fontkit {
	create(data: Uint8Array, postscriptName?: string): unknown;
}

/**
 * pdfme parses the font twice per document (once to lay text out, once in pdf-lib to embed it) —
 * for a CJK font that was most of the render time. This text plugin hands both places one parsed
 * font, kept for the life of the renderer; pdf-lib still subsets it per document.
 */
function cachedFontText(fontName: string, bytes: Buffer): Plugin<Schema> {
	const layoutKey = `getFontKitFont-${fontName}`;
	let parsed: unknown = null;
	const sameBytes = (data: Uint8Array) =>
		data.byteLength === bytes.byteLength &&
		Buffer.from(data.subarray(0, 64)).equals(bytes.subarray(0, 64));
	const wrapped = new WeakSet<object>();
	const textPlugin = text as unknown as Plugin<Schema>;
	return {
		...textPlugin,
		pdf: async (arg: PDFRenderProps<Schema>) => {
			const doc = arg.pdfDoc as unknown as {
				fontkit?: Fontkit;
				registerFontkit(fk: Fontkit): void;
			};
			if (!wrapped.has(doc) && doc.fontkit) {
				const original = doc.fontkit;
				doc.registerFontkit({
					create: (data, postscriptName) =>
						sameBytes(data)
							? (parsed ??= original.create(data, postscriptName))
							: original.create(data, postscriptName)
				});
				wrapped.add(doc);
			}
			if (parsed && !arg._cache.has(layoutKey)) arg._cache.set(layoutKey, parsed);
			await textPlugin.pdf(arg);
			parsed ??= await arg._cache.get(layoutKey);
		}
	};
}

export interface CouponRenderer {
	readonly font: FontCoverage;
	/** Milliseconds the last render took (preflight included). */
	readonly lastRenderMs: number;
	preflight(template: Template, inputs: CouponInputs): void;
	/** Preflights, then renders one coupon to a PDF the printer takes as is. */
	render(template: Template, inputs: CouponInputs): Promise<Buffer>;
}

/** Loads the CJK font once (e.g. content/fonts/NotoSansCJKtc-Atrium.otf) and renders coupons with it. */
export async function createCouponRenderer(fontPath: string): Promise<CouponRenderer> {
	const bytes = await readFile(fontPath);
	const fontName = basename(fontPath, extname(fontPath)).replace(/[^A-Za-z0-9-]/g, '');
	const font = fontCoverage(bytes, basename(fontPath));
	// Registered as the fallback, every field without its own fontName uses it: no field falls back
	// to pdfme's Latin-only default and prints Chinese as boxes.
	const fonts = { [fontName]: { data: bytes, fallback: true, subset: true } };
	const plugins = { text: cachedFontText(fontName, bytes), qrcode: vectorQrCode, line };
	let lastRenderMs = 0;
	return {
		font,
		get lastRenderMs() {
			return lastRenderMs;
		},
		preflight: (template, inputs) => preflight(template, inputs, font),
		async render(template, inputs) {
			const started = performance.now();
			preflight(template, inputs, font);
			const pdf = await generate({
				template,
				inputs: [inputs],
				plugins,
				options: { font: fonts, title: inputs.code ?? 'coupon', lang: 'zh-TW' }
			});
			lastRenderMs = performance.now() - started;
			return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
		}
	};
}
