import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { svelte, vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { pinyin } from 'pinyin-pro';
import { build } from 'vite';
import { loadContent } from '../controller/content/content.loader.js';
import { buildSearchIndex } from '../controller/content/search-index.js';
import type { ReplicaData, Shop } from '../protocol/index.js';
import { launchChromium } from './browser.js';
import { median, percentile, report, round } from './support.js';

/**
 * Keystroke to results on screen, for a mall of 2,000 generated shops: the real SearchPanel, built
 * with Vite and mounted in Chromium, tapped key by key through its on-screen keyboard while typing
 * pinyin, initials, English and typos. A tap is dispatched at the start of a frame; the time runs
 * until the first task after that frame's style, layout and paint, so it counts what the tap costs
 * and not the wait for the next vsync. Baseline in the same run: the same tap on the same keyboard
 * with no search behind it (it only echoes the key), i.e. the floor of a tap that changes the page.
 */
const SHOPS = Number(process.env.BENCH_SHOPS ?? 2000);
const KEYSTROKES = Number(process.env.BENCH_KEYSTROKES ?? 200);
const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench/out/search');

// A deterministic generator, so runs are comparable.
let seed = 20_261_126;
function random(): number {
	seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
	return seed / 2 ** 31;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];

// Brand characters as [Traditional, Simplified] pairs, about half of them different between scripts.
const CHARS: [string, string][] = (
	'豐丰 華华 東东 龍龙 鳳凤 麗丽 園园 興兴 順顺 發发 寶宝 記记 國国 樂乐 緣缘 滿满 聚聚 福福 金金 星星 月月 ' +
	'雲云 海海 山山 春春 風风 陽阳 光光 美美 佳佳 和和 泰泰 鼎鼎 家家 小小 大大 新新 老老 長长 德德 林林 森森 ' +
	'花花 茶茶 味味 香香 甜甜 品品 優优 藝艺 時时 尚尚 潮潮 樹树 島岛 灣湾 鮮鲜 綠绿 銀银 萬万 喜喜 悅悦 ' +
	'慶庆 晴晴 禾禾 米米 麥麦 豆豆 貝贝 愛爱 藍蓝 紅红 雅雅 靜静 橋桥 湖湖 城城 門门 窗窗 燈灯 書书 琴琴'
)
	.split(' ')
	.map((p) => [p[0], p[1]] as [string, string]);

const SUFFIXES: Record<string, [string, string, string][]> = {
	dining: [
		['餐廳', '餐厅', 'Restaurant'],
		['麵館', '面馆', 'Noodle House'],
		['小館', '小馆', 'Bistro'],
		['火鍋', '火锅', 'Hot Pot'],
		['燒肉', '烧肉', 'Yakiniku']
	],
	cafe: [
		['咖啡', '咖啡', 'Coffee'],
		['茶飲', '茶饮', 'Tea House'],
		['烘焙', '烘焙', 'Bakery']
	],
	fashion: [
		['服飾', '服饰', 'Apparel'],
		['鞋店', '鞋店', 'Shoes'],
		['眼鏡', '眼镜', 'Optical'],
		['珠寶', '珠宝', 'Jewellery']
	],
	beauty: [
		['美妝', '美妆', 'Beauty'],
		['藥妝', '药妆', 'Pharmacy']
	],
	cinema: [
		['影城', '影城', 'Cinemas'],
		['遊樂場', '游乐场', 'Arcade']
	],
	electronics: [
		['數位', '数码', 'Digital'],
		['電器', '电器', 'Electronics']
	],
	kids: [
		['玩具', '玩具', 'Toys'],
		['童裝', '童装', 'Kids Wear']
	],
	sports: [
		['運動', '运动', 'Sports'],
		['戶外', '户外', 'Outdoor']
	],
	'books-lifestyle': [
		['書店', '书店', 'Books'],
		['文具', '文具', 'Stationery'],
		['生活館', '生活馆', 'Living']
	],
	services: [
		['服務台', '服务台', 'Service Desk'],
		['換匯', '换汇', 'Currency Exchange']
	]
};
const WORDS = (
	'Golden Dragon Star Moon Cloud Ocean Mountain Spring Wind Sunny Light Lucky Harmony Peak Garden ' +
	'Forest Flower Tea Sweet Fresh Urban Little Grand Royal Jade Silver Pearl Lotus Maple Bamboo ' +
	'Happy Blue Red Quiet Bridge Lake City Gate Lantern Book Harp Rice Wheat Bean Shell Love'
).split(' ');

function generate(base: ReplicaData): { data: ReplicaData; queries: string[] } {
	const categories = base.categories.map((c) => c.id);
	const shops: Shop[] = [];
	const queries: string[] = [];
	for (let i = 0; i < SHOPS; i++) {
		const category = pick(categories);
		const floor = base.mall.floors[i % base.mall.floors.length];
		const brand = Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(CHARS));
		const [hant, hans, en] = pick(SUFFIXES[category] ?? SUFFIXES.dining);
		const english = `${pick(WORDS)} ${pick(WORDS)} ${en}`;
		const brandHant = brand.map((c) => c[0]).join('');
		const brandHans = brand.map((c) => c[1]).join('');
		const syllables = pinyin(brandHans, { toneType: 'none', type: 'array', v: true });
		const romanised = syllables.join('');
		shops.push({
			id: `shop-${i}`,
			name: { 'zh-Hant': brandHant + hant, 'zh-Hans': brandHans + hans, en: english },
			aliases: [brandHant, romanised[0].toUpperCase() + romanised.slice(1)],
			category,
			floor: floor.id,
			unit: `${floor.label}-${String(i).padStart(4, '0')}`,
			description: { 'zh-Hant': brandHant, 'zh-Hans': brandHans, en: english },
			logo: { text: english.slice(0, 2).toUpperCase(), color: '#FFFFFF', background: '#123847' }
		});
		// What shoppers type for this shop: full pinyin, initials, an English word, a typo.
		const initials =
			syllables.map((s) => s[0]).join('') +
			pinyin(hans, { pattern: 'first', toneType: 'none' }).replace(/\s/g, '');
		const word = english.split(' ')[0].toLowerCase();
		const typo = word.length >= 4 ? word.slice(0, 1) + word[2] + word[1] + word.slice(3) : word;
		queries.push(
			pick([
				romanised,
				initials,
				word + ' ' + en.toLowerCase().split(' ')[0],
				typo,
				romanised + 'c'
			])
		);
	}
	return { data: { ...base, shops, campaigns: [] }, queries };
}

