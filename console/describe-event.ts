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
		case 'session.started':
			return e.locale;
	}
}
