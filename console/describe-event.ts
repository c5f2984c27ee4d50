import type { JournaledEvent } from '$protocol';

/** A one-line summary of an interaction for the live feed. */
export function describeEvent(e: JournaledEvent): string {
	switch (e.type) {
		case 'shop.viewed':
			return e.payload.shopId;
		case 'category.viewed':
			return e.payload.categoryId;
		case 'search.performed':
			return `“${e.payload.query}” → ${e.payload.results}`;
		case 'language.changed':
			return `${e.payload.from} → ${e.payload.to}`;
		case 'session.ended':
			return e.payload.reason;
		case 'route.requested':
			return `→ ${e.payload.to}${e.payload.stepFree ? ' (step-free)' : ''}${e.payload.found ? '' : ' — no route'}`;
		case 'route.sent_to_phone':
			return `📱 → ${e.payload.to}`;
		case 'coupon.claimed':
		case 'coupon.sent_to_phone':
			return `${e.payload.campaignId} ${e.payload.code}`;
		case 'coupon.printed':
			return `${e.payload.campaignId} ${e.payload.code} · job ${e.payload.jobId}`;
		case 'coupon.print_failed':
			return `${e.payload.campaignId} ${e.payload.code} · ${e.payload.reason}`;
		case 'coupon.redeemed':
			return `${e.payload.code} @ ${e.payload.shopId} · ${e.payload.by}`;
		case 'member.join_started':
			return e.payload.via;
		case 'member.joined':
			return `${e.payload.memberId}${e.payload.staffId ? ` ← ${e.payload.staffId}` : ''}`;
		case 'member.identified':
		case 'member.logged_out':
			return e.payload.memberId;
		case 'order.placed':
			return `${e.payload.orderId} ${e.payload.amount} ${e.payload.currency}`;
		case 'session.started':
			return e.locale;
	}
}
