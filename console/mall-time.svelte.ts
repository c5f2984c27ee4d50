/**
 * The mall's time zone. Console times are the mall's, wherever the console is opened (a chain's
 * head office, a technician's laptop in another zone); until it is known, the browser's zone.
 */
export const mallTime = $state<{ timeZone: string | undefined }>({ timeZone: undefined });

/** Reads the zone from the public mall document, once per console page. */
export async function loadMallTime(fetcher: typeof fetch = fetch): Promise<void> {
	try {
		const res = await fetcher('/api/public/mall');
		const zone = ((await res.json()) as { data?: { mall?: { timezone?: unknown } } }).data?.mall?.timezone;
		if (typeof zone !== 'string') return;
		new Intl.DateTimeFormat('en', { timeZone: zone }); // throws on a zone this browser does not know
		mallTime.timeZone = zone;
	} catch {
		// Unknown or unreachable: the browser's zone stands in.
	}
}
