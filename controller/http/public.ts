import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { normalizeCouponCode } from '../../protocol/coupon-code.js';
import { AtriumError, type IssuedCoupon, type Redemption, type ReplicaData } from '../../protocol/index.js';
import { sendError } from './http.js';

interface Encoded {
	json: Buffer;
	gzip: Buffer;
	etag: string;
}

/**
 * What phones may read without signing in: the mall, its shops and the map a route page draws.
 * Campaign stock, media, playlists and search keys stay private. Of the kiosks, only the one the
 * phone's QR names (`?k=`) is sent: its position starts the route, the rest of the fleet is no
 * phone's business.
 */
export function publicMall(data: ReplicaData, deviceId: string) {
	const map = data.map && {
		...data.map,
		kiosks: data.map.kiosks.filter((k) => k.deviceId === deviceId)
	};
	return { mall: data.mall, categories: data.categories, shops: data.shops, map };
}

/**
 * GET /api/public/mall for the phone pages (/m/…). Returns false for any other path, so it can sit in
 * front of the controller's other routes. The answer is encoded once per replica version and kiosk,
 * and cached by phones and proxies for a minute: a whole mall's visitors scanning QR codes must not
 * re-serialise the map each time.
 */
/**
 * What `/m/c/<code>` shows: the coupon as printed, so a shopper holding the code (on paper or from the
 * kiosk's QR) can keep it on the phone. The code is the bearer credential, exactly like the paper;
 * nothing about who claimed it is sent.
 */
export function publicCoupon(data: ReplicaData, coupon: IssuedCoupon & { redemption: Redemption | null }) {
	const campaign = data.campaigns.find((c) => c.id === coupon.campaignId);
	const shop = data.shops.find((s) => s.id === coupon.shopId);
	const floor = shop && data.mall.floors.find((f) => f.id === shop.floor);
	return {
		code: coupon.code,
		qrUrl: coupon.qrUrl,
		validFrom: coupon.validFrom,
		validTo: coupon.validTo,
		redeemedAt: coupon.redemption?.redeemedAt ?? null,
		mall: data.mall.name,
		...(campaign ? { campaign: { title: campaign.title, value: campaign.value, terms: campaign.terms } } : {}),
		...(shop ? { shop: { name: shop.name, unit: shop.unit, floor: floor?.label ?? shop.floor } } : {})
	};
}

const COUPON_PATH = /^\/api\/public\/coupons\/([^/]{1,64})$/;

export function createPublicApi(
	getData: () => ReplicaData,
	findCoupon: (code: string) => (IssuedCoupon & { redemption: Redemption | null }) | null = () => null
) {
	let cachedFor: ReplicaData | null = null;
	const cache = new Map<string, Encoded>();

	function encoded(deviceId: string): Encoded {
		const data = getData();
		if (data !== cachedFor) {
			cachedFor = data;
			cache.clear();
		}
		// Unknown ids share the kiosk-less answer, so the cache holds at most one entry per kiosk.
		const key = data.map?.kiosks.some((k) => k.deviceId === deviceId) ? deviceId : '';
		let hit = cache.get(key);
		if (!hit) {
			const json = Buffer.from(JSON.stringify({ data: publicMall(data, key) }));
			const etag = `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;
			hit = { json, gzip: gzipSync(json), etag };
			cache.set(key, hit);
		}
		return hit;
	}

	return async function publicApi(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
		const url = new URL(req.url ?? '/', 'http://controller');
		const couponPath = COUPON_PATH.exec(url.pathname);
		if (couponPath) {
			try {
				if (req.method !== 'GET') throw new AtriumError('not_found');
				let typed = '';
				try {
					typed = decodeURIComponent(couponPath[1]);
				} catch {
					// A broken %-escape is no code.
				}
				const code = normalizeCouponCode(typed);
				const coupon = code ? findCoupon(code) : null;
				if (!coupon) throw new AtriumError('coupon_not_found');
				const json = JSON.stringify({ data: publicCoupon(getData(), coupon) });
				res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
				res.end(json);
			} catch (err) {
				sendError(res, err);
			}
			return true;
		}
		if (url.pathname !== '/api/public/mall') return false;
		const method = req.method ?? 'GET';
		try {
			if (method !== 'GET' && method !== 'HEAD') throw new AtriumError('not_found');
			const body = encoded(url.searchParams.get('k') ?? '');
			const headers: Record<string, string | number> = {
				'content-type': 'application/json; charset=utf-8',
				'cache-control': 'public, max-age=60, stale-while-revalidate=600',
				etag: body.etag,
				vary: 'accept-encoding'
			};
			if (req.headers['if-none-match'] === body.etag) {
				res.writeHead(304, headers).end();
				return true;
			}
			const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
			const bytes = gzip ? body.gzip : body.json;
			if (gzip) headers['content-encoding'] = 'gzip';
			headers['content-length'] = bytes.length;
			res.writeHead(200, headers);
			res.end(method === 'HEAD' ? undefined : bytes);
			return true;
		} catch (err) {
			sendError(res, err);
			return true;
		}
	};
}
