import type { ReplicaData } from '$protocol';
import { LOCALES, type Locale } from '$protocol/locale';

/** What the controller serves phones at GET /api/public/mall: the replica's public part. */
export type PublicMall = Pick<ReplicaData, 'mall' | 'categories' | 'shops' | 'map'>;

const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Checks the answer's shape where the page relies on it. The controller validated the content
 * with the schemas already; repeating that here would put the schema library on every phone.
 */
export function isPublicMall(v: unknown): v is PublicMall {
	if (!isObject(v) || !isObject(v.mall) || !isArray(v.mall.floors) || !isArray(v.shops)) return false;
	if (!isArray(v.categories)) return false;
	if (v.map === undefined) return true;
	const m = v.map;
	return (
		isObject(m) &&
		isArray(m.levels) &&
		m.levels.length > 0 &&
		['units', 'amenities', 'nodes', 'edges', 'kiosks'].every((k) => isArray(m[k]))
	);
}

export async function fetchPublicMall(deviceId: string, fetcher: typeof fetch = fetch): Promise<PublicMall> {
	const q = deviceId ? `?k=${encodeURIComponent(deviceId)}` : '';
	const res = await fetcher(`/api/public/mall${q}`, { headers: { accept: 'application/json' } });
	if (!res.ok) throw new Error(`public mall: HTTP ${res.status}`);
	const body = (await res.json()) as { data?: unknown };
	if (!isPublicMall(body.data)) throw new Error('public mall: unexpected answer');
	return body.data;
}

/** The shopper's phone language, mapped onto the mall's three; null when it is none of them. */
export function phoneLocale(languages: readonly string[]): Locale | null {
	for (const raw of languages) {
		const tag = raw.toLowerCase();
		if (/^zh-(hant|tw|hk|mo)\b/.test(tag)) return 'zh-Hant';
		if (tag === 'zh' || /^zh-(hans|cn|sg|my)\b/.test(tag)) return 'zh-Hans';
		if (tag === 'en' || tag.startsWith('en-')) return 'en';
		if ((LOCALES as readonly string[]).includes(raw)) return raw as Locale;
	}
	return null;
}
