import type { IncomingMessage, ServerResponse } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
	AtriumError,
	LoginRequest,
	RedeemRequest,
	formatCouponCode,
	may,
	normalizeCouponCode,
	parse,
	type ReplicaData
} from '../../protocol/index.js';
import type { CouponService } from '../coupons/coupon.service.js';
import { readCookie, SESSION_COOKIE, type AuthService } from '../auth/auth.service.js';
import type { DeviceService } from '../devices/device.service.js';
import { assertSameOrigin, readJson, sendError, sendJson } from './http.js';

interface Deps {
	auth: AuthService;
	devices: DeviceService;
	coupons: CouponService;
	content: () => ReplicaData;
	contentDir: string;
	secureCookies: boolean;
}

const PairRequest = z.strictObject({ code: z.string().min(4).max(64) });
const MEDIA = /^\/media\/([a-z0-9][a-z0-9-]*\.(svg|png|jpg|webp))$/;
const MEDIA_TYPES: Record<string, string> = {
	svg: 'image/svg+xml',
	png: 'image/png',
	jpg: 'image/jpeg',
	webp: 'image/webp'
};

/**
 * The controller's own HTTP routes. Returns false when the request is not one of them, so it falls
 * through to the SvelteKit handler.
 */
export function createApi({ auth, devices, coupons, content, contentDir, secureCookies }: Deps) {
	const cookie = (value: string, maxAge: number) =>
		`${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secureCookies ? '; Secure' : ''}`;

	return async function api(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
		const url = new URL(req.url ?? '/', 'http://controller');
		const path = url.pathname;
		const method = req.method ?? 'GET';
		try {
			if (path === '/api/health' && method === 'GET') {
				sendJson(res, 200, { data: { ok: true } });
				return true;
			}
			if (path === '/api/login' && method === 'POST') {
				assertSameOrigin(req);
				const body = parse(LoginRequest, await readJson(req));
				const { cookie: value, user } = await auth.login(body.username, body.password);
				sendJson(res, 200, { data: user }, { 'set-cookie': cookie(value, 12 * 3600) });
				return true;
			}
			if (path === '/api/logout' && method === 'POST') {
				assertSameOrigin(req);
				await auth.logout(readCookie(req.headers.cookie, SESSION_COOKIE));
				sendJson(res, 200, { data: { ok: true } }, { 'set-cookie': cookie('', 0) });
				return true;
			}
			if (path === '/api/me' && method === 'GET') {
				const user = await auth.authenticate(readCookie(req.headers.cookie, SESSION_COOKIE));
				if (!user) throw new AtriumError('unauthenticated');
				sendJson(res, 200, { data: user });
				return true;
			}
			if (path === '/api/devices/pair' && method === 'POST') {
				const body = parse(PairRequest, await readJson(req));
				sendJson(res, 200, { data: await devices.pair(body.code) });
				return true;
			}
			if (path === '/api/coupons/redeem' && method === 'POST') {
				// For POS systems and scripts: the same rules as the staff console.
				assertSameOrigin(req);
				const user = await auth.authenticate(readCookie(req.headers.cookie, SESSION_COOKIE));
				if (!user) throw new AtriumError('unauthenticated');
				if (!may(user.role, 'coupon:redeem')) throw new AtriumError('forbidden');
				const body = parse(RedeemRequest, await readJson(req));
				sendJson(res, 200, { data: await coupons.redeem(body.input, user) });
				return true;
			}
			const publicCoupon = /^\/api\/public\/coupons\/([0-9A-Za-z*~$=-]{11,16})$/.exec(path);
			if (publicCoupon && method === 'GET') {
				// The code is the bearer secret, as on paper: whoever holds it sees the coupon.
				const code = normalizeCouponCode(publicCoupon[1]);
				const coupon = code ? coupons.find(code) : null;
				if (!coupon) throw new AtriumError('coupon_not_found');
				const data = content();
				const campaign = data.campaigns.find((c) => c.id === coupon.campaignId);
				const shop = data.shops.find((s) => s.id === coupon.shopId);
				const floor = data.mall.floors.find((f) => f.id === shop?.floor);
				sendJson(res, 200, {
					data: {
						code: formatCouponCode(coupon.code),
						qrUrl: coupon.qrUrl,
						validFrom: coupon.validFrom,
						validTo: coupon.validTo,
						redeemedAt: coupon.redemption?.redeemedAt ?? null,
						mall: data.mall.name,
						campaign: campaign && { title: campaign.title, value: campaign.value, terms: campaign.terms },
						shop: shop && { name: shop.name, unit: shop.unit, floor: floor?.label ?? shop.floor }
					}
				});
				return true;
			}
			if (path.startsWith('/api/')) throw new AtriumError('not_found');

			// A coupon's QR opened on a phone: the e-coupon page.
			const qr = /^\/c\/([0-9A-Za-z*~$=-]{11,16})$/.exec(path);
			if (qr && method === 'GET') {
				const code = normalizeCouponCode(qr[1]);
				if (!code) throw new AtriumError('bad_code');
				res.writeHead(303, { location: `/m/c/${formatCouponCode(code)}` });
				res.end();
				return true;
			}

			const media = MEDIA.exec(path);
			if (media && (method === 'GET' || method === 'HEAD')) {
				const file = join(contentDir, 'media', media[1]);
				const info = await stat(file).catch(() => null);
				if (!info?.isFile()) throw new AtriumError('not_found');
				res.writeHead(200, {
					'content-type': MEDIA_TYPES[media[2]],
					'content-length': info.size,
					'cache-control': 'public, max-age=300'
				});
				if (method === 'HEAD') res.end();
				else createReadStream(file).pipe(res);
				return true;
			}

			// Console pages are only served to signed-in users; the sign-in page itself is open.
			if ((path === '/console' || path.startsWith('/console/')) && path !== '/console/login') {
				const user = await auth.authenticate(readCookie(req.headers.cookie, SESSION_COOKIE));
				if (!user) {
					res.writeHead(303, { location: `/console/login?next=${encodeURIComponent(path)}` });
					res.end();
					return true;
				}
			}
			return false;
		} catch (err) {
			sendError(res, err);
			return true;
		}
	};
}
