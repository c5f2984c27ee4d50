import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JournaledEvent, Locale } from '../protocol/index.js';
import { ProfileProjection } from '../controller/profiles/profile.projection.js';
import { Journal } from '../controller/store/journal.js';
import { report, round } from './support.js';

/**
 * Member profiles from the event journal: a simulated mall (kiosk sessions of ~11 events, joins,
 * identifies, coupon claims and later redemptions, orders; 90 days) is (a) appended to a real
 * journal in a temp dir — fsync'd group commits, as EventService does — and folded into profiles
 * once each batch is on disk; then (c) the whole journal is replayed from disk twice: bare
 * (JSON.parse only, the baseline) and through a fresh projection (the rebuild after a restart),
 * and (b) the heap and typed-array bytes the rebuilt profiles hold are measured after a full gc.
 *
 * Needs --expose-gc: without it the bench re-runs itself in a child node with the flag.
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const KIOSKS = 40;
const SHOPS = 200;
const CATEGORIES = 20;
const CAMPAIGNS = 50;
/** Event density stays that of the full run (~0.78 s apart) when BENCH_EVENTS is smaller. */
const DAYS = Number(process.env.BENCH_DAYS ?? (90 * EVENTS) / 10_000_000);
/** Events per journal append: an agent's delivery batch. */
const BATCH = 500;
/** Appends waiting on the disk at once, as from several agents: the journal commits them together. */
const IN_FLIGHT = 8;
const START = Date.parse('2026-01-01T03:00:00Z');
const TIME_ZONE = 'Asia/Taipei';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
	// The parent owns the temp dir, so the journal goes even when the child is killed outright
	// (an out-of-memory kill, `timeout -s KILL`) and never runs its own cleanup.
	const dir = await mkdtemp(join(tmpdir(), 'atrium-bench-profile-'));
	const self = fileURLToPath(import.meta.url);
	const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', self], {
		stdio: 'inherit',
		env: { ...process.env, BENCH_PROFILE_DIR: dir }
	});
	const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
	process.once('SIGINT', forward('SIGINT'));
	process.once('SIGTERM', forward('SIGTERM'));
	process.once('SIGHUP', forward('SIGHUP'));
	const code = await new Promise<number>((resolve) =>
		child.on('exit', (c, signal) => resolve(c ?? (signal ? 128 : 1)))
	);
	rmSync(dir, { recursive: true, force: true });
	process.exit(code);
}

// --- a deterministic simulated mall ---

