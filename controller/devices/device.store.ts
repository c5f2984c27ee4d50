import type { DeviceKind } from '../../protocol/index.js';

export interface DeviceRecord {
	id: string;
	name: string;
	kind: DeviceKind;
	/** sha256 of the device token; the token itself is only ever held by the device. */
	tokenHash: string | null;
	createdAt: string;
	pairedAt: string | null;
}

export interface PairingRecord {
	deviceId: string;
	/** sha256 of the one-time pairing code. */
	codeHash: string;
	expiresAt: string;
}

export interface DeviceStore {
	get(id: string): Promise<DeviceRecord | null>;
	list(): Promise<DeviceRecord[]>;
	put(device: DeviceRecord): Promise<void>;
	putPairing(pairing: PairingRecord): Promise<void>;
	/** Removes and returns the pairing with this code if it has not expired (single use). */
	takePairing(codeHash: string, now: Date): Promise<PairingRecord | null>;
}
