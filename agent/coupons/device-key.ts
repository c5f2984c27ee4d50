import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

/**
 * The device's own Ed25519 key: it signs coupons minted offline, and the controller verifies them
 * with the public half it received with the lease. Made once, kept owner-only on the device.
 */
export class DeviceKey {
	private constructor(
		private key: KeyObject,
		readonly publicKey: string
	) {}

	static async open(path: string): Promise<DeviceKey> {
		let pem: string;
		try {
			pem = await readFile(path, 'utf8');
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
			const { privateKey } = generateKeyPairSync('ed25519');
			pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
			await writeFile(path, pem, { mode: 0o600, flag: 'wx' });
		}
		const key = createPrivateKey(pem);
		const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
		return new DeviceKey(key, spki.toString('base64url'));
	}

	sign(text: string): string {
		return sign(null, Buffer.from(text), this.key).toString('base64url');
	}
}