class Rng {
	#s: number;
	constructor(seed: number) {
		this.#s = seed >>> 0;
	}
	/** mulberry32 */
	next(): number {
		let t = (this.#s = (this.#s + 0x6d2b79f5) >>> 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return (t ^ (t >>> 14)) >>> 0;
	}
	float(): number {
		return this.next() / 4_294_967_296;
	}
	int(n: number): number {
		return Math.floor(this.float() * n);
	}
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex16 = (n: number) => HEX[(n >>> 8) & 255] + HEX[n & 255];
const hex32 = (n: number) => hex16(n >>> 16) + hex16(n & 0xffff);

function uuid7(ms: number, rng: Rng): string {
	const a = rng.next();
	const b = rng.next();
	return `${hex32(Math.floor(ms / 65_536))}-${hex16(ms % 65_536)}-7${hex16(a >>> 16).slice(1)}-${hex16(0x8000 | (a & 0x3fff))}-${hex16(b >>> 16)}${hex32(rng.next())}`;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK = CROCKFORD + '*~$=U';
function couponCode(rng: Rng): string {
	let body = '';
	let value = 0;
	for (let i = 0; i < 10; i++) {
		const d = rng.int(32);
		body += CROCKFORD[d];
		value = value * 32 + d;
	}
	return body + CHECK[value % 37];
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const kioskIds = Array.from({ length: KIOSKS }, (_, i) => `kiosk-${pad(i + 1, 2)}`);
const shopIds = Array.from({ length: SHOPS }, (_, i) => `shop-${pad(i + 1, 3)}`);
const categoryIds = Array.from({ length: CATEGORIES }, (_, i) => `cat-${pad(i + 1, 2)}`);
const campaignIds = Array.from({ length: CAMPAIGNS }, (_, i) => `campaign-${pad(i + 1, 2)}`);
const shopCategory = new Map(shopIds.map((s, i) => [s, categoryIds[i % CATEGORIES]]));
const campaignShop = new Map(campaignIds.map((c, i) => [c, shopIds[(i * 7) % SHOPS]]));
const QUERIES = ['咖啡', 'kafei', 'uniqlo', '鼎泰豐', 'toilet', 'atm', '化妝品', 'shoes'];
const AMENITIES = ['toilet', 'atm', 'nursing-room'];

type Step = Pick<JournaledEvent, 'type' | 'payload'> & { device: string };
interface Due {
	code: string;
	campaignId: string;
	sessionId: string;
}

/**
 * The floor: each kiosk runs one session after another, the next event comes from a random kiosk,
 * and time moves evenly over 90 days. About 10% of sessions join (until every member has), half
 * identify a member, the rest stay anonymous; the join or identify comes mid-session.
 */
class Mall {
	readonly rng = new Rng(20_261_120);
	#plans: Step[][] = kioskIds.map(() => []);
	#sessions: string[] = kioskIds.map(() => '');
	#memberIds: string[] = [];
	#due: Due[][] = Array.from({ length: 512 }, () => []);
	#batch = 0;
	#emitted = 0;
	#stepMs = (DAYS * 86_400_000) / EVENTS;
	#joinRate = Math.min(0.5, (MEMBERS * 1.4) / (EVENTS / 11));

	/** The next delivery batch, stamped as the controller journals it. */
	batch(n: number): JournaledEvent[] {
		const out: JournaledEvent[] = [];
		const due = this.#due[this.#batch % this.#due.length];
		this.#batch++;
		while (out.length < n && due.length > 0) {
			const d = due.pop()!;
			out.push(
				this.#event('controller', d.sessionId, 'coupon.redeemed', {
					campaignId: d.campaignId,
					code: d.code,
					shopId: campaignShop.get(d.campaignId)!,
					by: 'staff'
				})
			);
		}
		while (out.length < n) {
			if (this.#memberIds.length > 0 && this.rng.float() < 0.01) {
				out.push(
					this.#event('pos', uuid7(this.#now(), this.rng), 'order.placed', {
						memberId: this.#memberIds[this.rng.int(this.#memberIds.length)],
						orderId: `o-${this.#emitted}`,
						amount: 100 + this.rng.int(5000),
						currency: 'TWD',
						shopId: shopIds[this.rng.int(SHOPS)],
						creditedStaffId: null
					})
				);
				continue;
			}
			const k = this.rng.int(KIOSKS);
			if (this.#plans[k].length === 0) this.#plan(k);
			const step = this.#plans[k].pop()!;
			const e = this.#event(step.device, this.#sessions[k], step.type, step.payload);
			if (e.type === 'coupon.claimed' && this.rng.float() < 0.3) {
				const later = this.#batch + 2 + this.rng.int(this.#due.length - 3);
				this.#due[later % this.#due.length].push({
					code: e.payload.code,
					campaignId: e.payload.campaignId,
					sessionId: e.sessionId
				});
			}
			out.push(e);
		}
		const receivedAt = new Date(this.#now() + 40).toISOString();
		for (const e of out) e.receivedAt = receivedAt;
		return out;
	}

	#now(): number {
		return START + Math.floor(this.#emitted * this.#stepMs);
	}

