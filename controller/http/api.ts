import type { IncomingMessage, ServerResponse } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AtriumError, LoginRequest, parse } from '../../protocol/index.js';
import { readCookie, SESSION_COOKIE, type AuthService } from '../auth/auth.service.js';
import type { DeviceService } from '../devices/device.service.js';
import { assertSameOrigin, readJson, sendError, sendJson } from './http.js';

interface Deps {
	auth: AuthService;
	devices: DeviceService;
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
export function createApi({ auth, devices, contentDir, secureCookies }: Deps) {
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
			if (path.startsWith('/api/')) throw new AtriumError('not_found');

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
