import { randomUUID } from 'node:crypto';
import {
	AtriumError,
	formatCouponCode,
	newCouponCode,
	parseCouponInput,
	uuidv7,
	type Campaign,
	type CampaignStats,
	type IssuedCoupon,
	type JournaledEvent,
	type Lease,
	type LeaseRequest,
	type MemberCoupon,
	type MintRequest,
	type OfflineCoupon,
	type Redemption,
	type ReplicaData
} from '../../protocol/index.js';
import type { Clock } from '../clock.js';
import type { LedgerEntry, LedgerJournal } from './coupon.ledger.js';
import { signCoupon, verifyControllerSignature, verifyDeviceSignature } from './coupon.signing.js';

const LEASE_TTL_MS = 24 * 60 * 60 * 1000;
const UNDO_WINDOW_MS = 10 * 60 * 1000;

interface CouponState {
	coupon: IssuedCoupon;
	memberId: string | null;
	redemption: Redemption | null;
}

interface LeaseState {
	leaseId: string;
	deviceId: string;
	campaignId: string;
	count: number;
	used: number;
	publicKey: string;
	expiresAt: string;
	closed: boolean;
}

export interface Actor {
	username: string;
	role: string;
	/** For shop staff: the only shop whose coupons they may redeem. */
	shopId?: string;
	manager?: boolean;
}

interface Tally {
	claimed: number;
	printed: number;
	printFailed: number;
	sentToPhone: number;
	redeemed: number;
	byKiosk: Map<string, { claimed: number; printed: number; redeemed: number }>;
}

/**
 * Campaign stock, minting, leases and redemption. Node runs this on one thread, so each check and
 * its reservation happen in one synchronous step before the ledger write is awaited: two kiosks
 * claiming the last coupon cannot both get it, and one code cannot be redeemed twice. A failed
 * ledger write rolls the reservation back.
 */
export class CouponService {
	#coupons = new Map<string, CouponState>();
	#leases = new Map<string, LeaseState>();
	/** Stock taken per campaign: online mints plus whole leases (used or not). */
	#taken = new Map<string, number>();
	/** Claims per shopper (member, else kiosk session) per campaign, in total and per mall day. */
	#claims = new Map<string, number>();
	#tallies = new Map<string, Tally>();
	#failures = new Map<string, { count: number; until: number }>();

	constructor(
		private ledger: LedgerJournal,
		private content: () => ReplicaData,
		private secret: Buffer,
		private publicUrl: string,
		private clock: Clock,
		private record: (event: JournaledEvent) => Promise<void>
	) {}

