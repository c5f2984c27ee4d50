import type { Locale, Reading, ReplicaData } from '$protocol';

/** A span of a text to highlight, in UTF-16 offsets (as String.slice takes them), end exclusive. */
export type Range = [start: number, end: number];
export type MatchField = 'name' | 'alias' | 'category';
export type MatchKind = 'exact' | 'prefix' | 'word' | 'substring' | 'pinyin' | 'initials' | 'typo';

/**
 * One shop found. `score` is its best match anywhere and orders the results; `field`, `kind` and the
 * ranges describe the match drawn, which is on the shown name whenever the name matched at all.
 */
export interface SearchResult {
	shopId: string;
	/** Higher is better; results come sorted by it. */
	score: number;
	field: MatchField;
	kind: MatchKind;
	/** The shop's name in the shopper's language: what the result row shows. */
	text: string;
	/** Spans of `text` to highlight; empty when the match was on another text (see `matched`). */
	ranges: Range[];
	/** The text that matched when it is not `text`: an alias, the category, the name in another script. */
	matched: { text: string; ranges: Range[] } | null;
}

export type ShopSearch = (query: string, locale: Locale, limit?: number) => SearchResult[];

export const QUERY_MAX = 64;
export const DEFAULT_LIMIT = 30;
// Longer input is cut before it is normalised, so a pasted novel costs no more than a long name.
const RAW_MAX = 256;

const HAN = /\p{Script=Han}/u;
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const MARK = /^\p{M}$/u;
const UPPER = /^\p{Lu}$/u;
const LOWER = /^\p{Ll}$/u;
const DIGIT = /^\p{N}$/u;
const ASCII_QUERY = /^[a-z0-9]+$/;
const SEP = '\u0001';

const LOCALE_BIT: Record<Locale, number> = { 'zh-Hant': 1, 'zh-Hans': 2, en: 4 };
const KIND_CODES: MatchKind[] = [
	'exact',
	'prefix',
	'word',
	'substring',
	'pinyin',
	'initials',
	'typo'
];
const K = Object.fromEntries(KIND_CODES.map((k, i) => [k, i])) as Record<MatchKind, number>;

// What a match is worth; field bonuses decide between two matches of one kind.
const SCORE = {
	exact: 100,
	prefix: 90,
	pinyinWhole: 95,
	pinyinStart: 86,
	initialsStart: 85,
	mixedStart: 76,
	word: 70,
	pinyinWord: 66,
	initialsWord: 65,
	mixedWord: 56,
	substring: 50,
	typo: 40
};
const BONUS = { shown: 8, name: 5, alias: 2, category: -30 };

interface Normalised {
	text: string;
	/** For each UTF-16 unit of `text`, the code point of the source it came from. */
	cp: Int32Array;
	/** For each UTF-16 unit of `text`, whether a word starts there. */
	start: Uint8Array;
}

/** One searchable text: a shop's name (merged across locales where it is the same), alias or category name. */
interface Target {
	owner: number; // shop index, or -1 - category index
	field: MatchField;
	/** Locales whose shown name this text is (code point for code point). */
	shows: number;
	text: string;
	norm: string;
	cp: Int32Array;
	/** Offset of `norm` in the haystack. */
	at: number;
	reading: number;
}

interface ReadingIndex {
	target: number;
	tokens: string[];
	/** Code point where each token starts, and one past where it ends. */
	from: Int32Array;
	to: Int32Array;
	initials: string;
}

function codePoints(text: string): string[] {
	return Array.from(text);
}

function utf16Offsets(text: string): Int32Array {
	const cps = codePoints(text);
	const out = new Int32Array(cps.length + 1);
	for (let i = 0; i < cps.length; i++) out[i + 1] = out[i] + cps[i].length;
	return out;
}

