import { describe, expect, it } from 'vitest';
import { channelName, formatAmounts, formatDay } from './format';

describe('attribution figures in words', () => {
	it('shows amounts per currency, largest first, without cents when there are none', () => {
		expect(formatAmounts({ HKD: 300, TWD: 1440 }, 'en')).toBe('NT$1,440 · HK$300');
		expect(formatAmounts({ TWD: 99.5 }, 'en')).toBe('NT$99.50');
		expect(formatAmounts({}, 'en')).toBe('—');
	});

	it('names channels, and sign-ups that came through no QR as direct', () => {
		expect(channelName('counter', 'zh-Hant')).toBe('服務台');
		expect(channelName(null, 'en')).toBe('Direct');
		expect(channelName('direct', 'zh-Hans')).toBe('直接加入');
		expect(channelName('billboard', 'en')).toBe('billboard');
	});

	it('shows a mall day as that calendar day in any time zone', () => {
		expect(formatDay('2026-11-25', 'en')).toBe('Nov 25, 2026');
		expect(formatDay(null, 'en')).toBe('—');
	});
});
