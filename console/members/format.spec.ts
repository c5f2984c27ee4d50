import { describe, expect, it } from 'vitest';
import { channelName, formatAmounts, formatDay, formatInstant } from './format';

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

describe('console times are the mall’s', () => {
	it('shows an instant in the mall’s zone once it is known, whatever the browser’s', async () => {
		const { mallTime, loadMallTime } = await import('../mall-time.svelte');
		const fetcher = (async () =>
			new Response(JSON.stringify({ data: { mall: { timezone: 'Asia/Taipei' } } }))) as typeof fetch;
		await loadMallTime(fetcher);
		expect(mallTime.timeZone).toBe('Asia/Taipei');
		expect(formatInstant('2026-11-26T01:05:00Z', 'en')).toContain('09:05');
		// A zone the browser does not know is not taken up.
		await loadMallTime((async () => new Response(JSON.stringify({ data: { mall: { timezone: 'Mars/Olympus' } } }))) as typeof fetch);
		expect(mallTime.timeZone).toBe('Asia/Taipei');
		mallTime.timeZone = 'UTC';
		expect(formatInstant('2026-11-26T01:05:00Z', 'en')).toContain('01:05');
		mallTime.timeZone = undefined;
	});
});