	#event<T extends JournaledEvent['type']>(
		device: string,
		sessionId: string,
		type: T,
		payload: Extract<JournaledEvent, { type: T }>['payload']
	): Extract<JournaledEvent, { type: T }> {
		const ms = this.#now();
		this.#emitted++;
		const r = this.rng.next() % 10;
		const locale: Locale = r < 7 ? 'zh-Hant' : r < 9 ? 'zh-Hans' : 'en';
		return {
			id: uuid7(ms, this.rng),
			type,
			at: new Date(ms).toISOString(),
			sessionId,
			locale,
			payload,
			deviceId: device,
			receivedAt: ''
		} as unknown as Extract<JournaledEvent, { type: T }>;
	}

	/** A session's events, in reverse so the kiosk pops them in order. */
	#plan(k: number): void {
		const rng = this.rng;
		const kiosk = kioskIds[k];
		this.#sessions[k] = uuid7(this.#now(), rng);
		const steps: Step[] = [];
		const at = (type: Step['type'], payload: unknown, device = kiosk) =>
			steps.push({ type, payload, device } as Step);
		at('session.started', {});
		const n = 4 + rng.int(9);
		const roll = rng.float();
		const joins = roll < this.#joinRate && this.#memberIds.length < MEMBERS;
		const identifies = !joins && roll < 0.6 && this.#memberIds.length > 0;
		const tieAt = 1 + rng.int(n);
		let memberId = '';
		for (let i = 0; i < n; i++) {
			if (i === tieAt && joins) {
				memberId = uuid7(this.#now(), rng);
				this.#memberIds.push(memberId);
				at('member.join_started', { via: 'kiosk-qr' });
				at(
					'member.joined',
					{
						memberId,
						kioskId: kiosk,
						channel: rng.float() < 0.5 ? 'lobby-poster' : null,
						staffId: rng.float() < 0.3 ? `staff-${rng.int(30)}` : null
					},
					'controller'
				);
			} else if (i === tieAt && identifies) {
				memberId = this.#memberIds[rng.int(this.#memberIds.length)];
				at('member.identified', { memberId, kioskId: kiosk }, 'controller');
			}
			const r = rng.float();
			if (r < 0.45) at('shop.viewed', { shopId: shopIds[rng.int(SHOPS)] });
			else if (r < 0.6) at('category.viewed', { categoryId: categoryIds[rng.int(CATEGORIES)] });
			else if (r < 0.75)
				at('search.performed', { query: QUERIES[rng.int(QUERIES.length)], results: rng.int(30) });
			else if (r < 0.87) {
				const to =
					rng.float() < 0.8 ? shopIds[rng.int(SHOPS)] : AMENITIES[rng.int(AMENITIES.length)];
				at('route.requested', { to, stepFree: rng.float() < 0.1, found: true });
			} else if (r < 0.92)
				at('route.sent_to_phone', { to: shopIds[rng.int(SHOPS)], stepFree: false });
			else {
				const campaignId = campaignIds[rng.int(CAMPAIGNS)];
				const code = couponCode(rng);
				at('coupon.claimed', { campaignId, code, offline: false });
				if (rng.float() < 0.85)
					at('coupon.printed', { campaignId, code, jobId: rng.int(1e6), pages: 1 });
				else at('coupon.sent_to_phone', { campaignId, code });
			}
		}
		if (memberId && identifies && rng.float() < 0.3)
			at('member.logged_out', { memberId, reason: 'tap' }, 'controller');
		at('session.ended', { reason: rng.float() < 0.7 ? 'idle' : 'done' });
		this.#plans[k] = steps.reverse();
	}
}

function projection(): ProfileProjection {
	return new ProfileProjection({
		shopCategory: (id) => shopCategory.get(id),
		campaignShop: (id) => campaignShop.get(id),
		timeZone: TIME_ZONE
	});
}

function retained(): number {
	gc!();
	gc!();
	const m = process.memoryUsage();
	return m.heapUsed + m.arrayBuffers;
}

// --- the run ---

const dir =
	process.env.BENCH_PROFILE_DIR ?? (await mkdtemp(join(tmpdir(), 'atrium-bench-profile-')));
const cleanup = () => rmSync(dir, { recursive: true, force: true });
process.once('SIGINT', () => (cleanup(), process.exit(130)));
process.once('SIGTERM', () => (cleanup(), process.exit(143)));
process.once('SIGHUP', () => (cleanup(), process.exit(129)));

