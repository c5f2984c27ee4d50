import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	AtriumError,
	formatCouponCode,
	newCouponCode,
	uuidv7,
	type JournaledEvent,
	type ReplicaData
} from '../../protocol/index.js';
import { loadContent } from '../content/content.loader.js';
import { Journal } from '../store/journal.js';
import type { LedgerEntry } from './coupon.ledger.js';
import { CouponService, type Actor } from './coupon.service.js';
import { signedText } from './coupon.signing.js';

const SECRET = Buffer.alloc(32, 9);
const staff: Actor = { username: 'staff-starbucks', role: 'staff', shopId: 'starbucks' };
const manager: Actor = { ...staff, username: 'manager-starbucks', manager: true };

async function code(p: Promise<unknown>): Promise<string | undefined> {
	return p.then(
		() => undefined,
		(err: unknown) => (err instanceof AtriumError ? err.code : String(err))
	);
}

describe('coupons', () => {
	let dir: string;
	let content: ReplicaData;
	let now: Date;
	let recorded: JournaledEvent[];
	let service: CouponService;
	let journal: Journal<LedgerEntry>;

	async function open(): Promise<CouponService> {
		journal = new Journal<LedgerEntry>(join(dir, 'ledger'));
		const s = new CouponService(journal, () => content, SECRET, 'https://mall.example', { now: () => now }, async (e) => {
			recorded.push(e);
		});
		await s.open();
		return s;
	}

	beforeEach(async () => {
		dir = await mkdtemp(join(tmpdir(), 'atrium-coupons-'));
		content = await loadContent('content');
		content.campaigns = content.campaigns.map((c) => (c.id === 'starbucks-bogo' ? { ...c, stock: 5, perDayLimit: 1, perMemberLimit: 2 } : c));
		now = new Date('2026-11-20T03:00:00Z');
		recorded = [];
		service = await open();
	});
	afterEach(async () => {
		await journal.close();
		await rm(dir, { recursive: true, force: true });
	});

	const mint = (sessionId = uuidv7(), memberId: string | null = null, campaignId = 'starbucks-bogo') =>
		service.mint('kiosk-demo-1', { campaignId, sessionId, memberId });

	it('never sells more than the stock, however many kiosks claim at once', async () => {
		const results = await Promise.allSettled(Array.from({ length: 40 }, () => mint()));
		const won = results.filter((r) => r.status === 'fulfilled');
		expect(won).toHaveLength(5);
		for (const r of results) if (r.status === 'rejected') expect((r.reason as AtriumError).code).toBe('out_of_stock');
		expect(service.stats().find((s) => s.campaignId === 'starbucks-bogo')).toMatchObject({ claimed: 5, stock: 5 });
	});

	it('enforces per-day and per-member limits in the mall’s time zone', async () => {
		const member = 'm-1';
		await mint(uuidv7(), member);
		expect(await code(mint(uuidv7(), member))).toBe('limit_reached');
		// 16:00 UTC is midnight in Taipei: a new mall day.
		now = new Date('2026-11-20T16:00:00Z');
		await mint(uuidv7(), member);
		now = new Date('2026-11-22T03:00:00Z');
		expect(await code(mint(uuidv7(), member))).toBe('limit_reached');
		// Members-only campaigns refuse anonymous shoppers.
		expect(await code(mint(uuidv7(), null, 'uniqlo-150'))).toBe('members_only');
	});

	it('redeems a coupon once, and says when and where it was already used', async () => {
		const coupon = await mint();
		expect(coupon.qrUrl).toMatch(/^https:\/\/mall\.example\/c\/[0-9A-Z*~$=]{11}\?s=[\w-]{22}$/);
		const results = await Promise.allSettled(Array.from({ length: 20 }, () => service.redeem(coupon.qrUrl, staff)));
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const second = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(second.reason).toMatchObject({ code: 'already_redeemed', facts: { where: 'starbucks', redeemedBy: 'staff-starbucks' } });
		expect(recorded.filter((e) => e.type === 'coupon.redeemed')).toHaveLength(1);
		expect(recorded[0].sessionId).toBe(coupon.sessionId);
		// A typed code works too, with the grouping and lower case people use.
		const other = await mint();
		await expect(service.redeem(formatCouponCode(other.code).toLowerCase(), staff)).resolves.toMatchObject({ code: other.code });
	});

	it('refuses forged, tampered, expired, premature and other shops’ coupons, and changes nothing', async () => {
		const coupon = await mint();
		const forged = newCouponCode();
		expect(await code(service.redeem(forged, staff))).toBe('coupon_not_found');
		expect(await code(service.redeem('HELLO-WORLD', staff))).toBe('bad_code');
		expect(await code(service.redeem('x'.repeat(10_000), staff))).toBe('bad_code');
		const tampered = coupon.qrUrl.replace(/s=.(.*)$/, 's=A$1');
		expect(await code(service.redeem(tampered, staff))).toBe('bad_signature');
		expect(await code(service.redeem(coupon.code, { username: 'dtf', role: 'staff', shopId: 'din-tai-fung' }))).toBe('wrong_shop');
		now = new Date('2028-01-01T00:00:00Z');
		expect(await code(service.redeem(coupon.code, staff))).toBe('coupon_expired');
		now = new Date('2025-06-01T00:00:00Z');
		expect(await code(service.redeem(coupon.code, staff))).toBe('coupon_not_yet_valid');
		expect(service.find(coupon.code)?.redemption).toBeNull();
	});

	it('throttles someone guessing codes', async () => {
		for (let i = 0; i < 10; i++) await code(service.redeem(newCouponCode(), staff));
		const c = await mint();
		expect(await code(service.redeem(c.code, staff))).toBe('rate_limited');
	});

	it('lets a manager undo a redemption within ten minutes, and keeps the record', async () => {
		const coupon = await mint();
		await service.redeem(coupon.code, staff);
		expect(await code(service.undo(coupon.code, 'scanned by mistake', staff))).toBe('forbidden');
		await service.undo(coupon.code, 'scanned by mistake', manager);
		expect(service.find(coupon.code)?.redemption).toBeNull();
		await service.redeem(coupon.code, staff);
		now = new Date(now.getTime() + 11 * 60_000);
		expect(await code(service.undo(coupon.code, 'too late', manager))).toBe('undo_window_passed');
	});

	it('keeps every coupon and redemption across a restart', async () => {
		const a = await mint();
		await mint();
		await service.redeem(a.code, staff);
		await journal.close();
		service = await open();
		expect(service.find(a.code)?.redemption?.redeemedBy).toBe('staff-starbucks');
		expect(service.stats().find((s) => s.campaignId === 'starbucks-bogo')).toMatchObject({ claimed: 2, redeemed: 1 });
		expect(await code(service.redeem(a.code, staff))).toBe('already_redeemed');
	});

	it('honours coupons a kiosk minted offline from its lease, and only those', async () => {
		const { publicKey, privateKey } = generateKeyPairSync('ed25519');
		const spki = publicKey.export({ format: 'der', type: 'spki' }).toString('base64url');
		const lease = await service.lease('kiosk-demo-1', { campaignId: 'starbucks-bogo', count: 3, publicKey: spki });
		expect(lease.count).toBe(3);
		// The lease holds stock: only 2 are left for everyone else.
		await mint();
		await mint();
		expect(await code(mint())).toBe('out_of_stock');

		const offline = (c = newCouponCode()) => ({
			code: c,
			campaignId: 'starbucks-bogo',
			leaseId: lease.leaseId,
			sessionId: uuidv7(),
			issuedAt: now.toISOString(),
			signature: sign(null, Buffer.from(signedText(c, 'starbucks-bogo', lease.leaseId)), privateKey).toString('base64url')
		});
		// Scanned at the shop before the kiosk reconnected: the lease's key vouches for it.
		const first = offline();
		const url = `https://mall.example/c/${first.code}?s=${first.signature}&l=${lease.leaseId}`;
		await expect(service.redeem(url, staff)).resolves.toMatchObject({ code: first.code });
		// Reported later by the kiosk: not counted twice.
		expect(await service.reconcile('kiosk-demo-1', [first, offline(), offline()])).toEqual({ accepted: 2 });
		expect(await code(service.reconcile('kiosk-demo-1', [offline()]))).toBe('lease_exhausted');
		// A signature by another key is refused.
		const other = generateKeyPairSync('ed25519').privateKey;
		const fake = offline();
		fake.signature = sign(null, Buffer.from(signedText(fake.code, 'starbucks-bogo', lease.leaseId)), other).toString('base64url');
		expect(await code(service.redeem(`https://mall.example/c/${fake.code}?s=${fake.signature}&l=${lease.leaseId}`, staff))).toBe('coupon_not_found');
		expect(service.stats().find((s) => s.campaignId === 'starbucks-bogo')).toMatchObject({ claimed: 5, redeemed: 1 });
	});
});