/** Splits a text into plain and highlighted parts, for rendering <mark>. */
export function segments(
	text: string,
	ranges: readonly Range[]
): { text: string; mark: boolean }[] {
	const out: { text: string; mark: boolean }[] = [];
	let at = 0;
	for (const [a, b] of [...ranges].sort((x, y) => x[0] - y[0])) {
		const start = Math.max(at, Math.min(a, text.length));
		const end = Math.max(start, Math.min(b, text.length));
		if (start > at) out.push({ text: text.slice(at, start), mark: false });
		if (end > start) out.push({ text: text.slice(start, end), mark: true });
		at = end;
	}
	if (at < text.length) out.push({ text: text.slice(at), mark: false });
	return out;
}

/**
 * The per-character Traditional → Simplified map, learnt from the mall's own texts: each Chinese
 * text beside the Simplified form the controller sent with it and, for shops the controller has not
 * read yet, the zh-Hant name beside the zh-Hans name. That second source knows no dictionary, so it
 * only trusts a pair when the Traditional character never appears in a Simplified name and the
 * Simplified one never in a Traditional name (耐吉 and 耐克 are two names, not two scripts).
 */
function foldMap(data: ReplicaData, readings: Map<number, Reading[]>): Map<string, string> {
	const map = new Map<string, string>();
	const learn = (from: string, to: string, trust: (a: string, b: string) => boolean) => {
		const a = codePoints(from);
		const b = codePoints(to);
		if (a.length !== b.length) return;
		for (let i = 0; i < a.length; i++) {
			if (
				a[i] !== b[i] &&
				HAN.test(a[i]) &&
				HAN.test(b[i]) &&
				!map.has(a[i]) &&
				trust(a[i], b[i])
			) {
				map.set(a[i], b[i]);
			}
		}
	};
	const categories = new Map(data.categories.map((c) => [c.id, c]));
	const readCategories = new Set<string>();
	data.shops.forEach((shop, s) => {
		for (const r of readings.get(s) ?? []) {
			const text = readingText(shop, categories.get(shop.category)?.name, r.of);
			if (text !== undefined) learn(text, r.folded, () => true);
			if (typeof r.of === 'string' && r.of.startsWith('category:'))
				readCategories.add(shop.category);
		}
	});
	const hant = new Set<string>();
	const hans = new Set<string>();
	const named = [...data.shops, ...data.categories];
	for (const item of named) {
		for (const c of item.name['zh-Hant']) hant.add(c);
		for (const c of item.name['zh-Hans']) hans.add(c);
	}
	const unread = [
		...data.shops.filter((_, s) => !readings.has(s)),
		...data.categories.filter((c) => !readCategories.has(c.id))
	];
	for (const item of unread) {
		learn(item.name['zh-Hant'], item.name['zh-Hans'], (a, b) => !hans.has(a) && !hant.has(b));
	}
	return map;
}

function readingText(
	shop: ReplicaData['shops'][number],
	category: ReplicaData['categories'][number]['name'] | undefined,
	of: Reading['of']
): string | undefined {
	if (typeof of === 'number') return shop.aliases[of];
	if (of === 'category:zh-Hant') return category?.['zh-Hant'];
	if (of === 'category:zh-Hans') return category?.['zh-Hans'];
	if (of === 'zh-Hant' || of === 'zh-Hans') return shop.name[of];
	return undefined;
}

class Normaliser {
	#fold: Map<string, string>;
	#cache = new Map<string, string>();
	constructor(fold: Map<string, string>) {
		this.#fold = fold;
	}