try {
	const fs = await statfs(dir);
	const need = EVENTS * 320;
	if (fs.bavail * fs.bsize < need * 1.2) {
		throw new Error(
			`needs ~${round(need / 1e9, 1)} GB free in ${tmpdir()}, has ${round((fs.bavail * fs.bsize) / 1e9, 1)} GB`
		);
	}

	// (a) fold with the journal persisted
	const live = projection();
	const journal = new Journal<JournaledEvent>(dir);
	await journal.open(() => {});
	const mall = new Mall();
	const inflight: { batch: JournaledEvent[]; write: Promise<void> }[] = [];
	let foldMs = 0;
	let generateMs = 0;
	const settle = async () => {
		const { batch, write } = inflight.shift()!;
		await write;
		const t = performance.now();
		for (const e of batch) live.fold(e);
		foldMs += performance.now() - t;
	};
	const started = performance.now();
	for (let sent = 0; sent < EVENTS; sent += BATCH) {
		const g = performance.now();
		const batch = mall.batch(Math.min(BATCH, EVENTS - sent));
		generateMs += performance.now() - g;
		inflight.push({ batch, write: journal.append(batch) });
		if (inflight.length >= IN_FLIGHT) await settle();
	}
	while (inflight.length > 0) await settle();
	const writeS = (performance.now() - started) / 1000;
	await journal.close();
	const liveMembers = live.size;
	let journalBytes = 0;
	for (const name of await readdir(dir)) journalBytes += (await stat(join(dir, name))).size;
	const liveStats = live.stats();

	// (c) baseline: the same journal, parsed and dropped
	let t = performance.now();
	const raw = new Journal<JournaledEvent>(dir);
	const rawCount = await raw.open(() => {});
	await raw.close();
	const rawS = (performance.now() - t) / 1000;

	// (c) rebuild, and (b) what the rebuilt profiles hold
	const before = retained();
	const rebuilt = projection();
	t = performance.now();
	const again = new Journal<JournaledEvent>(dir);
	const count = await again.open((e) => rebuilt.fold(e));
	await again.close();
	const rebuildS = (performance.now() - t) / 1000;
	const bytes = retained() - before;
	const stats = rebuilt.stats();
	const same = JSON.stringify(stats) === JSON.stringify(liveStats) && rebuilt.size === liveMembers;

	report({
		bench: 'profile',
		events: count,
		members: rebuilt.size,
		events_per_s: Math.round(EVENTS / (writeS - generateMs / 1000)),
		events_per_s_with_generator: Math.round(EVENTS / writeS),
		generator_s: round(generateMs / 1000),
		fold_events_per_s: Math.round(EVENTS / (foldMs / 1000)),
		fold_share: round(foldMs / 1000 / (writeS - generateMs / 1000)),
		bytes_per_member: Math.round(bytes / rebuilt.size),
		rebuild_s: round(rebuildS),
		rebuild_events_per_s: Math.round(count / rebuildS),
		baseline_replay_s: round(rawS),
		baseline: 'the same journal replayed from disk with JSON.parse only (no fold)',
		ratio: round(rebuildS / rawS),
		journal_bytes: journalBytes,
		rebuild_matches_live: same && rawCount === count,
		sessions: {
			expired: stats.expiredSessions,
			dropped_events: stats.droppedEvents,
			coupons: stats.coupons
		},
		note:
			'events_per_s: events over the wall time of appending them to a real journal (fdatasync per group ' +
			`commit, ${BATCH}-event batches, ${IN_FLIGHT} appends in flight) and folding each batch once it is on ` +
			'disk, less the time the load generator spent making the events (events_per_s_with_generator keeps ' +
			'it). bytes_per_member: heapUsed + arrayBuffers retained by the rebuilt projection after a full gc, ' +
			'over members (the bench re-runs itself as node --expose-gc --import tsx when gc is not exposed). ' +
			'rebuild_s: Journal.open of the whole journal from disk through a fresh projection; ratio = rebuild_s / ' +
			'baseline_replay_s.'
	});
} finally {
	await rm(dir, { recursive: true, force: true });
}
process.exit(0);