	async open(): Promise<number> {
		return this.ledger.open((entry) => this.#apply(entry));
	}

	// --- minting ---

	async mint(deviceId: string, req: MintRequest): Promise<IssuedCoupon> {
		const campaign = this.#campaign(req.campaignId);
		const now = this.clock.now();
		this.#assertActive(campaign, now);
		if (campaign.audience === 'members' && !req.memberId) throw new AtriumError('members_only');
		if (this.#available(campaign) <= 0) throw new AtriumError('out_of_stock');
		this.#assertLimits(campaign, req.memberId ?? `session:${req.sessionId}`, now);

		const code = this.#freshCode();
		const coupon = this.#issue(campaign, code, deviceId, req.sessionId, null, now.toISOString());
		const entry: LedgerEntry = { kind: 'minted', coupon, memberId: req.memberId };
		this.#apply(entry);
		try {
			await this.ledger.append([entry]);
		} catch (err) {
			this.#unapplyMint(coupon, req.memberId);
			throw err;
		}
		return coupon;
	}

	/** Reserves stock for a device to mint from offline; the whole lease counts against stock. */
	async lease(deviceId: string, req: LeaseRequest): Promise<Lease> {
		const campaign = this.#campaign(req.campaignId);
		const now = this.clock.now();
		this.#assertActive(campaign, now);
		const count = Math.min(req.count, this.#available(campaign));
		if (count <= 0) throw new AtriumError('out_of_stock');
		// One open lease per device and campaign: a new one closes the old, returning its unused stock.
		const entries: LedgerEntry[] = [];
		for (const l of this.#leases.values()) {
			if (l.deviceId === deviceId && l.campaignId === campaign.id && !l.closed) {
				entries.push({ kind: 'lease_closed', leaseId: l.leaseId, at: now.toISOString() });
			}
		}
		const leaseId = randomUUID();
		const expiresAt = new Date(now.getTime() + LEASE_TTL_MS).toISOString();
		entries.push({
			kind: 'lease_granted',
			leaseId,
			deviceId,
			campaignId: campaign.id,
			count,
			publicKey: req.publicKey,
			expiresAt,
			at: now.toISOString()
		});
		for (const e of entries) this.#apply(e);
		await this.ledger.append(entries);
		return { leaseId, campaignId: campaign.id, count, expiresAt };
	}

	/** A device reports coupons it minted offline; each is checked against its lease and signature. */
	async reconcile(deviceId: string, coupons: readonly OfflineCoupon[]): Promise<{ accepted: number }> {
		let accepted = 0;
		for (const c of coupons) {
			if (this.#coupons.has(c.code)) continue;
			const lease = this.#leases.get(c.leaseId);
			if (!lease || lease.deviceId !== deviceId) throw new AtriumError('forbidden');
			await this.#acceptOffline(lease, c);
			accepted++;
		}
		return { accepted };
	}

	// --- redemption ---

	async redeem(input: string, actor: Actor): Promise<Redemption> {
		this.#throttle(actor.username);
		const scanned = parseCouponInput(input);
		if (!scanned) throw this.#failed(actor.username, new AtriumError('bad_code'));
		let state = this.#coupons.get(scanned.code);
		if (!state && scanned.lease && scanned.signature) {
			// A coupon a kiosk minted offline and has not reported yet: its lease vouches for it.
			const lease = this.#leases.get(scanned.lease);
			const campaignId = lease?.campaignId ?? '';
			if (lease && verifyDeviceSignature(lease.publicKey, scanned.code, campaignId, lease.leaseId, scanned.signature)) {
				await this.#acceptOffline(lease, {
					code: scanned.code,
					campaignId,
					leaseId: lease.leaseId,
					sessionId: uuidv7(),
					issuedAt: this.clock.now().toISOString(),
					signature: scanned.signature
				});
				state = this.#coupons.get(scanned.code);
			}
		}
		if (!state) throw this.#failed(actor.username, new AtriumError('coupon_not_found'));
		const { coupon } = state;
		if (scanned.signature !== null && !this.#signatureValid(coupon, scanned.signature)) {
			throw this.#failed(actor.username, new AtriumError('bad_signature'));
		}
		const now = this.clock.now();
		if (now < new Date(coupon.validFrom)) throw new AtriumError('coupon_not_yet_valid', undefined, undefined, { validFrom: coupon.validFrom });
		if (now > new Date(coupon.validTo)) throw new AtriumError('coupon_expired', undefined, undefined, { validTo: coupon.validTo });
		if (actor.role !== 'admin' && actor.shopId !== coupon.shopId) throw new AtriumError('wrong_shop');
		if (state.redemption) {
			const r = state.redemption;
			throw new AtriumError('already_redeemed', undefined, undefined, {
				redeemedAt: r.redeemedAt,
				where: r.where,
				redeemedBy: r.redeemedBy
			});
		}

		const redemption: Redemption = {
			code: coupon.code,
			campaignId: coupon.campaignId,
			shopId: coupon.shopId,
			redeemedAt: now.toISOString(),
			redeemedBy: actor.username,
			where: actor.shopId ?? actor.role
		};
		const entry: LedgerEntry = { kind: 'redeemed', redemption };
		this.#apply(entry);
		try {
			await this.ledger.append([entry]);
		} catch (err) {
			state.redemption = null;
			this.#tally(coupon.campaignId).redeemed--;
			throw err;
		}
		await this.record({
			id: uuidv7(),
			type: 'coupon.redeemed',
			at: redemption.redeemedAt,
			// The claim's session: the redemption belongs to the visit that took the coupon.
			sessionId: coupon.sessionId,
			locale: 'zh-Hant',
			deviceId: 'controller',
			receivedAt: redemption.redeemedAt,
			payload: {
				campaignId: coupon.campaignId,
				code: coupon.code,
				shopId: coupon.shopId,
				by: actor.username,
				memberId: state.memberId ?? null
			}
		}).catch(() => undefined);
		return redemption;
	}

	/** A manager takes back a redemption made by mistake, shortly after; the ledger keeps both. */
	async undo(code: string, reason: string, actor: Actor): Promise<void> {
		const state = this.#coupons.get(code.replace(/-/g, '').toUpperCase());
		if (!state) throw new AtriumError('coupon_not_found');
		const r = state.redemption;
		if (!r) throw new AtriumError('not_redeemed');
		const managerOfShop = actor.role === 'staff' && actor.manager === true && actor.shopId === r.shopId;
		if (actor.role !== 'admin' && !managerOfShop) throw new AtriumError('forbidden');
		if (this.clock.now().getTime() - Date.parse(r.redeemedAt) > UNDO_WINDOW_MS) throw new AtriumError('undo_window_passed');
		const entry: LedgerEntry = { kind: 'redemption_undone', code: state.coupon.code, at: this.clock.now().toISOString(), by: actor.username, reason };
		await this.ledger.append([entry]);
		this.#apply(entry);
	}

	/** A member's coupons, newest first, for their phone. */
	forMember(memberId: string): MemberCoupon[] {
		const out: MemberCoupon[] = [];
		for (const s of this.#coupons.values()) {
			if (s.memberId !== memberId) continue;
			out.push({
				code: formatCouponCode(s.coupon.code),
				campaignId: s.coupon.campaignId,
				shopId: s.coupon.shopId,
				validTo: s.coupon.validTo,
				redeemedAt: s.redemption?.redeemedAt ?? null,
				phoneUrl: s.coupon.phoneUrl
			});
		}
		return out.reverse();
	}

	find(code: string): (IssuedCoupon & { redemption: Redemption | null }) | null {
		const state = this.#coupons.get(code);
		return state ? { ...state.coupon, redemption: state.redemption } : null;
	}

	// --- stats ---

	/** Folds interaction events (printed, sent to phone) into the campaign tallies. */
	foldEvent(e: JournaledEvent): void {
		switch (e.type) {
			case 'coupon.printed': {
				const t = this.#tally(e.payload.campaignId);
				t.printed++;
				this.#kiosk(t, e.deviceId).printed++;
				break;
			}
			case 'coupon.print_failed':
				this.#tally(e.payload.campaignId).printFailed++;
				break;
			case 'coupon.sent_to_phone':
				this.#tally(e.payload.campaignId).sentToPhone++;
				break;
		}
	}

	stats(shopId?: string): CampaignStats[] {
		return this.content()
			.campaigns.filter((c) => !shopId || c.shop === shopId)
			.map((c) => {
				const t = this.#tally(c.id);
				let leased = 0;
				for (const l of this.#leases.values()) if (l.campaignId === c.id && !l.closed) leased += l.count - l.used;
				return {
					campaignId: c.id,
					shopId: c.shop,
					stock: c.stock,
					claimed: t.claimed,
					leased,
					printed: t.printed,
					printFailed: t.printFailed,
					sentToPhone: t.sentToPhone,
					redeemed: t.redeemed,
					redemptionRate: t.claimed ? Math.round((t.redeemed / t.claimed) * 1000) / 1000 : 0,
					byKiosk: Object.fromEntries(t.byKiosk)
				};
			});
	}

	// --- internals ---

	#apply(entry: LedgerEntry): void {
		switch (entry.kind) {
			case 'minted': {
				const c = entry.coupon;
				this.#coupons.set(c.code, { coupon: c, memberId: entry.memberId, redemption: null });
				if (c.leaseId) {
					const lease = this.#leases.get(c.leaseId);
					if (lease) lease.used++;
				} else {
					this.#taken.set(c.campaignId, (this.#taken.get(c.campaignId) ?? 0) + 1);
				}
				for (const key of this.#limitKeys(c.campaignId, entry.memberId ?? `session:${c.sessionId}`, new Date(c.issuedAt))) {
					this.#claims.set(key, (this.#claims.get(key) ?? 0) + 1);
				}
				const t = this.#tally(c.campaignId);
				t.claimed++;
				this.#kiosk(t, c.deviceId).claimed++;
				break;
			}
			case 'lease_granted':
				this.#leases.set(entry.leaseId, { ...entry, used: 0, closed: false });
				this.#taken.set(entry.campaignId, (this.#taken.get(entry.campaignId) ?? 0) + entry.count);
				break;
			case 'lease_closed': {
				const lease = this.#leases.get(entry.leaseId);
				if (lease && !lease.closed) {
					lease.closed = true;
					// Unused stock goes back; what the device minted later still arrives via reconcile.
					this.#taken.set(lease.campaignId, (this.#taken.get(lease.campaignId) ?? 0) - (lease.count - lease.used));
					lease.count = lease.used;
				}
				break;
			}
			case 'redeemed': {
				const state = this.#coupons.get(entry.redemption.code);
				if (state) {
					state.redemption = entry.redemption;
					const t = this.#tally(state.coupon.campaignId);
					t.redeemed++;
					this.#kiosk(t, state.coupon.deviceId).redeemed++;
				}
				break;
			}
			case 'redemption_undone': {
				const state = this.#coupons.get(entry.code);
				if (state?.redemption) {
					state.redemption = null;
					const t = this.#tally(state.coupon.campaignId);
					t.redeemed--;
					this.#kiosk(t, state.coupon.deviceId).redeemed--;
				}
				break;
			}
		}
	}

	#unapplyMint(coupon: IssuedCoupon, memberId: string | null): void {
		this.#coupons.delete(coupon.code);
		this.#taken.set(coupon.campaignId, (this.#taken.get(coupon.campaignId) ?? 1) - 1);
		for (const key of this.#limitKeys(coupon.campaignId, memberId ?? `session:${coupon.sessionId}`, new Date(coupon.issuedAt))) {
			this.#claims.set(key, (this.#claims.get(key) ?? 1) - 1);
		}
		const t = this.#tally(coupon.campaignId);
		t.claimed--;
		this.#kiosk(t, coupon.deviceId).claimed--;
	}

	async #acceptOffline(lease: LeaseState, c: OfflineCoupon): Promise<void> {
		if (c.campaignId !== lease.campaignId) throw new AtriumError('bad_signature');
		if (!verifyDeviceSignature(lease.publicKey, c.code, c.campaignId, lease.leaseId, c.signature)) {
			throw new AtriumError('bad_signature');
		}
		// A lease can never mint more than it reserved.
		if (lease.used >= lease.count) throw new AtriumError('lease_exhausted');
		const campaign = this.#campaign(c.campaignId);
		const coupon = this.#issue(campaign, c.code, lease.deviceId, c.sessionId, lease.leaseId, c.issuedAt, c.signature);
		const entry: LedgerEntry = { kind: 'minted', coupon, memberId: null };
		this.#apply(entry);
		await this.ledger.append([entry]);
	}

