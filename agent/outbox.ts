import { open, mkdir, readFile, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { InteractionEvent } from '../protocol/index.js';

/**
 * The agent's durable outbox. An event is acknowledged to the screen only once it is fsync'd here,
 * and leaves only once the controller has acknowledged its own journal write. Two append-only files:
 * `outbox.ndjson` (events) and `acked.ndjson` (ids the controller confirmed); appends that arrive
 * while a write is in flight share the next write and sync (group commit).
 */
export class Outbox {
	#pending = new Map<string, InteractionEvent>();
	#inflight = new Set<string>();
	#known = new Set<string>();
	#events: AppendFile;
	#acks: AppendFile;
	#ackedSinceCompaction = 0;
	#listeners = new Set<() => void>();

	private constructor(
		private dir: string,
		events: AppendFile,
		acks: AppendFile
	) {
		this.#events = events;
		this.#acks = acks;
	}

	static async open(dir: string): Promise<Outbox> {
		await mkdir(dir, { recursive: true });
		const eventsPath = join(dir, 'outbox.ndjson');
		const acksPath = join(dir, 'acked.ndjson');
		const acked = new Set(readLines(await readOrEmpty(acksPath)) as string[]);
		const pending = (readLines(await readOrEmpty(eventsPath)) as InteractionEvent[]).filter(
			(e) => !acked.has(e.id)
		);
		// Start each run compacted: only what is still owed to the controller.
		await writeAtomically(eventsPath, pending.map((e) => JSON.stringify(e) + '\n').join(''));
		await writeFile(acksPath, '');
		const box = new Outbox(dir, await AppendFile.open(eventsPath), await AppendFile.open(acksPath));
		for (const e of pending) {
			box.#pending.set(e.id, e);
			box.#known.add(e.id);
		}
		return box;
	}

	/** Resolves once the events are on disk. An id already held is not stored twice. */
	async add(events: readonly InteractionEvent[]): Promise<number> {
		const fresh = events.filter((e) => !this.#known.has(e.id));
		if (fresh.length === 0) return 0;
		for (const e of fresh) this.#known.add(e.id);
		try {
			await this.#events.append(fresh.map((e) => JSON.stringify(e) + '\n').join(''));
		} catch (err) {
			for (const e of fresh) this.#known.delete(e.id);
			throw err;
		}
		for (const e of fresh) this.#pending.set(e.id, e);
		for (const l of this.#listeners) l();
		return fresh.length;
	}

	/** The oldest events not already on their way, marked as on their way. */
	take(max: number): InteractionEvent[] {
		const out: InteractionEvent[] = [];
		for (const [id, e] of this.#pending) {
			if (out.length >= max) break;
			if (this.#inflight.has(id)) continue;
			this.#inflight.add(id);
			out.push(e);
		}
		return out;
	}

	/** A delivery failed: the events are due again. */
	release(ids: readonly string[]): void {
		for (const id of ids) this.#inflight.delete(id);
	}

	/** The controller has journaled these: they may go. */
	async ack(ids: readonly string[]): Promise<void> {
		await this.#acks.append(ids.map((id) => JSON.stringify(id) + '\n').join(''));
		for (const id of ids) {
			this.#pending.delete(id);
			this.#inflight.delete(id);
		}
		this.#ackedSinceCompaction += ids.length;
		if (this.#pending.size === 0 && this.#ackedSinceCompaction > 10_000) await this.#compact();
	}

	get size(): number {
		return this.#pending.size;
	}

	get idle(): boolean {
		return this.#pending.size === this.#inflight.size;
	}

	onAdded(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	async #compact(): Promise<void> {
		// Everything is acknowledged, so both files can start empty; ids are forgotten with them.
		await this.#events.truncate();
		await this.#acks.truncate();
		this.#known = new Set(this.#pending.keys());
		this.#ackedSinceCompaction = 0;
	}

	async close(): Promise<void> {
		await this.#events.close();
		await this.#acks.close();
	}
}

/** One file, appended to with group commit. */
class AppendFile {
	#queue: string[] = [];
	#waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
	#running: Promise<void> | null = null;

	private constructor(
		private path: string,
		private fh: FileHandle
	) {}

	static async open(path: string): Promise<AppendFile> {
		return new AppendFile(path, await open(path, 'a'));
	}

	append(text: string): Promise<void> {
		this.#queue.push(text);
		const done = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
		this.#running ??= this.#drain();
		return done;
	}

	async #drain(): Promise<void> {
		await new Promise<void>((r) => setImmediate(r));
		while (this.#queue.length > 0) {
			const text = this.#queue.join('');
			const waiters = this.#waiters;
			this.#queue = [];
			this.#waiters = [];
			try {
				await this.fh.write(text);
				await this.fh.datasync();
				for (const w of waiters) w.resolve();
			} catch (err) {
				for (const w of waiters) w.reject(err);
			}
		}
		this.#running = null;
	}

	async truncate(): Promise<void> {
		await this.#running;
		await this.fh.truncate(0);
		await this.fh.datasync();
	}

	async close(): Promise<void> {
		await this.#running;
		await this.fh.close();
	}
}

async function readOrEmpty(path: string): Promise<string> {
	try {
		return await readFile(path, 'utf8');
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
		throw err;
	}
}

/** Parses NDJSON, dropping a torn last line: its append never resolved, so nobody was told it was kept. */
function readLines(text: string): unknown[] {
	const lines = text.split('\n');
	lines.pop(); // the part after the last newline: empty, or torn
	return lines.filter((l) => l.length > 0).map((l) => JSON.parse(l) as unknown);
}

export async function writeAtomically(path: string, text: string): Promise<void> {
	const tmp = `${path}.tmp`;
	const fh = await open(tmp, 'w');
	try {
		await fh.write(text);
		await fh.datasync();
	} finally {
		await fh.close();
	}
	await rename(tmp, path);
}
