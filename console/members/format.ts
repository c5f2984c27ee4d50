import type { ATTRIBUTION_CHANNELS, Attribution, Locale } from '$protocol';
import { mallTime } from '../mall-time.svelte';
import { message, type ConsoleMessage } from '../i18n';

const CHANNEL: Record<NonNullable<Attribution['channel']> | 'direct', ConsoleMessage> = {
	kiosk: 'channelKiosk',
	poster: 'channelPoster',
	wechat: 'channelWechat',
	wifi: 'channelWifi',
	counter: 'channelCounter',
	direct: 'channelDirect'
};

/** A sign-up channel in words; `null` and `direct` are sign-ups that came through no QR. */
export function channelName(channel: string | null, locale: Locale): string {
	const key = (CHANNEL as Record<string, ConsoleMessage | undefined>)[channel ?? 'direct'];
	return key ? message(locale, key) : (channel ?? '');
}

/** Amounts per currency, largest first: "NT$12,300 · HK$450". */
export function formatAmounts(amounts: Record<string, number>, locale: Locale): string {
	const entries = Object.entries(amounts).sort((a, b) => b[1] - a[1]);
	if (entries.length === 0) return '—';
	return entries
		.map(([currency, amount]) => {
			try {
				// Whole amounts without ".00": NT$450, not NT$450.00.
				const whole = Number.isInteger(amount) ? { minimumFractionDigits: 0 } : {};
				return new Intl.NumberFormat(locale, { style: 'currency', currency, ...whole }).format(
					amount
				);
			} catch {
				// Not an ISO 4217 code Intl knows: still show the figure.
				return `${amount.toLocaleString(locale)} ${currency}`;
			}
		})
		.join(' · ');
}

/** An instant in the mall's time (console/mall-time), date and time. */
export function formatInstant(iso: string | null, locale: Locale): string {
	if (!iso) return '—';
	return new Date(iso).toLocaleString(locale, {
		dateStyle: 'medium',
		timeStyle: 'medium',
		hour12: false,
		timeZone: mallTime.timeZone
	});
}

/** A mall calendar day (YYYY-MM-DD) as a date; it names a day, not an instant, so no zone applies. */
export function formatDay(day: string | null, locale: Locale): string {
	if (!day) return '—';
	return new Date(`${day}T00:00:00Z`).toLocaleDateString(locale, {
		dateStyle: 'medium',
		timeZone: 'UTC'
	});
}

/** What `attribution:qr` asks for, as the console's QR form builds it. */
export interface QrRequest {
	channel: (typeof ATTRIBUTION_CHANNELS)[number];
	staffId?: string;
	shopId?: string;
}
