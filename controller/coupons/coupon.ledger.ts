import type { IssuedCoupon, Redemption } from '../../protocol/index.js';

/** The coupon ledger: append-only, folded into the coupon state on start. */
export type LedgerEntry =
	| { kind: 'minted'; coupon: IssuedCoupon; memberId: string | null }
	| {
			kind: 'lease_granted';
			leaseId: string;
			deviceId: string;
			campaignId: string;
			count: number;
			publicKey: string;
			expiresAt: string;
			at: string;
	  }
	| { kind: 'lease_closed'; leaseId: string; at: string }
	| { kind: 'redeemed'; redemption: Redemption }
	| { kind: 'redemption_undone'; code: string; at: string; by: string; reason: string };

export interface LedgerJournal {
	open(fold: (entry: LedgerEntry) => void): Promise<number>;
	append(entries: readonly LedgerEntry[]): Promise<void>;
	close(): Promise<void>;
}