	#issue(
		campaign: Campaign,
		code: string,
		deviceId: string,
		sessionId: string,
		leaseId: string | null,
		issuedAt: string,
		signature?: string
	): IssuedCoupon {
		const sig = signature ?? signCoupon(this.secret, code, campaign.id);
		return {
			code,
			campaignId: campaign.id,
			shopId: campaign.shop,
			validFrom: campaign.validFrom,
			validTo: campaign.validTo,
			issuedAt,
			deviceId,
			sessionId,
			leaseId,
			qrUrl: `${this.publicUrl}/c/${code}?s=${sig}${leaseId ? `&l=${leaseId}` : ''}`,
			phoneUrl: `${this.publicUrl}/m/c/${formatCouponCode(code)}`
		};
	}

	#signatureValid(coupon: IssuedCoupon, signature: string): boolean {
		if (!coupon.leaseId) return verifyControllerSignature(this.secret, coupon.code, coupon.campaignId, signature);
		const lease = this.#leases.get(coupon.leaseId);
		return !!lease && verifyDeviceSignature(lease.publicKey, coupon.code, coupon.campaignId, lease.leaseId, signature);
	}

	#campaign(id: string): Campaign {
		const campaign = this.content().campaigns.find((c) => c.id === id);
		if (!campaign) throw new AtriumError('campaign_not_found');
		return campaign;
	}

	#assertActive(campaign: Campaign, now: Date): void {
		if (now < new Date(campaign.validFrom) || now > new Date(campaign.validTo)) {
			throw new AtriumError('campaign_not_active');
		}
	}

	#available(campaign: Campaign): number {
		return campaign.stock - (this.#taken.get(campaign.id) ?? 0);
	}

	#limitKeys(campaignId: string, who: string, at: Date): [string, string] {
		const day = this.#mallDay(at);
		return [`${campaignId}|${who}`, `${campaignId}|${who}|${day}`];
	}

	#assertLimits(campaign: Campaign, who: string, now: Date): void {
		const [total, today] = this.#limitKeys(campaign.id, who, now);
		if ((this.#claims.get(total) ?? 0) >= campaign.perMemberLimit) {
			throw new AtriumError('limit_reached', undefined, undefined, { limit: campaign.perMemberLimit, per: 'member' });
		}
		if ((this.#claims.get(today) ?? 0) >= campaign.perDayLimit) {
			throw new AtriumError('limit_reached', undefined, undefined, { limit: campaign.perDayLimit, per: 'day' });
		}
	}

	/** The calendar day in the mall's time zone: limits reset at the mall's midnight, not UTC's. */
	#mallDay(at: Date): string {
		return new Intl.DateTimeFormat('en-CA', {
			timeZone: this.content().mall.timezone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit'
		}).format(at);
	}

	#freshCode(): string {
		for (;;) {
			const code = newCouponCode();
			if (!this.#coupons.has(code)) return code;
		}
	}

	#tally(campaignId: string): Tally {
		let t = this.#tallies.get(campaignId);
		if (!t) {
			t = { claimed: 0, printed: 0, printFailed: 0, sentToPhone: 0, redeemed: 0, byKiosk: new Map() };
			this.#tallies.set(campaignId, t);
		}
		return t;
	}

	#kiosk(t: Tally, deviceId: string) {
		let k = t.byKiosk.get(deviceId);
		if (!k) {
			k = { claimed: 0, printed: 0, redeemed: 0 };
			t.byKiosk.set(deviceId, k);
		}
		return k;
	}

	/** Guessing codes by typing is throttled per user: 10 misses a minute. */
	#throttle(username: string): void {
		const f = this.#failures.get(username);
		if (f && f.count >= 10 && f.until > this.clock.now().getTime()) throw new AtriumError('rate_limited');
	}

	#failed(username: string, err: AtriumError): AtriumError {
		const now = this.clock.now().getTime();
		const f = this.#failures.get(username);
		const count = f && f.until > now ? f.count + 1 : 1;
		this.#failures.set(username, { count, until: now + 60_000 });
		return err;
	}
}
