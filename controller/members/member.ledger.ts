import type { Attribution } from '../../protocol/index.js';
export type { Attribution };
import type { Locale } from '../../protocol/index.js';
import type { Channel } from './tokens.js';

/** Who brought a member in: the first touch, kept for good. */

/**
 * The member ledger: append-only, folded into the member state on start. Phone numbers are never
 * written in the clear: `phone` is sealed under the member's key in the KeyVault (see vault.ts).
 */
export type MemberEntry =
	| {
			kind: 'created';
			memberId: string;
			phone: string;
			/** The number's country, kept for aggregates after an erasure. */
			country: string;
			locale: Locale;
			attribution: Attribution;
			at: string;
	  }
	| {
			kind: 'consent';
			memberId: string;
			consent: 'terms' | 'marketing';
			version: string;
			granted: boolean;
			at: string;
	  }
	| { kind: 'erased'; memberId: string; at: string }
	| {
			kind: 'order';
			orderId: string;
			/** Null for a phone that is not a member: the order counts in the totals only. */
			memberId: string | null;
			amount: number;
			currency: string;
			shopId: string | null;
			/** When the order was placed (the POS's clock), and when it reached the controller. */
			at: string;
			receivedAt: string;
			/** Set when the order fell inside the attribution window of the member's first touch. */
			credited: { staffId: string | null; shopId: string | null; channel: Channel | null } | null;
	  };

export interface MemberJournal {
	open(fold: (entry: MemberEntry) => void): Promise<number>;
	append(entries: readonly MemberEntry[]): Promise<void>;
	close(): Promise<void>;
}