	/** NFKC and then some: accents dropped, lower case, only letters and digits, Chinese folded to Simplified. */
	char(c: string): string {
		let out = this.#cache.get(c);
		if (out !== undefined) return out;
		out = '';
		for (const d of c.normalize('NFKD').toLowerCase().normalize('NFKD')) {
			if (WORD_CHAR.test(d)) out += this.#fold.get(d) ?? d;
		}
		// Bounded: a hostile query of every code point must not grow the cache without end.
		if (this.#cache.size < 20_000) this.#cache.set(c, out);
		return out;
	}

	text(source: string, maxCodePoints = Infinity): Normalised {
		let text = '';
		const cps: number[] = [];
		const starts: number[] = [];
		let i = 0;
		let gap = true;
		let prevKind = ''; // 'L' lower, 'U' upper, 'D' digit, 'H' Han, 'O' other letter
		let count = 0;
		for (const c of source) {
			const n = this.char(c);
			if (n.length === 0) {
				if (!MARK.test(c)) gap = true;
				i++;
				continue;
			}
			const kind = HAN.test(c)
				? 'H'
				: DIGIT.test(c)
					? 'D'
					: UPPER.test(c)
						? 'U'
						: LOWER.test(c)
							? 'L'
							: 'O';
			// A word starts after a gap, at each Chinese character, at lower→Upper (iPhone) and at a
			// switch between digits and letters (3C, 50嵐).
			const begins =
				gap ||
				kind === 'H' ||
				prevKind === 'H' ||
				(kind === 'U' && prevKind === 'L') ||
				(kind === 'D') !== (prevKind === 'D');
			for (let k = 0; k < n.length; k++) {
				if (count >= maxCodePoints) break;
				text += n[k];
				cps.push(i);
				starts.push(k === 0 && begins ? 1 : 0);
				if (n.codePointAt(k)! > 0xffff) {
					k++;
					text += n[k];
					cps.push(i);
					starts.push(0);
				}
				count++;
			}
			if (count >= maxCodePoints) break;
			gap = false;
			prevKind = kind;
			i++;
		}
		return { text, cp: Int32Array.from(cps), start: Uint8Array.from(starts) };
	}
}

/** Optimal string alignment distance from `q` to the closest prefix of `s`, or k + 1 when above k. */
function prefixDistance(
	q: string,
	s: string,
	k: number,
	rows: [Int32Array, Int32Array, Int32Array]
): { d: number; len: number } {
	const n = q.length;
	const m = Math.min(s.length, n + k);
	let [prev2, prev, cur] = rows;
	for (let j = 0; j <= m; j++) prev[j] = j;
	for (let i = 1; i <= n; i++) {
		cur[0] = i;
		let rowMin = i;
		const qc = q.charCodeAt(i - 1);
		for (let j = 1; j <= m; j++) {
			const sc = s.charCodeAt(j - 1);
			let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (qc === sc ? 0 : 1));
			if (i > 1 && j > 1 && qc === s.charCodeAt(j - 2) && q.charCodeAt(i - 2) === sc) {
				v = Math.min(v, prev2[j - 2] + 1);
			}
			cur[j] = v;
			if (v < rowMin) rowMin = v;
		}
		if (rowMin > k) return { d: k + 1, len: 0 };
		[prev2, prev, cur] = [prev, cur, prev2];
	}
	let best = k + 1;
	let len = 0;
	for (let j = Math.max(0, n - k); j <= m; j++) {
		if (prev[j] < best || (prev[j] === best && Math.abs(j - n) < Math.abs(len - n))) {
			best = prev[j];
			len = j;
		}
	}
	return { d: best, len };
}

/**
 * Builds a search over one replica. Everything that does not depend on the query is worked out here,
 * so a keystroke only walks short candidate lists.
 */
