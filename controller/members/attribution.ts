import type { AttributionCounter, AttributionStats } from '../../protocol/index.js';
import type { Attribution, MemberEntry } from './member.ledger.js';

type OrderEntry = Extract<MemberEntry, { kind: 'order' }>;

/**
 * Sign-ups and credited orders per staff member, shop and channel (`direct` for sign-ups through
 * no QR), folded from the member ledger. `sign` -1 takes back an entry whose write failed.
 */
export class AttributionTally {
	#stats: AttributionStats = {
		byStaff: {},
		byShop: {},
		byChannel: {},
		totals: { members: 0, signups: 0, orders: 0, amounts: {}, anonymousOrders: 0 }
	};

	signup(attribution: Attribution, sign: 1 | -1): void {
		for (const c of this.#counters(attribution)) c.signups += sign;
		this.#stats.totals.signups += sign;
		this.#stats.totals.members += sign;
	}

	/** An erased member no longer counts as a member; their sign-up still counts. */
	erased(): void {
		this.#stats.totals.members--;
	}

	order(entry: OrderEntry, sign: 1 | -1): void {
		const t = this.#stats.totals;
		t.orders += sign;
		add(t.amounts, entry.currency, sign * entry.amount);
		if (!entry.memberId) t.anonymousOrders += sign;
		if (!entry.credited) return;
		for (const c of this.#counters({ ...entry.credited, kioskId: null, sessionId: null })) {
			c.orders += sign;
			add(c.amounts, entry.currency, sign * entry.amount);
		}
	}

	/** A copy the caller may keep. */
	snapshot(): AttributionStats {
		const copy = (r: Record<string, AttributionCounter>) =>
			Object.fromEntries(Object.entries(r).map(([k, c]) => [k, { ...c, amounts: { ...c.amounts } }]));
		const s = this.#stats;
		return {
			byStaff: copy(s.byStaff),
			byShop: copy(s.byShop),
			byChannel: copy(s.byChannel),
			totals: { ...s.totals, amounts: { ...s.totals.amounts } }
		};
	}

	#counters(a: Attribution): AttributionCounter[] {
		const out = [counter(this.#stats.byChannel, a.channel ?? 'direct')];
		if (a.staffId) out.push(counter(this.#stats.byStaff, a.staffId));
		if (a.shopId) out.push(counter(this.#stats.byShop, a.shopId));
		return out;
	}
}

function counter(map: Record<string, AttributionCounter>, key: string): AttributionCounter {
	map[key] ??= { signups: 0, orders: 0, amounts: {} };
	return map[key];
}

/** Amounts in cents-exact steps, so adding and taking back leaves no float dust. */
function add(amounts: Record<string, number>, currency: string, amount: number): void {
	amounts[currency] = Math.round(((amounts[currency] ?? 0) + amount) * 100) / 100;
}
