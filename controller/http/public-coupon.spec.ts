import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCouponCode } from '../../protocol/coupon-code.js';
import { uuidv7 } from '../../protocol/index.js';
import { startTestController } from '../../tests/support/controller.js';

type Controller = Awaited<ReturnType<typeof startTestController>>;
let ctl: Controller;

beforeAll(async () => {
	ctl = await startTestController();
});
afterAll(() => ctl.close());

describe('GET /api/public/coupons/<code> (the phone e-coupon)', () => {
	it('shows the coupon as printed to whoever holds its code, and nothing about who claimed it', async () => {
		const campaign = ctl.app.replica.current().data.campaigns.find((c) => c.audience === 'anyone')!;
		const sessionId = uuidv7();
		const issued = await ctl.app.coupons.mint('kiosk-demo-1', { campaignId: campaign.id, sessionId, memberId: null });
		// As the phone page asks: encoded, since a check symbol may be * ~ $ or =.
		const typed = encodeURIComponent(formatCouponCode(issued.code).toLowerCase());
		const res = await fetch(`${ctl.url}/api/public/coupons/${typed}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('no-store');
		const body = (await res.json()) as { data: Record<string, unknown> & { campaign: { title: { 'zh-Hant': string } } } };
		expect(body.data).toMatchObject({ code: issued.code, qrUrl: issued.qrUrl, redeemedAt: null });
		expect(body.data.campaign.title['zh-Hant']).toBe(campaign.title['zh-Hant']);
		const text = JSON.stringify(body);
		expect(text).not.toContain(sessionId);
		expect(text).not.toContain('kiosk-demo-1');
	});

	it('reads every check symbol, escaped or not', async () => {
		const campaign = ctl.app.replica.current().data.campaigns.find((c) => c.audience === 'anyone')!;
		const seen = new Set<string>();
		for (let i = 0; i < 400 && seen.size < 5; i++) {
			const issued = await ctl.app.coupons.mint('kiosk-demo-1', { campaignId: campaign.id, sessionId: uuidv7(), memberId: null });
			const check = issued.code.slice(-1);
			if (!'*~$=U'.includes(check) || seen.has(check)) continue;
			seen.add(check);
			for (const path of [encodeURIComponent(issued.code), issued.code]) {
				const res = await fetch(`${ctl.url}/api/public/coupons/${path}`);
				expect(res.status, `${issued.code} as ${path}`).toBe(200);
			}
		}
		expect(seen.size).toBeGreaterThan(0);
	});

	it('answers a typed not-found for a forged, malformed or oversized code', async () => {
		for (const code of ['ABCD-EFGH-JKMN', 'not a code', '%E0%A4%A', 'x'.repeat(64)]) {
			const res = await fetch(`${ctl.url}/api/public/coupons/${code}`);
			expect(res.status).toBe(404);
			expect(((await res.json()) as { error: { code: string } }).error.code).toBe('coupon_not_found');
		}
		expect((await fetch(`${ctl.url}/api/public/coupons/${'x'.repeat(65)}`)).status).not.toBe(200);
	});
});