/** The queries typed, key by key, until about KEYSTROKES keys are tapped. */
function keystrokes(queries: string[]): string[][] {
	const typed: string[][] = [];
	let count = 0;
	for (const q of queries) {
		if (count >= KEYSTROKES) break;
		const keys = Array.from(q.slice(0, Math.min(q.length, KEYSTROKES - count)));
		typed.push(keys);
		count += keys.length;
	}
	return typed;
}

const HARNESS = `<script lang="ts">
	import type { Replica } from '$protocol';
	import { Kiosk } from '$kiosk/kiosk.svelte';
	import SearchPanel from '$kiosk/search/SearchPanel.svelte';
	import Keyboard from '$kiosk/search/Keyboard.svelte';
	import type { ScreenLink } from '$protocol/screen-link';

	let { replica, mode }: { replica: Replica; mode: 'search' | 'bare' } = $props();
	const link = { onReplica: () => () => {}, onStatus: () => () => {}, send: async () => {} };
	const none = () => () => {};
	const memberLink = { joinQr: async () => null, setSession: () => {}, onGreeting: none, onRefused: none, onForgotten: none, onWake: none, onReconnect: none };
	const kiosk = new Kiosk(link as unknown as ScreenLink, { idleTimeoutS: 3600, countdownS: 10, memberLink: memberLink as never });
	$effect.pre(() => {
		kiosk.replica = replica;
	});
	kiosk.locale = 'zh-Hant';
	let echo = $state('');
</script>

{#if mode === 'search'}
	<SearchPanel {kiosk} replica={kiosk.replica!} bind:query={kiosk.query} />
{:else}
	<p class="echo">{echo}</p>
	<Keyboard locale="zh-Hant" onKey={(k) => (echo = k === 'clear' ? '' : echo + k)} />
{/if}
`;

