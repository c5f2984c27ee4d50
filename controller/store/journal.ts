import { open, mkdir, readdir, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * An append-only journal of NDJSON segments with group commit: every append waiting while a write is
 * in flight goes out in the next single write + fdatasync, so a burst of small appends costs one
 * sync, and no append resolves before its bytes are on disk.
 *
 * lowdb is not used here on purpose: it rewrites its whole file on every write.
 */
export interface JournalOptions {
	/** Roll to a new segment once the current one is this large. */
	segmentBytes?: number;
	/** Skip fdatasync (benchmarks of the sync cost only; never in production). */
	sync?: boolean;
}

interface Waiter {
	resolve: () => void;
	reject: (err: unknown) => void;
}

const SEGMENT = /^(\d{8})\.ndjson$/;

export class Journal<T> {
	readonly dir: string;
	readonly #segmentBytes: number;
	readonly #sync: boolean;
	#fh: FileHandle | null = null;
	#segment = 0;
	#size = 0;
	#queue: string[] = [];
	#waiters: Waiter[] = [];
	#flushing: Promise<void> | null = null;
	#closed = false;

	constructor(dir: string, options: JournalOptions = {}) {
		this.dir = dir;
		this.#segmentBytes = options.segmentBytes ?? 64 * 1024 * 1024;
		this.#sync = options.sync ?? true;
	}

	/**
	 * Opens the journal and replays every entry in order through `fold`. A torn last line (the
	 * process died mid-write) is cut off: its append never resolved, so nobody was told it was kept.
	 */
	async open(fold: (entry: T) => void): Promise<number> {
		await mkdir(this.dir, { recursive: true });
		const segments = (await readdir(this.dir))
			.map((name) => SEGMENT.exec(name))
			.filter((m): m is RegExpExecArray => m !== null)
			.map((m) => Number(m[1]))
			.sort((a, b) => a - b);
		let count = 0;
		for (const [i, n] of segments.entries()) {
			const path = this.#path(n);
			const text = await readFile(path, 'utf8');
			let start = 0;
			while (start < text.length) {
				const end = text.indexOf('\n', start);
				if (end === -1) {
					if (i === segments.length - 1) {
						await truncate(path, Buffer.byteLength(text.slice(0, start)));
						break;
					}
					throw new Error(`journal ${path}: unterminated line in a sealed segment`);
				}
				const line = text.slice(start, end);
				start = end + 1;
				if (line.length === 0) continue;
				fold(JSON.parse(line) as T);
				count++;
			}
		}
		this.#segment = segments.at(-1) ?? 1;
		await this.#openSegment(this.#segment);
		return count;
	}

	/** Resolves once every entry is durably on disk. */
	append(entries: readonly T[]): Promise<void> {
		if (this.#closed) return Promise.reject(new Error('journal closed'));
		if (entries.length === 0) return Promise.resolve();
		let chunk = '';
		for (const e of entries) chunk += JSON.stringify(e) + '\n';
		this.#queue.push(chunk);
		const done = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
		this.#flushing ??= this.#flush();
		return done;
	}

	async #flush(): Promise<void> {
		// Let the appends of the current tick join this commit.
		await new Promise<void>((r) => setImmediate(r));
		while (this.#queue.length > 0) {
			const data = Buffer.from(this.#queue.join(''));
			const waiters = this.#waiters;
			this.#queue = [];
			this.#waiters = [];
			try {
				if (this.#size > 0 && this.#size + data.length > this.#segmentBytes) {
					await this.#fh?.close();
					await this.#openSegment(this.#segment + 1);
				}
				const fh = this.#fh;
				if (!fh) throw new Error('journal not open');
				await fh.write(data, 0, data.length);
				if (this.#sync) await fh.datasync();
				this.#size += data.length;
				for (const w of waiters) w.resolve();
			} catch (err) {
				for (const w of waiters) w.reject(err);
			}
		}
		this.#flushing = null;
	}

	async #openSegment(n: number): Promise<void> {
		this.#segment = n;
		this.#fh = await open(this.#path(n), 'a');
		this.#size = (await this.#fh.stat()).size;
	}

	#path(n: number): string {
		return join(this.dir, `${String(n).padStart(8, '0')}.ndjson`);
	}

	async close(): Promise<void> {
		this.#closed = true;
		await this.#flushing;
		await this.#fh?.close();
		this.#fh = null;
	}
}
