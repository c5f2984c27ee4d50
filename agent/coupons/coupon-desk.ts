import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import {
	AtriumError,
	formatCouponCode,
	newCouponCode,
	uuidv7,
	type Campaign,
	type ClaimRequest,
	type ClaimResult,
	type DeviceClientEvents,
	type DeviceServerEvents,
	type InteractionEvent,
	type IssuedCoupon,
	type Locale,
	type OfflineCoupon,
	type ReplicaData
} from '../../protocol/index.js';
import { writeAtomically } from '../outbox.js';
import type { CouponPrinter, PrinterStatus } from '../printer/printer.js';
import { PrintError } from '../printer/printer.js';
import type { DeviceKey } from './device-key.js';

/** The receipt's last line; the font is a cut of common characters, so keep to those (tested). */
export const COUPON_FOOTER: Record<Locale, string> = {
	'zh-Hant': '請於店家出示本券',
	'zh-Hans': '请在店家出示本券',
	en: 'Show this coupon at the shop'
};

/** What the coupon desk needs from the renderer (agent/printer/render.ts). */
export interface CouponRenderer {
	render(templateName: string, inputs: Record<string, string>): Promise<Buffer>;
}

interface HeldLease {
	leaseId: string;
	campaignId: string;
	count: number;
	used: number;
	expiresAt: string;
}

interface DeskState {
	leases: HeldLease[];
	/** Minted offline and not yet confirmed by the controller. */
	pending: OfflineCoupon[];
}

export interface CouponDeskOptions {
	deviceId: string;
	dataDir: string;
	controller: Socket<DeviceServerEvents, DeviceClientEvents>;
	replica: () => ReplicaData | null;
	publicUrl: () => string | null;
	printer: CouponPrinter | null;
	/** Whether the printer is the simulator (shown to technicians). */
	simulated: boolean;
	media: string;
	renderer: CouponRenderer | null;
	key: DeviceKey;
	/** The member the controller tied to a kiosk session, if any. */
	memberFor: (sessionId: string) => string | null;
	/** Appends an interaction event to the durable outbox. */
	emit: (event: InteractionEvent) => Promise<unknown>;
	/** Called when the printer's fault changes, so the technicians hear at once. */
	onPrinterChange: () => void;
	log: (message: string) => void;
	/** How many coupons per campaign the kiosk holds for when the controller is out of reach. */
	leaseSize?: number;
	/** How long to wait for the controller to mint before minting from the lease. */
	mintTimeoutMs?: number;
}

/**
 * The kiosk's coupon counter: mints through the controller (or from a stock lease when it cannot be
 * reached), renders the receipt, checks the printer and prints. Whatever stops the paper, the
 * shopper gets the coupon on the phone instead, and the technicians see the printer fault.
 */
export class CouponDesk {
	#state: DeskState = { leases: [], pending: [] };
	#path: string;
	#printer: PrinterStatus | null = null;
	#refreshing: Promise<void> | null = null;

	private constructor(private o: CouponDeskOptions) {
		this.#path = join(o.dataDir, 'coupons.json');
	}

	static async open(options: CouponDeskOptions): Promise<CouponDesk> {
		const desk = new CouponDesk(options);
		try {
			desk.#state = JSON.parse(await readFile(desk.#path, 'utf8')) as DeskState;
		} catch {
			// First start, or an unreadable file: no leases, nothing pending.
		}
		return desk;
	}