const MAIN = `import { mount } from 'svelte';
import Harness from './Harness.svelte';
import { createShopSearch } from '$kiosk/search/search';

const mode = new URL(location.href).searchParams.get('mode') === 'bare' ? 'bare' : 'search';
const replica = await (await fetch('/replica.json')).json();
mount(Harness, { target: document.getElementById('app'), props: { replica, mode } });

const frame = () => new Promise((r) => requestAnimationFrame(r));
const afterPaint = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
const key = (k) => document.querySelector('[data-key="' + k + '"]');

/** Taps keys one per frame, each at the start of a frame; returns ms from tap to painted. */
async function type(keys) {
	const times = [];
	const scripted = [];
	const field = document.getElementById('search-query');
	for (const k of keys) {
		await frame();
		let t0 = 0;
		let done;
		const painted = new Promise((r) => (done = r));
		requestAnimationFrame(() => {
			t0 = performance.now();
			key(k).click();
			void afterPaint().then(() => done(performance.now() - t0));
		});
		// Runs after the tap's handler and Svelte's DOM update, before style, layout and paint.
		requestAnimationFrame(() => scripted.push(performance.now() - t0));
		times.push(await painted);
	}
	const shown = field ? field.textContent.trim() : document.querySelector('.echo').textContent;
	return { times, scripted, shown, rows: document.querySelectorAll('.results li').length };
}

/** The engine alone, and a naive filter over names, for the same prefixes. */
function engines(queries) {
	const t0 = performance.now();
	const search = createShopSearch(replica.data);
	const build = performance.now() - t0;
	const shops = replica.data.shops;
	const naive = (q) => shops.filter((s) => [s.name['zh-Hant'], s.name['zh-Hans'], s.name.en, ...s.aliases].some((n) => n.toLowerCase().includes(q))).slice(0, 31);
	const ours = [];
	const plain = [];
	for (const q of queries) {
		for (let i = 1; i <= q.length; i++) {
			const p = q.slice(0, i);
			let t = performance.now();
			search(p, 'zh-Hant', 31);
			ours.push(performance.now() - t);
			t = performance.now();
			naive(p);
			plain.push(performance.now() - t);
		}
	}
	return { ours, plain, build };
}
window.bench = { type, engines, ready: true };
`;

async function buildPage(): Promise<string> {
	const src = join(OUT, 'src');
	await rm(OUT, { recursive: true, force: true });
	await mkdir(src, { recursive: true });
	await writeFile(join(src, 'Harness.svelte'), HARNESS);
	await writeFile(join(src, 'main.ts'), MAIN);
	await writeFile(
		join(src, 'index.html'),
		'<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8">' +
			'<meta name="viewport" content="width=1080"></head>' +
			'<body style="margin:0;padding:24px 32px;background:#f5f3ee;font-family:\'Noto Sans CJK TC\',sans-serif">' +
			'<div id="app"></div><script type="module" src="./main.ts"></script></body></html>'
	);
	const dist = join(OUT, 'dist');
	await build({
		root: src,
		configFile: false,
		logLevel: 'warn',
		plugins: [svelte({ configFile: false, preprocess: vitePreprocess() })],
		resolve: { alias: { $protocol: join(ROOT, 'protocol'), $kiosk: join(ROOT, 'kiosk') } },
		build: { outDir: dist, emptyOutDir: true, target: 'es2022' }
	});
	return dist;
}

function serve(dist: string, replicaJson: string): Promise<{ url: string; close: () => void }> {
	const types: Record<string, string> = {
		'.html': 'text/html',
		'.js': 'text/javascript',
		'.css': 'text/css'
	};
	const server = createServer((req, res) => {
		const path = new URL(req.url ?? '/', 'http://x').pathname;
		if (path === '/replica.json') {
			res.writeHead(200, { 'content-type': 'application/json' }).end(replicaJson);
			return;
		}
		const file = join(dist, path === '/' ? 'index.html' : path);
		if (!file.startsWith(dist)) return void res.writeHead(404).end();
		readFile(file).then(
			(body) =>
				res
					.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' })
					.end(body),
			() => res.writeHead(404).end()
		);
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () =>
			resolve({
				url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
				close: () => server.close()
			})
		)
	);
}

