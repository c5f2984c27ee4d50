import type { Namespace } from 'socket.io';
import {
	AtriumError,
	AttributionQrRequest,
	CONSOLE_FEEDS,
	CONSOLE_PERMISSIONS,
	MemberRef,
	MembersQuery,
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
import type { UserStore } from '../auth/auth.store.js';
import type { MemberService } from '../members/member.service.js';
import type { OrderDesk } from '../members/orders.js';
import type { DevOutbox } from '../members/sms.js';
import type { ProfileService } from '../profiles/profile.service.js';
import { handle, rejectUnknown } from './handle.js';

interface Deps {
	auth: AuthService;
	devices: DeviceService;
	events: EventService;
	coupons: CouponService;
	replica: ReplicaService;
	members: MemberService;
	orders: OrderDesk;
	profiles: ProfileService;
	outbox: DevOutbox;
	/** Console users: the staff a marketer may print a join QR for. */
	users: UserStore;
	/** Names of the coupon templates editors may pick (content/coupon-templates). */
	templates: string[];
	log: Logger;
}

export const feedRoom = (feed: keyof typeof CONSOLE_FEEDS) => `feed:${feed}`;

/** Member pages one console socket may watch at once; a page watches one member. */
export const MAX_WATCHES_PER_SOCKET = 20;

/** `/console`: signed-in users; every event checks the user's role on the server. */
export function registerConsoleNamespace(nsp: Namespace, deps: Deps): void {
	const { auth, devices, events, coupons, replica, templates, log } = deps;
	const { members, orders, profiles, outbox, users } = deps;
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

		// --- members ---

		handle(socket, 'members:list', MembersQuery, log, (req) => {
			allowed('members:list');
			return members.list(user.role, req);
		});

		/** This socket's member watches: member id → cleanup. */
		const watches = new Map<string, () => void>();
		handle(socket, 'member:watch', MemberRef, log, ({ memberId }) => {
			allowed('member:watch');
			const view = profiles.view(memberId, user.role);
			if (!view) throw new AtriumError('member_not_found');
			if (!watches.has(memberId)) {
				if (watches.size >= MAX_WATCHES_PER_SOCKET) throw new AtriumError('too_many_watches');
				const stop = profiles.watch(
					memberId,
					user.role,
					(changed) => socket.emit('member:profile', changed),
					// Erased: the watch is over, and the member's page gets nothing more.
					() => watches.delete(memberId)
				);
				watches.set(memberId, stop);
			}
			return view;
		});
		handle(socket, 'member:unwatch', MemberRef, log, ({ memberId }) => {
			allowed('member:unwatch');
			watches.get(memberId)?.();
			watches.delete(memberId);
			return null;
		});
		socket.on('disconnect', () => {
			for (const stop of watches.values()) stop();
			watches.clear();
		});
		handle(socket, 'member:export', MemberRef, log, ({ memberId }) => {
			allowed('member:export');
			const exported = members.exportMember(memberId);
			return { ...exported, profile: members.isErased(memberId) ? null : profiles.figures(memberId) };
		});
		handle(socket, 'member:erase', MemberRef, log, async ({ memberId }) => {
			allowed('member:erase');
			// MemberService tells the profiles (and ends every watch) once the erasure is journaled.
			await members.erase(memberId);
			log.info(`member ${memberId} erased by ${user.username}`);
			return { erased: true as const };
		});

		// --- attribution ---

		handle(socket, 'attribution:stats', null, log, async () => {
			allowed('attribution:stats');
			const staff = (await users.list())
				.filter((u) => u.role === 'staff')
				.map((u) => ({ username: u.username, displayName: u.displayName, shopId: u.shopId ?? null }));
			return { stats: orders.attributionStats(), windowDays: orders.windowDays, staff };
		});
		handle(socket, 'attribution:qr', AttributionQrRequest, log, async (req) => {
			allowed('attribution:qr');
			const shops = replica.current().data.shops;
			if (req.shopId && !shops.some((s) => s.id === req.shopId)) {
				throw new AtriumError('unknown_shop', undefined, 'shopId');
			}
			let shopId = req.shopId;
			if (req.staffId) {
				const staff = await users.get(req.staffId);
				if (staff?.role !== 'staff') throw new AtriumError('unknown_staff', undefined, 'staffId');
				// A QR that credits one shop's staff to another shop would skew both shops' counts.
				if (req.shopId && staff.shopId && staff.shopId !== req.shopId) {
					throw new AtriumError('invalid_payload', 'the staff member works at another shop', 'shopId');
				}
				// A staff member's sign-ups count for their shop too.
				shopId ??= staff.shopId;
			}
			return { url: members.attributionQr(req.channel, req.staffId, shopId) };
		});

		// --- the demo's SMS outbox (its live feed is the `outbox` room) ---

		handle(socket, 'outbox:list', null, log, () => {
			allowed('outbox:list');
			return outbox.list();
		});
	});
}
