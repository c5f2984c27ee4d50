import { describe, expect, it } from 'vitest';
import { TIMELINE_KINDS, type TimelineItem, type TimelineKind } from '$protocol';
import { mallNames, type PublicMall } from './names';
import { describeTimelineItem } from './timeline';

const name = (zhHant: string, en: string, zhHans = zhHant) => ({
	'zh-Hant': zhHant,
	'zh-Hans': zhHans,
	en
});

const mall = {
	mall: { floors: [{ id: 'l2', label: 'L2', level: 1, name: name('二樓', 'Level 2') }] },
	categories: [
		{ id: 'cafe', name: name('咖啡茶飲', 'Cafés & Tea', '咖啡茶饮'), icon: '☕', color: '#7B4B2A' }
	],
	shops: [
		{ id: 'starbucks', name: name('星巴克', 'Starbucks'), category: 'cafe', floor: 'l2' },
		{ id: 'uniqlo', name: name('UNIQLO', 'UNIQLO'), category: 'fashion', floor: 'l2' }
	],
	map: {
		levels: [{ id: 'level-l2', floorId: 'l2' }],
		amenities: [
			{ id: 'amenity-l2-wc', levelId: 'level-l2', kind: 'toilet', nodeId: 'n-1', point: [0, 0] }
		]
	}
} as unknown as PublicMall;
const campaigns = [
	{
		id: 'starbucks-bogo',
		shop: 'starbucks',
		title: name('大杯飲品買一送一', 'Buy one grande drink, get one free')
	}
];
const names = mallNames(mall, campaigns as never);

function item(type: TimelineKind, fields: Partial<TimelineItem> = {}): TimelineItem {
	return {
		at: '2026-11-25T02:00:00.000Z',
		type,
		shopId: null,
		categoryId: null,
		campaignId: null,
		kioskId: null,
		amenity: null,
		results: null,
		...fields
	};
}

describe('a timeline item in words', () => {
	it('names a viewed shop the way the mall signs it, in Chinese and English', () => {
		const viewed = item('shop.viewed', { shopId: 'starbucks', categoryId: 'cafe' });
		expect(describeTimelineItem(viewed, names, 'en')).toBe('Viewed 星巴克 Starbucks');
		expect(describeTimelineItem(viewed, names, 'zh-Hant')).toBe('瀏覽 星巴克 Starbucks');
		expect(describeTimelineItem(item('shop.viewed', { shopId: 'uniqlo' }), names, 'en')).toBe(
			'Viewed UNIQLO'
		);
	});

	it('falls back to the id for a shop the content no longer has', () => {
		expect(describeTimelineItem(item('shop.viewed', { shopId: 'closed-shop' }), names, 'en')).toBe(
			'Viewed closed-shop'
		);
	});

	it('counts search results without the query, which is not kept', () => {
		expect(describeTimelineItem(item('search.performed', { results: 12 }), names, 'en')).toBe(
			'Searched (12 results)'
		);
		expect(describeTimelineItem(item('search.performed', { results: 1 }), names, 'en')).toBe(
			'Searched (1 result)'
		);
		expect(describeTimelineItem(item('search.performed', { results: 0 }), names, 'zh-Hans')).toBe(
			'搜索（0 条结果）'
		);
	});

	it('says where a route went: a shop, a particular amenity with its floor, or the nearest of a kind', () => {
		expect(
			describeTimelineItem(item('route.requested', { shopId: 'starbucks' }), names, 'en')
		).toBe('Route to 星巴克 Starbucks (L2)');
		expect(
			describeTimelineItem(item('route.requested', { amenity: 'amenity-l2-wc' }), names, 'en')
		).toBe('Route to L2 toilet');
		expect(describeTimelineItem(item('route.requested', { amenity: 'toilet' }), names, 'en')).toBe(
			'Route to the nearest toilet'
		);
		expect(
			describeTimelineItem(
				item('route.sent_to_phone', { amenity: 'nursing-room' }),
				names,
				'zh-Hant'
			)
		).toBe('將前往 最近的哺乳室 的路線傳到手機');
	});

	it('names a coupon by its campaign and shop', () => {
		const claimed = item('coupon.claimed', { campaignId: 'starbucks-bogo', shopId: 'starbucks' });
		expect(describeTimelineItem(claimed, names, 'en')).toBe(
			'Claimed coupon Buy one grande drink, get one free · 星巴克 Starbucks'
		);
		expect(describeTimelineItem({ ...claimed, type: 'coupon.redeemed' }, names, 'zh-Hant')).toBe(
			'使用優惠券 大杯飲品買一送一 · 星巴克 Starbucks'
		);
	});

	it('says where a member joined or showed their card, and when it was on their phone alone', () => {
		expect(
			describeTimelineItem(item('member.joined', { kioskId: 'kiosk-demo-1' }), names, 'en')
		).toBe('Joined at kiosk-demo-1');
		expect(describeTimelineItem(item('member.joined'), names, 'en')).toBe('Joined on their phone');
		expect(
			describeTimelineItem(item('member.identified', { kioskId: 'kiosk-demo-1' }), names, 'zh-Hans')
		).toBe('在 kiosk-demo-1 出示会员码');
	});

	it('names a browsed category in the console user’s language', () => {
		expect(
			describeTimelineItem(item('category.viewed', { categoryId: 'cafe' }), names, 'zh-Hans')
		).toBe('浏览分类 咖啡茶饮');
	});

	it('describes every kind the profile keeps in every language, with no placeholder left', () => {
		for (const locale of ['en', 'zh-Hant', 'zh-Hans'] as const) {
			for (const kind of TIMELINE_KINDS) {
				const text = describeTimelineItem(
					item(kind, { shopId: 'starbucks', kioskId: 'kiosk-demo-1', results: 3 }),
					names,
					locale
				);
				expect(text).not.toMatch(/[{}]|undefined|null/);
				expect(text.length).toBeGreaterThan(1);
			}
		}
	});
});
