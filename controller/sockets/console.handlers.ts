import type { Namespace } from 'socket.io';
import {
	AtriumError,
	CONSOLE_FEEDS,
	CONSOLE_PERMISSIONS,
	RecentEventsRequest,
	RedeemRequest,
	Campaign,
	UndoRequest,
	may,
	toProtocolError,
	type ConsoleUser
} from '../../protocol/index.js';
import { readCookie, SESSION_COOKIE, type AuthService } from '../auth/auth.service.js';
import type { DeviceService } from '../devices/device.service.js';
import type { EventService } from '../events/event.service.js';
import type { Logger } from '../logger.js';
import type { CouponService } from '../coupons/coupon.service.js';
import type { ReplicaService } from '../replica/replica.service.js';
import { handle, rejectUnknown } from './handle.js';

interface Deps {
	auth: AuthService;
	devices: DeviceService;
	events: EventService;
	coupons: CouponService;
	replica: ReplicaService;
	/** Names of the coupon templates editors may pick (content/coupon-templates). */
	templates: string[];
	log: Logger;
}

export const feedRoom = (feed: keyof typeof CONSOLE_FEEDS) => `feed:${feed}`;

/** `/console`: signed-in users; every event checks the user's role on the server. */
export function registerConsoleNamespace(nsp: Namespace, { auth, devices, events, coupons, replica, templates, log }: Deps): void {
	nsp.use((socket, next) => {
		const refuse = (err: unknown) => {
			const error = toProtocolError(err);
			next(Object.assign(new Error(error.message), { data: error }));
		};
		auth.authenticate(readCookie(socket.handshake.headers.cookie, SESSION_COOKIE)).then((user) => {
			if (!user) return refuse(new AtriumError('unauthenticated'));
			socket.data.user = user;
			next();
		}, refuse);
	});

	nsp.on('connection', (socket) => {
		const user = socket.data.user as ConsoleUser;
		for (const [feed, roles] of Object.entries(CONSOLE_FEEDS)) {
			if ((roles as readonly string[]).includes(user.role)) {
				void socket.join(feedRoom(feed as keyof typeof CONSOLE_FEEDS));
			}
		}
		rejectUnknown(socket, Object.keys(CONSOLE_PERMISSIONS), log);

		const allowed = (action: keyof typeof CONSOLE_PERMISSIONS) => {
			if (!may(user.role, action)) throw new AtriumError('forbidden');
		};
		handle(socket, 'devices:list', null, log, () => {
			allowed('devices:list');
			return devices.list();
		});
		handle(socket, 'events:recent', RecentEventsRequest, log, (req) => {
			allowed('events:recent');
			return events.recent(req.limit);
		});
		handle(socket, 'coupon:redeem', RedeemRequest, log, async (req) => {
			allowed('coupon:redeem');
			const redemption = await coupons.redeem(req.input, user);
			nsp.to(feedRoom('coupons')).emit('coupon:redeemed', redemption);
			return redemption;
		});
		handle(socket, 'coupon:undo', UndoRequest, log, async (req) => {
			allowed('coupon:undo');
			await coupons.undo(req.code, req.reason, user);
			return { code: req.code };
		});
		handle(socket, 'campaigns:list', null, log, () => {
			allowed('campaigns:list');
			const data = replica.current().data;
			return {
				campaigns: data.campaigns,
				shops: data.shops.map((s) => ({ id: s.id, name: s.name })),
				templates
			};
		});
		handle(socket, 'campaign:save', Campaign, log, async (campaign) => {
			allowed('campaign:save');
			const data = replica.current().data;
			if (!data.shops.some((s) => s.id === campaign.shop)) throw new AtriumError('invalid_payload', 'unknown shop', 'shop');
			if (!templates.includes(campaign.template)) throw new AtriumError('invalid_payload', 'unknown template', 'template');
			if (Date.parse(campaign.validFrom) >= Date.parse(campaign.validTo)) {
				throw new AtriumError('invalid_payload', 'validFrom must be before validTo', 'validTo');
			}
			// Stock cannot drop below what shoppers (and kiosks' leases) already hold.
			const held = coupons.stats().find((s) => s.campaignId === campaign.id);
			if (held && campaign.stock < held.claimed + held.leased) {
				throw new AtriumError('invalid_payload', 'stock below coupons already issued', 'stock');
			}
			return { version: await replica.apply([{ collection: 'campaigns', upsert: [campaign], remove: [] }]) };
		});
		handle(socket, 'campaigns:stats', null, log, () => {
			allowed('campaigns:stats');
			// Staff see their own shop only; a staff account without a shop sees nothing.
			return coupons.stats(user.role === 'staff' ? (user.shopId ?? '-') : undefined);
		});
	});
}
