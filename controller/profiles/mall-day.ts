/**
 * Mall-local calendar days as day numbers (days since 1970-01-01 on the mall's wall clock), for
 * "visits per day". Intl is far too slow to call per event, so the zone's UTC offset is looked up
 * once per quarter hour of time: every offset change in the tz database falls on a quarter hour.
 */
const BUCKET_S = 15 * 60;
const CACHE_LIMIT = 4096;

export class MallDays {
	readonly timeZone: string;
	#format: Intl.DateTimeFormat;
	#bucket = Number.NaN;
	#offset = 0;
	#cache = new Map<number, number>();

	constructor(timeZone: string) {
		this.timeZone = timeZone;
		this.#format = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric'
		});
	}

	/** The mall-local day of an instant given in Unix seconds. */
	day(seconds: number): number {
		return Math.floor((seconds + this.offset(seconds)) / 86_400);
	}

	/** The zone's offset from UTC, in seconds, at an instant. */
	offset(seconds: number): number {
		const bucket = Math.floor(seconds / BUCKET_S);
		if (bucket === this.#bucket) return this.#offset;
		let offset = this.#cache.get(bucket);
		if (offset === undefined) {
			offset = this.#lookup(bucket * BUCKET_S);
			// Replays walk forward in time; a plain reset keeps the cache bounded.
			if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear();
			this.#cache.set(bucket, offset);
		}
		this.#bucket = bucket;
		this.#offset = offset;
		return offset;
	}

	#lookup(seconds: number): number {
		const parts: Record<string, number> = {};
		for (const p of this.#format.formatToParts(new Date(seconds * 1000))) {
			if (p.type !== 'literal') parts[p.type] = Number(p.value);
		}
		const local = Date.UTC(
			parts.year,
			parts.month - 1,
			parts.day,
			parts.hour,
			parts.minute,
			parts.second
		);
		return local / 1000 - seconds;
	}
}

/** A day number as an ISO date, "2026-03-02". */
export function isoDay(day: number): string {
	return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
