import { describe, expect, it } from 'vitest';
import { FIXTURE_MAP } from './fixture';
import { placesOnLevel } from './places';

describe('placesOnLevel', () => {
	it("marks a floor's amenities and its lifts and escalators, one icon per place", () => {
		const l2 = placesOnLevel(FIXTURE_MAP, 'lv-l2').map((p) => `${p.id}:${p.kind}`);
		// The restroom unit is already marked by its toilet amenity.
		expect(l2.sort()).toEqual(['a-l2-wc:toilet', 'u-l2-esc:escalator', 'u-l2-lift:elevator']);
		expect(placesOnLevel(FIXTURE_MAP, 'lv-l1').map((p) => p.kind).sort()).toEqual([
			'elevator',
			'escalator',
			'exit'
		]);
	});
});
