import { createReadStream } from 'node:fs';
import { mkdir, stat, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import type { ReplicaData } from '../protocol/index.js';

const TYPES: Record<string, string> = {
	svg: 'image/svg+xml',
	png: 'image/png',
	jpg: 'image/jpeg',
	webp: 'image/webp'
};

/**
 * Signage and attract media, downloaded once from the controller and served to the screen from the
 * device's disk, so a screen keeps playing when the network is gone.
 */
export class MediaCache {
	#running: Promise<void> | null = null;

	constructor(
		private dir: string,
		private controllerUrl: string
	) {}

	/** Fetches what the replica names and the cache lacks; failures are retried on the next sync. */
	sync(data: ReplicaData): Promise<void> {
		this.#running ??= this.#fetchMissing(data).finally(() => (this.#running = null));
		return this.#running;
	}

	async #fetchMissing(data: ReplicaData): Promise<void> {
		await mkdir(this.dir, { recursive: true });
		for (const item of data.media) {
			const path = join(this.dir, item.src);
			if (await stat(path).catch(() => null)) continue;
			try {
				const res = await fetch(`${this.controllerUrl}/media/${item.src}`, {
					signal: AbortSignal.timeout(10_000)
				});
				if (!res.ok) continue;
				await writeFile(`${path}.part`, Buffer.from(await res.arrayBuffer()));
				await rename(`${path}.part`, path);
			} catch {
				// Offline: the next replica sync tries again.
			}
		}
	}

	/** Serves `/media/<file>`; returns false when the file is not cached. */
	async serve(file: string, res: ServerResponse): Promise<boolean> {
		if (!/^[a-z0-9][a-z0-9-]*\.(svg|png|jpg|webp)$/.test(file)) return false;
		const path = join(this.dir, file);
		const info = await stat(path).catch(() => null);
		if (!info?.isFile()) return false;
		res.writeHead(200, {
			'content-type': TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream',
			'content-length': info.size,
			'cache-control': 'public, max-age=300'
		});
		createReadStream(path).pipe(res);
		return true;
	}
}