export function createShopSearch(data: ReplicaData): ShopSearch {
	const shops = data.shops;
	const categoryIndex = new Map(data.categories.map((c, i) => [c.id, i]));
	const keysByShop = new Map<number, Reading[]>();
	const shopIndex = new Map(shops.map((s, i) => [s.id, i]));
	for (const keys of data.search ?? []) {
		const s = shopIndex.get(keys.shopId);
		if (s !== undefined && keys.readings.length > 0) keysByShop.set(s, keys.readings);
	}
	const norm = new Normaliser(foldMap(data, keysByShop));

	const targets: Target[] = [];
	const starts: Uint8Array[] = [];
	const readings: ReadingIndex[] = [];
	let haystackLength = 0;

	/** Adds a text, or returns the target already holding the same text for this owner. */
	const addTarget = (
		owner: number,
		field: MatchField,
		text: string,
		shows: number,
		seen: Map<string, number>
	): number => {
		const n = norm.text(text);
		if (n.text.length === 0) return -1;
		const key = `${n.text}\u0000${codePoints(text).length}`;
		const same = seen.get(key);
		if (same !== undefined) {
			targets[same].shows |= shows;
			return same;
		}
		const loose = seen.get(n.text);
		if (loose !== undefined && field !== 'name') return loose;
		targets.push({
			owner,
			field,
			shows,
			text,
			norm: n.text,
			cp: n.cp,
			at: haystackLength,
			reading: -1
		});
		starts.push(n.start);
		haystackLength += n.text.length + 1;
		seen.set(key, targets.length - 1);
		if (!seen.has(n.text)) seen.set(n.text, targets.length - 1);
		return targets.length - 1;
	};

	const addReading = (target: number, r: Reading) => {
		if (target < 0 || targets[target].reading >= 0) return;
		// Positions are code points of the text the reading was made for; a merged or stale text
		// of another length would highlight the wrong characters.
		const cps = codePoints(targets[target].text);
		if (!Array.isArray(r.syllables) || r.syllables.length !== cps.length) return;
		const tokens: string[] = [];
		const from: number[] = [];
		for (let i = 0; i < cps.length; i++) {
			const s = r.syllables[i];
			if (typeof s === 'string' && ASCII_QUERY.test(s)) {
				tokens.push(s);
				from.push(i);
			}
		}
		if (tokens.length === 0) return;
		const to = from.map((f, k) => {
			let end = k + 1 < from.length ? from[k + 1] : cps.length;
			while (end > f + 1 && !WORD_CHAR.test(cps[end - 1])) end--;
			return end;
		});
		targets[target].reading = readings.length;
		readings.push({
			target,
			tokens,
			from: Int32Array.from(from),
			to: Int32Array.from(to),
			initials: tokens.map((t) => t[0]).join('')
		});
	};

	const categoryReadings = new Map<number, Reading[]>();
	shops.forEach((shop, s) => {
		const seen = new Map<string, number>();
		const hant = addTarget(s, 'name', shop.name['zh-Hant'], LOCALE_BIT['zh-Hant'], seen);
		const hans = addTarget(s, 'name', shop.name['zh-Hans'], LOCALE_BIT['zh-Hans'], seen);
		addTarget(s, 'name', shop.name.en, LOCALE_BIT.en, seen);
		const aliases = shop.aliases.map((a) => addTarget(s, 'alias', a, 0, seen));
		const c = categoryIndex.get(shop.category);
		for (const r of keysByShop.get(s) ?? []) {
			if (r.of === 'zh-Hant') addReading(hant, r);
			else if (r.of === 'zh-Hans') addReading(hans, r);
			else if (typeof r.of === 'number') addReading(aliases[r.of] ?? -1, r);
			else if (c !== undefined) {
				// Every shop carries its category's readings; the first copy is enough.
				let list = categoryReadings.get(c);
				if (!list) categoryReadings.set(c, (list = []));
				if (!list.some((x) => x.of === r.of)) list.push(r);
			}
		}
	});
	data.categories.forEach((category, c) => {
		const seen = new Map<string, number>();
		const owner = -1 - c;
		const hant = addTarget(
			owner,
			'category',
			category.name['zh-Hant'],
			LOCALE_BIT['zh-Hant'],
			seen
		);
		const hans = addTarget(
			owner,
			'category',
			category.name['zh-Hans'],
			LOCALE_BIT['zh-Hans'],
			seen
		);
		addTarget(owner, 'category', category.name.en, LOCALE_BIT.en, seen);
		for (const r of categoryReadings.get(c) ?? []) {
			addReading(r.of === 'category:zh-Hant' ? hant : hans, r);
		}
	});

	// One string holding every text, so a query is a handful of indexOf calls, not one per text.
	const haystack = targets.map((t) => t.norm).join(SEP) + SEP;
	const ownerAt = new Int32Array(haystack.length);
	targets.forEach((t, i) => ownerAt.fill(i, t.at, t.at + t.norm.length + 1));

	// Word starts by their first character: the candidates for prefix matching.
	const wordStarts = new Map<string, number[]>();
	targets.forEach((t, i) => {
		const st = starts[i];
		for (let j = 0; j < t.norm.length; j++) {
			if (!st[j]) continue;
			const key = String.fromCodePoint(t.norm.codePointAt(j)!);
			let list = wordStarts.get(key);
			if (!list) wordStarts.set(key, (list = []));
			list.push(t.at + j);
		}
	});
	const isWordStart = new Uint8Array(haystack.length);
	targets.forEach((t, i) => isWordStart.set(starts[i], t.at));

	// Syllable starts by their first letter: where a pinyin match may begin.
	const syllableStarts = new Map<string, number[]>();
	readings.forEach((r, ri) => {
		r.tokens.forEach((tok, j) => {
			const keys = tok[0] === 'v' ? ['v', 'u'] : [tok[0]];
			for (const key of keys) {
				let list = syllableStarts.get(key);
				if (!list) syllableStarts.set(key, (list = []));
				list.push(ri, j);
			}
		});
	});

	// Typo candidates: each distinct Latin text from a word start, by first letter. Pinyin stays out:
	// its syllables are so short and alike that one edit turns most of them into another.
	interface TypoEntry {
		s: string;
		at: number[]; // haystack offsets
	}
	const typoByText = new Map<string, TypoEntry>();
	const typoBuckets = new Map<string, TypoEntry[]>();
	const addTypo = (s: string, at: number) => {
		if (!/^[a-z0-9]/.test(s)) return;
		const capped = s.slice(0, QUERY_MAX + 2);
		let entry = typoByText.get(capped);
		if (!entry) {
			typoByText.set(capped, (entry = { s: capped, at: [] }));
			let bucket = typoBuckets.get(capped[0]);
			if (!bucket) typoBuckets.set(capped[0], (bucket = []));
			bucket.push(entry);
		}
		entry.at.push(at);
	};
	targets.forEach((t, i) => {
		for (let j = 0; j < t.norm.length; j++) if (starts[i][j]) addTypo(t.norm.slice(j), t.at + j);
	});

	// Per-query scratch, reused so a keystroke allocates almost nothing.
	const nOwners = shops.length + data.categories.length;
	const best = new Float64Array(nOwners);
	const bestGen = new Int32Array(nOwners);
	const bestTarget = new Int32Array(nOwners);
	const bestFrom = new Int32Array(nOwners); // code points of the target's text
	const bestTo = new Int32Array(nOwners);
	const bestKind = new Uint8Array(nOwners);
	const bestLen = new Int32Array(nOwners);
	// The best match on the shop's shown name, if any: highlighted there even when an alias scored higher.
	const shownGen = new Int32Array(shops.length);
	const shownScore = new Float64Array(shops.length);
	const shownTarget = new Int32Array(shops.length);
	const shownFrom = new Int32Array(shops.length);
	const shownTo = new Int32Array(shops.length);
	const shownKind = new Uint8Array(shops.length);
	let gen = 0;
	const failed = new Int32Array((QUERY_MAX + 1) * 257);
	let failGen = 0;
	const dpRows: [Int32Array, Int32Array, Int32Array] = [
		new Int32Array(QUERY_MAX + 4),
		new Int32Array(QUERY_MAX + 4),
		new Int32Array(QUERY_MAX + 4)
	];
	const shopsOf: number[][] = data.categories.map(() => []);
	shops.forEach((shop, s) => {
		const c = categoryIndex.get(shop.category);
		if (c !== undefined) shopsOf[c].push(s);
	});

	const ownerSlot = (owner: number) => (owner >= 0 ? owner : shops.length + (-1 - owner));

	const offer = (
		target: number,
		base: number,
		kind: number,
		from: number,
		to: number,
		locale: Locale
	) => {
		const t = targets[target];
		const bonus =
			t.field === 'category'
				? BONUS.category
				: t.shows & LOCALE_BIT[locale]
					? BONUS.shown
					: t.field === 'name'
						? BONUS.name
						: BONUS.alias;
		const score = base + bonus;
		if (bonus === BONUS.shown && t.owner >= 0) {
			const s = t.owner;
			if (shownGen[s] !== gen || shownScore[s] < score) {
				shownGen[s] = gen;
				shownScore[s] = score;
				shownTarget[s] = target;
				shownFrom[s] = from;
				shownTo[s] = to;
				shownKind[s] = kind;
			}
		}
		const slot = ownerSlot(t.owner);
		if (bestGen[slot] === gen && best[slot] >= score) return;
		bestGen[slot] = gen;
		best[slot] = score;
		bestTarget[slot] = target;
		bestFrom[slot] = from;
		bestTo[slot] = to;
		bestKind[slot] = kind;
		bestLen[slot] = t.norm.length;
	};

	/** Matches q against a reading's tokens from token j: each token by any prefix of it, longest first. */
	const walk = (q: string, p: number, tokens: string[], j: number, taken: Int32Array): number => {
		if (j >= tokens.length || j > 256) return -1;
		const mark = p * 257 + j;
		if (failed[mark] === failGen) return -1;
		const s = tokens[j];
		let m = 0;
		while (m < s.length && p + m < q.length) {
			const a = q.charCodeAt(p + m);
			const b = s.charCodeAt(m);
			if (a !== b && !(b === 118 && a === 117)) break; // 'u' also types ü, written v
			m++;
		}
		if (m > 0 && p + m === q.length) {
			taken[j] = m;
			return j + 1;
		}
		for (let k = m; k >= 1; k--) {
			const end = walk(q, p + k, tokens, j + 1, taken);
			if (end >= 0) {
				taken[j] = k;
				return end;
			}
		}
		failed[mark] = failGen;
		return -1;
	};
	const taken = new Int32Array(258);

	const matchPinyin = (q: string, locale: Locale) => {
		const list = syllableStarts.get(q[0]);
		if (!list) return;
		for (let x = 0; x < list.length; x += 2) {
			const r = readings[list[x]];
			const j = list[x + 1];
			failGen++;
			const end = walk(q, 0, r.tokens, j, taken);
			if (end < 0) continue;
			let full = true;
			for (let k = j; k < end - 1; k++) if (taken[k] !== r.tokens[k].length) full = false;
			const initials = r.initials.startsWith(q, j);
			const atStart = j === 0;
			let base: number;
			let kind: number;
			if (full) {
				const whole =
					atStart && end === r.tokens.length && taken[end - 1] === r.tokens[end - 1].length;
				base = whole ? SCORE.pinyinWhole : atStart ? SCORE.pinyinStart : SCORE.pinyinWord;
				kind = K.pinyin;
			} else if (initials) {
				base = atStart ? SCORE.initialsStart : SCORE.initialsWord;
				kind = K.initials;
			} else {
				base = atStart ? SCORE.mixedStart : SCORE.mixedWord;
				kind = K.pinyin;
			}
			offer(r.target, base, kind, r.from[j], r.to[end - 1], locale);
		}
	};

	const matchText = (q: string, locale: Locale) => {
		const first = String.fromCodePoint(q.codePointAt(0)!);
		for (const pos of wordStarts.get(first) ?? []) {
			if (!haystack.startsWith(q, pos)) continue;
			const ti = ownerAt[pos];
			const t = targets[ti];
			const j = pos - t.at;
			const exact = j === 0 && q.length === t.norm.length;
			const kind = exact ? K.exact : j === 0 ? K.prefix : K.word;
			const base = exact ? SCORE.exact : j === 0 ? SCORE.prefix : SCORE.word;
			offer(ti, base, kind, t.cp[j], t.cp[j + q.length - 1] + 1, locale);
		}
		// Inside a word only from three characters on: one or two letters are in nearly every name.
		if (q.length < 3) return;
		for (let pos = haystack.indexOf(q); pos >= 0; pos = haystack.indexOf(q, pos + 1)) {
			if (isWordStart[pos]) continue;
			const ti = ownerAt[pos];
			const t = targets[ti];
			const j = pos - t.at;
			offer(ti, SCORE.substring, K.substring, t.cp[j], t.cp[j + q.length - 1] + 1, locale);
		}
	};

	const matchTypos = (q: string, locale: Locale) => {
		const k = q.length >= 8 ? 2 : 1;
		const firsts = q[1] !== q[0] ? [q[0], q[1]] : [q[0]];
		for (const f of firsts) {
			for (const entry of typoBuckets.get(f) ?? []) {
				const { d, len } = prefixDistance(q, entry.s, k, dpRows);
				if (d === 0 || d > k || len === 0) continue;
				const base = SCORE.typo - 5 * d;
				for (const at of entry.at) {
					const ti = ownerAt[at];
					const t = targets[ti];
					const j = at - t.at;
					const to = Math.min(j + len, t.norm.length) - 1;
					offer(ti, base + (j === 0 ? 3 : 0), K.typo, t.cp[j], t.cp[to] + 1, locale);
				}
			}
		}
	};

	const rangeIn = (text: string, from: number, to: number): Range[] => {
		const off = utf16Offsets(text);
		const a = Math.min(from, off.length - 1);
		const b = Math.min(to, off.length - 1);
		return b > a ? [[off[a], off[b]]] : [];
	};

	/** Where to draw the highlight: on the shown name, or on a "matched: …" line. */
	const describe = (
		target: Target,
		from: number,
		to: number,
		shopName: string,
		locale: Locale
	): Pick<SearchResult, 'ranges' | 'matched'> => {
		const shown = (target.shows & LOCALE_BIT[locale]) !== 0;
		if (target.field === 'category') {
			// The category in the shopper's language when that is what matched.
			const text = shown ? data.categories[-1 - target.owner].name[locale] : target.text;
			return { ranges: [], matched: { text, ranges: rangeIn(text, from, to) } };
		}
		if (shown) return { ranges: rangeIn(shopName, from, to), matched: null };
		return { ranges: [], matched: { text: target.text, ranges: rangeIn(target.text, from, to) } };
	};

	return (query: string, locale: Locale, limit = DEFAULT_LIMIT): SearchResult[] => {
		const max = Math.max(0, Math.min(Math.floor(Number.isFinite(limit) ? limit : 0), shops.length));
		if (max === 0 || typeof query !== 'string') return [];
		const q = norm.text(query.slice(0, RAW_MAX), QUERY_MAX).text;
		if (q.length === 0) return [];
		gen++;
		matchText(q, locale);
		if (ASCII_QUERY.test(q)) {
			matchPinyin(q, locale);
			if (q.length >= 4 && /^[a-z]/.test(q)) matchTypos(q, locale);
		}
		// A category match offers every shop in it, below any match on the shop's own names.
		const shopBest = (s: number) => (bestGen[s] === gen ? best[s] : -Infinity);
		for (let c = 0; c < data.categories.length; c++) {
			const slot = shops.length + c;
			if (bestGen[slot] !== gen) continue;
			for (const s of shopsOf[c]) {
				if (shopBest(s) >= best[slot]) continue;
				bestGen[s] = gen;
				best[s] = best[slot];
				bestTarget[s] = bestTarget[slot];
				bestFrom[s] = bestFrom[slot];
				bestTo[s] = bestTo[slot];
				bestKind[s] = bestKind[slot];
				bestLen[s] = bestLen[slot];
			}
		}

		// Top `max` by score, then by how little of the text is left unmatched, then mall order.
		const top: number[] = [];
		const keyOf = (s: number) =>
			best[s] * 4096 - Math.max(0, Math.min(4095, bestLen[s] - q.length));
		for (let s = 0; s < shops.length; s++) {
			if (bestGen[s] !== gen) continue;
			const key = keyOf(s);
			if (top.length === max && key <= keyOf(top[max - 1])) continue;
			let i = top.length;
			while (i > 0 && keyOf(top[i - 1]) < key) i--;
			top.splice(i, 0, s);
			if (top.length > max) top.pop();
		}

		return top.map((s) => {
			const shop = shops[s];
			const onName = shownGen[s] === gen;
			const target = targets[onName ? shownTarget[s] : bestTarget[s]];
			const text = shop.name[locale];
			return {
				shopId: shop.id,
				score: best[s],
				field: target.field,
				kind: KIND_CODES[onName ? shownKind[s] : bestKind[s]],
				text,
				...(onName
					? describe(target, shownFrom[s], shownTo[s], text, locale)
					: describe(target, bestFrom[s], bestTo[s], text, locale))
			};
		});
	};
}
