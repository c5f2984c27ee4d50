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
	#fetching = new Map<string, Promise<boolean>>();
	/** The files the replica names: only those are fetched on demand. */
	#named = new Set<string>();

	constructor(
		private dir: string,
		private controllerUrl: string
	) {}

	/** Fetches what the replica names and the cache lacks; failures are retried on the next sync. */
	sync(data: ReplicaData): Promise<void> {
		this.#named = new Set(data.media.map((m) => m.src));
		this.#running ??= this.#fetchMissing(data).finally(() => (this.#running = null));
		return this.#running;
	}

	async #fetchMissing(data: ReplicaData): Promise<void> {
		await mkdir(this.dir, { recursive: true });
		for (const item of data.media) await this.#fetch(item.src);
	}

	/** Downloads one file unless it is cached; false when the controller could not give it. */
	#fetch(file: string): Promise<boolean> {
		let pending = this.#fetching.get(file);
		if (!pending) {
			pending = this.#download(file).finally(() => this.#fetching.delete(file));
			this.#fetching.set(file, pending);
		}
		return pending;
	}

	async #download(file: string): Promise<boolean> {
		const path = join(this.dir, file);
		if (await stat(path).catch(() => null)) return true;
		try {
			await mkdir(this.dir, { recursive: true });
			const res = await fetch(`${this.controllerUrl}/media/${file}`, { signal: AbortSignal.timeout(10_000) });
			if (!res.ok) return false;
			await writeFile(`${path}.part`, Buffer.from(await res.arrayBuffer()));
			await rename(`${path}.part`, path);
			return true;
		} catch {
			// Offline: the next replica sync tries again.
			return false;
		}
	}

	/** Serves `/media/<file>`; returns false when the file is not cached. */
	async serve(file: string, res: ServerResponse): Promise<boolean> {
		if (!/^[a-z0-9][a-z0-9-]*\.(svg|png|jpg|webp)$/.test(file)) return false;
		const path = join(this.dir, file);
		let info = await stat(path).catch(() => null);
		// A screen asking before the first sync got this far (a fresh device): fetch it now, once.
		if (!info && this.#named.has(file) && (await this.#fetch(file))) info = await stat(path).catch(() => null);
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