const base = await loadContent(join(ROOT, 'content'));
const { data, queries } = generate(base);
let t = performance.now();
data.search = buildSearchIndex(data) as ReplicaData['search'];
const indexMs = performance.now() - t;
const replicaJson = JSON.stringify({ version: 1, data });
const typed = keystrokes(queries);
const dist = await buildPage();
const server = await serve(dist, replicaJson);
const browser = await launchChromium();

interface Typed {
	times: number[];
	scripted: number[];
	shown: string;
	rows: number;
}
type BenchWindow = {
	bench?: {
		ready: boolean;
		type: (keys: string[]) => Promise<Typed>;
		engines: (queries: string[]) => { ours: number[]; plain: number[]; build: number };
	};
};

async function run(mode: 'search' | 'bare') {
	const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
	page.on('pageerror', (e) => console.error('page error:', e.message));
	await page.goto(`${server.url}/?mode=${mode}`);
	await page.waitForFunction(() => (window as BenchWindow).bench?.ready === true);
	// Warm-up: the first taps compile the code paths; they are not what a shopper's tenth tap costs.
	await page.evaluate(
		(keys) => (window as BenchWindow).bench!.type(keys),
		['x', 'b', 'k', 'clear']
	);
	const times: number[] = [];
	const scripted: number[] = [];
	let rowsSeen = 0;
	for (const keys of typed) {
		const r = await page.evaluate((k) => (window as BenchWindow).bench!.type(k), keys);
		// The page must show what was typed, or the times measure nothing.
		if (mode === 'search' && r.shown !== keys.join('')) {
			throw new Error(`typed '${keys.join('')}', the field shows '${r.shown}'`);
		}
		rowsSeen += r.rows;
		times.push(...r.times);
		scripted.push(...r.scripted);
		await page.evaluate((k) => (window as BenchWindow).bench!.type(k), ['clear']);
	}
	const engine =
		mode === 'search'
			? await page.evaluate(
					(qs) => (window as BenchWindow).bench!.engines(qs),
					typed.map((k) => k.join(''))
				)
			: null;
	if (mode === 'search' && process.env.BENCH_SCREENSHOT) {
		await page.evaluate((k) => (window as BenchWindow).bench!.type(k), Array.from('xingb'));
		await page.screenshot({ path: process.env.BENCH_SCREENSHOT });
	}
	await page.close();
	return { times, scripted, rowsSeen, engine };
}

let result: Awaited<ReturnType<typeof run>>;
let bare: Awaited<ReturnType<typeof run>>;
try {
	t = performance.now();
	result = await run('search');
	bare = await run('bare');
} finally {
	await browser.close();
	server.close();
}

const med = median(result.times);
const baseMed = median(bare.times);
const engine = result.engine!;
console.error(
	`index built in ${round(indexMs, 0)} ms for ${SHOPS} shops; replica ${round(replicaJson.length / 1e6, 1)} MB; ` +
		`${round(result.rowsSeen / typed.length, 1)} result rows on screen per query on average; ` +
		`script and DOM update median ${round(median(result.scripted), 2)} ms, p95 ${round(percentile(result.scripted, 95), 2)} ms`
);
report({
	bench: 'search',
	shops: SHOPS,
	keystrokes: result.times.length,
	median_ms: round(med, 2),
	p95_ms: round(percentile(result.times, 95), 2),
	baseline: 'the same tap on the same keyboard, echoing the key without searching',
	baseline_ms: round(baseMed, 2),
	ratio: round(med / baseMed, 2),
	engine_median_ms: round(median(engine.ours), 3),
	engine_p95_ms: round(percentile(engine.ours, 95), 3),
	naive_filter_median_ms: round(median(engine.plain), 3),
	engine_build_ms: round(engine.build, 1)
});
process.exit(0);
