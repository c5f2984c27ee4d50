import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
	AtriumError,
	type DeviceKind,
	type DeviceStatus,
	type Heartbeat
} from '../../protocol/index.js';
import type { Clock } from '../clock.js';
import type { DeviceRecord, DeviceStore } from './device.store.js';

const PAIRING_TTL_MS = 15 * 60 * 1000;

function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

/**
 * The device registry: which devices exist, how they prove who they are, and which are online.
 * A device gets its token by redeeming a one-time pairing code; only the token's hash is stored.
 */
export class DeviceService {
	#live = new Map<string, { online: boolean; lastSeen: string | null; heartbeat: Heartbeat | null; sockets: number }>();

	constructor(
		private store: DeviceStore,
		private clock: Clock,
		private onStatus: (status: DeviceStatus) => void = () => {}
	) {}

	async register(id: string, name: string, kind: DeviceKind): Promise<DeviceRecord> {
		const existing = await this.store.get(id);
		if (existing) return existing;
		const device: DeviceRecord = {
			id,
			name,
			kind,
			tokenHash: null,
			createdAt: this.clock.now().toISOString(),
			pairedAt: null
		};
		await this.store.put(device);
		return device;
	}

	/** A fresh single-use code (replacing any earlier one) for a technician to enter on the device. */
	async issuePairingCode(deviceId: string): Promise<string> {
		if (!(await this.store.get(deviceId))) throw new AtriumError('unknown_device');
		const code = randomBytes(8).toString('base64url').replace(/[-_]/g, 'x').slice(0, 10).toUpperCase();
		await this.store.putPairing({
			deviceId,
			codeHash: sha256(code),
			expiresAt: new Date(this.clock.now().getTime() + PAIRING_TTL_MS).toISOString()
		});
		return code;
	}

	/** Redeems a pairing code for a device token. Pairing again replaces the old token. */
	async pair(code: string): Promise<{ deviceId: string; token: string }> {
		const pairing = await this.store.takePairing(sha256(code.trim().toUpperCase()), this.clock.now());
		if (!pairing) throw new AtriumError('bad_pairing_code');
		const device = await this.store.get(pairing.deviceId);
		if (!device) throw new AtriumError('unknown_device');
		const token = randomBytes(32).toString('base64url');
		await this.store.put({ ...device, tokenHash: sha256(token), pairedAt: this.clock.now().toISOString() });
		return { deviceId: device.id, token };
	}

	async authenticate(deviceId: string, token: string): Promise<DeviceRecord> {
		const device = await this.store.get(deviceId);
		if (!device) throw new AtriumError('unknown_device');
		const given = Buffer.from(sha256(token));
		const expected = Buffer.from(device.tokenHash ?? '');
		if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
			throw new AtriumError('unauthenticated');
		}
		return device;
	}

	connected(id: string): void {
		const live = this.#entry(id);
		live.sockets++;
		live.online = true;
		live.lastSeen = this.clock.now().toISOString();
		void this.#publish(id);
	}

	disconnected(id: string): void {
		const live = this.#entry(id);
		live.sockets = Math.max(0, live.sockets - 1);
		live.online = live.sockets > 0;
		live.lastSeen = this.clock.now().toISOString();
		void this.#publish(id);
	}

	heartbeat(id: string, beat: Heartbeat): void {
		const live = this.#entry(id);
		live.heartbeat = beat;
		live.lastSeen = this.clock.now().toISOString();
		void this.#publish(id);
	}

	async list(): Promise<DeviceStatus[]> {
		const devices = await this.store.list();
		return devices.map((d) => this.#status(d));
	}

	#entry(id: string) {
		let live = this.#live.get(id);
		if (!live) {
			live = { online: false, lastSeen: null, heartbeat: null, sockets: 0 };
			this.#live.set(id, live);
		}
		return live;
	}

	#status(d: DeviceRecord): DeviceStatus {
		const live = this.#live.get(d.id);
		return {
			id: d.id,
			name: d.name,
			kind: d.kind,
			online: live?.online ?? false,
			lastSeen: live?.lastSeen ?? null,
			heartbeat: live?.heartbeat ?? null
		};
	}

	async #publish(id: string): Promise<void> {
		const device = await this.store.get(id);
		if (device) this.onStatus(this.#status(device));
	}
}