	/** The printer as last seen, for heartbeats. */
	get printerStatus(): { state: PrinterStatus['state']; reasons: string[]; fault: string | null; simulated: boolean } | undefined {
		if (!this.o.printer || !this.#printer) return undefined;
		const p = this.#printer;
		return { state: p.state, reasons: p.reasons.slice(0, 20), fault: p.fault, simulated: this.o.simulated };
	}

	async checkPrinter(): Promise<PrinterStatus | null> {
		if (!this.o.printer) return null;
		const status = await this.o.printer.status();
		const changed = status.fault !== this.#printer?.fault || status.state !== this.#printer?.state;
		this.#printer = status;
		if (changed) this.o.onPrinterChange();
		return status;
	}

	async claim(req: ClaimRequest): Promise<ClaimResult> {
		const data = this.o.replica();
		const campaign = data?.campaigns.find((c) => c.id === req.campaignId);
		if (!data || !campaign) throw new AtriumError('campaign_not_found');

		// Mint while asking the printer, so a fault costs the shopper no extra wait.
		const printerCheck = this.checkPrinter().catch(() => null);
		const { coupon, offline } = await this.#mint(campaign, req);
		await this.#event(req, 'coupon.claimed', { campaignId: campaign.id, code: coupon.code, offline });

		const status = await printerCheck;
		let printFault: string | null = !this.o.printer ? 'no-printer' : (status?.fault ?? (status ? null : 'unreachable'));
		let printed = false;
		if (!printFault && this.o.printer && this.o.renderer) {
			try {
				const pdf = await this.o.renderer.render(campaign.template, this.#inputs(data, campaign, coupon, req.locale));
				const result = await this.o.printer.print(pdf, { name: `coupon ${coupon.code}`, media: this.o.media });
				printed = true;
				await this.#event(req, 'coupon.printed', { campaignId: campaign.id, code: coupon.code, jobId: result.jobId, pages: 1 });
			} catch (err) {
				printFault = err instanceof PrintError ? err.fault : 'render-failed';
				this.o.log(`coupon ${coupon.code} not printed: ${err instanceof Error ? err.message : String(err)}`);
				void this.checkPrinter().catch(() => undefined);
			}
		} else if (!printFault && !this.o.renderer) {
			printFault = 'render-failed';
		}
		if (printFault) {
			await this.#event(req, 'coupon.print_failed', { campaignId: campaign.id, code: coupon.code, reason: printFault });
		}
		return { coupon, printed, printFault, offline };
	}

	/** On (re)connect: report what was minted offline, then top up the leases. */
	async sync(): Promise<void> {
		this.#refreshing ??= this.#sync().finally(() => (this.#refreshing = null));
		return this.#refreshing;
	}

	async #sync(): Promise<void> {
		const c = this.o.controller;
		if (this.#state.pending.length > 0) {
			const res = await c.timeout(10_000).emitWithAck('coupon:reconcile', { coupons: this.#state.pending });
			if ('data' in res) {
				this.o.log(`reconciled ${this.#state.pending.length} offline coupons`);
				this.#state.pending = [];
				await this.#save();
			} else this.o.log(`reconcile refused: ${res.error.code}`);
		}
		const data = this.o.replica();
		if (!data) return;
		const now = Date.now();
		for (const campaign of data.campaigns) {
			if (campaign.audience !== 'anyone') continue;
			if (now < Date.parse(campaign.validFrom) || now > Date.parse(campaign.validTo)) continue;
			const lease = this.#lease(campaign.id);
			const left = lease ? lease.count - lease.used : 0;
			if (lease && left >= 3 && Date.parse(lease.expiresAt) - now > 3_600_000) continue;
			const res = await c.timeout(10_000).emitWithAck('coupon:lease', {
				campaignId: campaign.id,
				count: this.o.leaseSize ?? 10,
				publicKey: this.o.key.publicKey
			});
			if ('error' in res) continue;
			// The controller closed the old lease when granting this one.
			this.#state.leases = this.#state.leases.filter((l) => l.campaignId !== campaign.id);
			this.#state.leases.push({ ...res.data, used: 0 });
		}
		await this.#save();
	}

	async #mint(campaign: Campaign, req: ClaimRequest): Promise<{ coupon: IssuedCoupon; offline: boolean }> {
		const c = this.o.controller;
		if (c.connected) {
			try {
				const res = await c
					.timeout(this.o.mintTimeoutMs ?? 1500)
					.emitWithAck('coupon:mint', {
						campaignId: campaign.id,
						sessionId: req.sessionId,
						memberId: this.o.memberFor(req.sessionId)
					});
				if ('error' in res) throw new AtriumError(res.error.code, undefined, undefined, res.error.detail);
				return { coupon: res.data, offline: false };
			} catch (err) {
				if (err instanceof AtriumError) throw err;
				this.o.log('controller did not answer the mint in time: minting from the lease');
			}
		}
		return { coupon: await this.#mintOffline(campaign, req), offline: true };
	}

	async #mintOffline(campaign: Campaign, req: ClaimRequest): Promise<IssuedCoupon> {
		const publicUrl = this.o.publicUrl();
		const lease = this.#lease(campaign.id);
		if (campaign.audience !== 'anyone') throw new AtriumError('members_only');
		if (!publicUrl || !lease || lease.used >= lease.count || Date.parse(lease.expiresAt) < Date.now()) {
			throw new AtriumError('lease_exhausted');
		}
		const code = newCouponCode();
		const signature = this.o.key.sign(`coupon|${code}|${campaign.id}|${lease.leaseId}`);
		const issuedAt = new Date().toISOString();
		lease.used++;
		this.#state.pending.push({ code, campaignId: campaign.id, leaseId: lease.leaseId, sessionId: req.sessionId, issuedAt, signature });
		// On disk before the coupon leaves the printer: a restart must not mint past the lease.
		await this.#save();
		return {
			code,
			campaignId: campaign.id,
			shopId: campaign.shop,
			validFrom: campaign.validFrom,
			validTo: campaign.validTo,
			issuedAt,
			deviceId: this.o.deviceId,
			sessionId: req.sessionId,
			leaseId: lease.leaseId,
			qrUrl: `${publicUrl}/c/${code}?s=${signature}&l=${lease.leaseId}`,
			phoneUrl: `${publicUrl}/m/c/${formatCouponCode(code)}`
		};
	}

	#inputs(data: ReplicaData, campaign: Campaign, coupon: IssuedCoupon, locale: Locale): Record<string, string> {
		const shop = data.shops.find((s) => s.id === campaign.shop);
		const floor = data.mall.floors.find((f) => f.id === shop?.floor);
		// Chinese first, with the shopper's language beside it when it is English.
		const both = (text: { 'zh-Hant': string; 'zh-Hans': string; en: string }) =>
			locale === 'en' ? `${text['zh-Hant']} ${text.en}` : text[locale];
		const day = (iso: string) => iso.slice(0, 10);
		return {
			mallName: `${data.mall.name['zh-Hant']} ${data.mall.name.en}`,
			shopName: shop ? `${both(shop.name)} · ${floor?.label ?? ''} ${shop.unit}` : campaign.shop,
			title: campaign.title[locale === 'en' ? 'zh-Hant' : locale],
			value: both(campaign.value),
			terms: campaign.terms[locale],
			validity: `${day(coupon.validFrom)} – ${day(coupon.validTo)}`,
			code: formatCouponCode(coupon.code),
			qr: coupon.qrUrl,
			footer: COUPON_FOOTER[locale]
		};
	}

	#lease(campaignId: string): HeldLease | undefined {
		return this.#state.leases.find((l) => l.campaignId === campaignId);
	}

	async #event<T extends InteractionEvent['type']>(
		req: ClaimRequest,
		type: T,
		payload: Extract<InteractionEvent, { type: T }>['payload']
	): Promise<void> {
		await this.o.emit({
			id: uuidv7(),
			type,
			at: new Date().toISOString(),
			sessionId: req.sessionId,
			locale: req.locale,
			payload
		} as InteractionEvent);
	}

	async #save(): Promise<void> {
		await writeAtomically(this.#path, JSON.stringify(this.#state));
	}
}
