import { z } from 'zod';
import { SessionId } from './events.js';
import { Locale } from './text.js';

const Id = z.string().min(1).max(64);

/** A coupon as issued: what the kiosk prints and the phone shows. */
export interface IssuedCoupon {
	code: string;
	campaignId: string;
	shopId: string;
	validFrom: string;
	validTo: string;
	issuedAt: string;
	deviceId: string;
	sessionId: string;
	/** Set when a kiosk minted it offline from its stock lease. */
	leaseId: string | null;
	/** What the QR holds: the public URL, the code and its signature. */
	qrUrl: string;
	/** The e-coupon page for the shopper's phone. */
	phoneUrl: string;
}

export const MintRequest = z.strictObject({
	campaignId: Id,
	sessionId: SessionId,
	memberId: Id.nullable()
});
export type MintRequest = z.infer<typeof MintRequest>;

/** A device asks for stock to mint from while the controller is out of reach. */
export const LeaseRequest = z.strictObject({
	campaignId: Id,
	count: z.int().min(1).max(100),
	/** The device's Ed25519 public key (SPKI, base64url): verifies the coupons it mints on the lease. */
	publicKey: z.string().min(40).max(200)
});
export type LeaseRequest = z.infer<typeof LeaseRequest>;

export interface Lease {
	leaseId: string;
	campaignId: string;
	count: number;
	expiresAt: string;
}

export const OfflineCoupon = z.strictObject({
	code: z.string().length(11),
	campaignId: Id,
	leaseId: Id,
	sessionId: SessionId,
	issuedAt: z.iso.datetime(),
	signature: z.string().min(40).max(200)
});
export type OfflineCoupon = z.infer<typeof OfflineCoupon>;
export const OfflineReport = z.strictObject({ coupons: z.array(OfflineCoupon).min(1).max(500) });

/** Screen → agent: the shopper tapped "get coupon". */
export const ClaimRequest = z.strictObject({
	campaignId: Id,
	sessionId: SessionId,
	locale: Locale
});
export type ClaimRequest = z.infer<typeof ClaimRequest>;

export interface ClaimResult {
	coupon: IssuedCoupon;
	/** True once the printer reported the job done. */
	printed: boolean;
	/** Why it did not print (the screen then offers the phone). */
	printFault: string | null;
	/** Minted on the device from its lease, the controller being out of reach. */
	offline: boolean;
}

export const RedeemRequest = z.strictObject({
	/** A typed code, or the text of the coupon's QR from a scanner or a paste. */
	input: z.string().min(1).max(10_000)
});

export interface Redemption {
	code: string;
	campaignId: string;
	shopId: string;
	redeemedAt: string;
	redeemedBy: string;
	/** Where: the console user's shop, or a POS id. */
	where: string;
}

export const UndoRequest = z.strictObject({
	code: z.string().min(1).max(64),
	reason: z.string().min(3).max(200)
});

export interface CampaignStats {
	campaignId: string;
	shopId: string;
	stock: number;
	/** Minted, online or from leases. */
	claimed: number;
	/** Stock held by kiosks' leases and not yet used. */
	leased: number;
	printed: number;
	printFailed: number;
	sentToPhone: number;
	redeemed: number;
	/** redeemed / claimed, 0 when none claimed. */
	redemptionRate: number;
	byKiosk: Record<string, { claimed: number; printed: number; redeemed: number }>;
}
