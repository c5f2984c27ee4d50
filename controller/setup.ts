import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Role } from '../protocol/index.js';
import type { AuthService } from './auth/auth.service.js';
import { generatePassword } from './auth/password.js';
import type { DeviceService } from './devices/device.service.js';

/** The controller's signing key: made on first run, kept private to the owner of the data folder. */
export async function loadSecret(path: string): Promise<Buffer> {
	try {
		const text = await readFile(path, 'utf8');
		return Buffer.from(text.trim(), 'base64');
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
		const secret = randomBytes(32);
		await mkdir(dirname(path), { recursive: true });
		await writeFile(path, secret.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
		return secret;
	}
}

export const DEMO_DEVICES = [
	{ id: 'kiosk-demo-1', name: 'B1 Food Hall kiosk', kind: 'kiosk' },
	{ id: 'signage-demo-1', name: 'L1 Atrium signage wall', kind: 'signage' }
] as const;

export const DEMO_USERS: {
	username: string;
	displayName: string;
	role: Role;
	shopId?: string;
	manager?: boolean;
}[] = [
	{ username: 'admin', displayName: 'Mall administrator', role: 'admin' },
	{ username: 'editor', displayName: 'Content editor', role: 'editor' },
	{ username: 'technician', displayName: 'Field technician', role: 'technician' },
	{ username: 'marketer', displayName: 'Marketing', role: 'marketer' },
	{ username: 'staff-starbucks', displayName: 'Starbucks counter', role: 'staff', shopId: 'starbucks' },
	{
		username: 'manager-starbucks',
		displayName: 'Starbucks store manager',
		role: 'staff',
		shopId: 'starbucks',
		manager: true
	}
];

export interface DemoSetup {
	passwords: Record<string, string>;
	/** One-time codes for demo devices that have not paired yet. */
	pairing: Record<string, string>;
}

/**
 * The demo mall's start-up: fresh passwords for the demo users on every start (no password is ever
 * fixed in code or reused from an earlier run), the demo devices in the registry, and pairing codes
 * for those devices that have no token yet.
 */
export async function setupDemo(
	auth: AuthService,
	devices: DeviceService,
	pairingFile: string
): Promise<DemoSetup> {
	const passwords: Record<string, string> = {};
	for (const user of DEMO_USERS) {
		const password = generatePassword();
		await auth.createUser({ ...user, password });
		passwords[user.username] = password;
	}
	const pairing: Record<string, string> = {};
	for (const d of DEMO_DEVICES) {
		const record = await devices.register(d.id, d.name, d.kind);
		pairing[d.id] = await devices.issuePairingCode(record.id);
	}
	await mkdir(dirname(pairingFile), { recursive: true });
	await writeFile(pairingFile, JSON.stringify(pairing, null, '\t') + '\n', { mode: 0o600 });
	return { passwords, pairing };
}
