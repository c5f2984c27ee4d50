import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Per-member keys for the phone numbers in the member journal. The journal is append-only, so an
 * erased member's entries stay on disk; their phone number is sealed under the member's own key,
 * and erasing the member destroys that key ("crypto-shredding"), leaving ciphertext nobody can read.
 */
export interface KeyVault {
	/** Every live key, by member id. */
	open(): Promise<Map<string, Buffer>>;
	put(memberId: string, key: Buffer): Promise<void>;
	delete(memberId: string): Promise<void>;
	close(): Promise<void>;
}

/**
 * The embedded vault: one NDJSON file. Adding a key appends and syncs; deleting one rewrites the
 * file without it (erasures are rare) and renames it into place, so a crash leaves either file whole.
 */
export class FileVault implements KeyVault {
	#keys = new Map<string, Buffer>();
	#chain: Promise<void> = Promise.resolve();

	constructor(readonly path: string) {}

	async open(): Promise<Map<string, Buffer>> {
		await mkdir(dirname(this.path), { recursive: true });
		const text = await readFile(this.path, 'utf8').catch((err: NodeJS.ErrnoException) => {
			if (err.code === 'ENOENT') return '';
			throw err;
		});
		for (const line of text.split('\n')) {
			if (!line) continue;
			try {
				const { m, k } = JSON.parse(line) as { m: string; k: string | null };
				if (k === null) this.#keys.delete(m);
				else this.#keys.set(m, Buffer.from(k, 'base64url'));
			} catch {
				// A torn last line: its put never resolved, so no member was created with that key.
			}
		}
		return new Map(this.#keys);
	}

	put(memberId: string, key: Buffer): Promise<void> {
		return this.#serial(async () => {
			await this.#append(JSON.stringify({ m: memberId, k: key.toString('base64url') }) + '\n');
			this.#keys.set(memberId, key);
		});
	}

	delete(memberId: string): Promise<void> {
		return this.#serial(async () => {
			this.#keys.delete(memberId);
			let text = '';
			for (const [m, k] of this.#keys)
				text += JSON.stringify({ m, k: k.toString('base64url') }) + '\n';
			const tmp = `${this.path}.tmp`;
			const fh = await open(tmp, 'w', 0o600);
			try {
				await fh.writeFile(text);
				await fh.datasync();
			} finally {
				await fh.close();
			}
			await rename(tmp, this.path);
		});
	}

	async close(): Promise<void> {
		await this.#chain;
	}

	async #append(line: string): Promise<void> {
		const fh = await open(this.path, 'a', 0o600);
		try {
			await fh.write(line);
			await fh.datasync();
		} finally {
			await fh.close();
		}
	}

	#serial(step: () => Promise<void>): Promise<void> {
		const run = this.#chain.then(step);
		this.#chain = run.catch(() => undefined);
		return run;
	}
}

/** AES-256-GCM under the member's key, bound to the member id; `iv.ciphertext.tag` in base64url. */
export function seal(key: Buffer, memberId: string, text: string): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(memberId));
	const ct = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
	return [iv, ct, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.');
}

export function unseal(key: Buffer, memberId: string, sealed: string): string | null {
	const [iv, ct, tag] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
	try {
		const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(memberId));
		decipher.setAuthTag(tag);
		return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
	} catch {
		return null;
	}
}

export function newMemberKey(): Buffer {
	return randomBytes(32);
}
