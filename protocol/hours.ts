import type { WeekHours } from './content.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Weekday and minutes since midnight of an instant, on the wall clock of an IANA zone. */
export function wallClock(at: Date, timeZone: string): { day: number; minutes: number } {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		weekday: 'short',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	}).formatToParts(at);
	const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
	const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday'));
	return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether a place is open at an instant. An interval closing at or before it opens runs past
 * midnight into the next day (e.g. a cinema open 10:00–02:00).
 */
export function isOpen(hours: WeekHours, timeZone: string, at: Date): boolean {
	const { day, minutes } = wallClock(at, timeZone);
	const today = hours[WEEKDAYS[day]];
	const yesterday = hours[WEEKDAYS[(day + 6) % 7]];
	for (const { open, close } of today) {
		const o = toMinutes(open);
		const c = toMinutes(close);
		if (c > o ? minutes >= o && minutes < c : minutes >= o) return true;
	}
	for (const { open, close } of yesterday) {
		const o = toMinutes(open);
		const c = toMinutes(close);
		if (c <= o && minutes < c) return true;
	}
	return false;
}

/** Today's intervals as text, e.g. "11:00–21:30"; empty when closed all day. */
export function todaysHours(hours: WeekHours, timeZone: string, at: Date): string {
	const { day } = wallClock(at, timeZone);
	return hours[WEEKDAYS[day]].map((i) => `${i.open}–${i.close}`).join(', ');
}
