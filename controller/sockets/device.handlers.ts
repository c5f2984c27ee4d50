import type { Namespace } from 'socket.io';
import { z } from 'zod';
import {
	AtriumError,
	DEVICE_CLIENT_EVENTS,
	DeviceAuth,
	EventBatch,
	Heartbeat,
	ReplicaSyncRequest,
	LeaseRequest,
	MintRequest,
	OfflineReport,
	parse,
	toProtocolError,
	type MemberGreeting
} from '../../protocol/index.js';
import type { DeviceService } from '../devices/device.service.js';
import type { EventService } from '../events/event.service.js';
import type { ReplicaService } from '../replica/replica.service.js';
import type { CouponService } from '../coupons/coupon.service.js';
import type { Logger } from '../logger.js';
import type { DeviceRecord } from '../devices/device.store.js';
import { handle, rejectUnknown } from './handle.js';

/** Each device's sockets share a room, so the controller can speak to one kiosk. */
export const deviceRoom = (deviceId: string) => `device:${deviceId}`;

const SessionRequest = z.strictObject({ sessionId: z.string().min(1).max(64) });
const IdentifyRequest = SessionRequest.extend({ scanned: z.string().min(1).max(2000) });

interface Deps {
	publicUrl: string;
	members: {
		joinQr(deviceId: string, sessionId: string): { url: string; expiresAt: string };
		identify(deviceId: string, sessionId: string, scanned: string): Promise<MemberGreeting>;
	};
	devices: DeviceService;
	events: EventService;
	replica: ReplicaService;
	coupons: CouponService;
	log: Logger;
}

/** `/device`: agents, admitted only with a device id from the registry and its token. */
export function registerDeviceNamespace(nsp: Namespace, { publicUrl, devices, events, replica, coupons, members, log }: Deps): void {
	nsp.use((socket, next) => {
		const admit = async () => {
			const auth = parse(DeviceAuth, socket.handshake.auth);
			socket.data.device = await devices.authenticate(auth.deviceId, auth.token);
		};
		admit().then(
			() => next(),
			(err: unknown) => {
				const error = toProtocolError(err);
				log.warn(`/device refused ${socket.handshake.address}: ${error.code}`);
				next(Object.assign(new Error(error.message), { data: error }));
			}
		);
	});

	nsp.on('connection', (socket) => {
		const device = socket.data.device as DeviceRecord;
		devices.connected(device.id);
		log.info(`device ${device.id} connected`);
		rejectUnknown(socket, DEVICE_CLIENT_EVENTS, log);
		socket.emit('device:config', { publicUrl });
		void socket.join(deviceRoom(device.id));

		// Acknowledged only after the journal write is on disk, so the agent may drop the batch.
		handle(socket, 'events:batch', EventBatch, log, (batch) => events.ingest(device.id, batch));
		handle(socket, 'replica:sync', ReplicaSyncRequest, log, (req) => replica.since(req.version));
		handle(socket, 'device:heartbeat', Heartbeat, log, (beat) => {
			devices.heartbeat(device.id, beat);
			return { at: new Date().toISOString() };
		});

		// Only kiosks print coupons; a signage screen asking is refused.
		const kiosk = () => {
			if (device.kind !== 'kiosk') throw new AtriumError('forbidden');
		};
		handle(socket, 'coupon:mint', MintRequest, log, (req) => {
			kiosk();
			return coupons.mint(device.id, req);
		});
		handle(socket, 'coupon:lease', LeaseRequest, log, (req) => {
			kiosk();
			return coupons.lease(device.id, req);
		});
		handle(socket, 'coupon:reconcile', OfflineReport, log, (req) => {
			kiosk();
			return coupons.reconcile(device.id, req.coupons);
		});

		handle(socket, 'member:join_qr', SessionRequest, log, (req) => {
			kiosk();
			return members.joinQr(device.id, req.sessionId);
		});
		handle(socket, 'member:identify', IdentifyRequest, log, (req) => {
			kiosk();
			return members.identify(device.id, req.sessionId, req.scanned);
		});

		socket.on('disconnect', (reason) => {
			devices.disconnected(device.id);
			log.info(`device ${device.id} disconnected (${reason})`);
		});
	});
}
