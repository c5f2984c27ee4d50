import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Documents that change rarely (users, devices, sessions, settings), in one lowdb JSON file.
 * `JSONFile` is used directly rather than `JSONFilePreset`, which silently stops writing under
 * NODE_ENV=test and would make persistence tests pass for the wrong reason.
 */
export async function openDocuments<T extends object>(path: string, initial: T): Promise<Low<T>> {
	await mkdir(dirname(path), { recursive: true });
	const db = new Low<T>(new JSONFile<T>(path), initial);
	await db.read();
	// Fill in collections added since the file was written.
	db.data = { ...structuredClone(initial), ...db.data };
	return db;
}

/** Serialises writes: lowdb's own write is atomic (temp file + rename) but not queued. */
export class WriteQueue {
	#tail: Promise<unknown> = Promise.resolve();
	run<R>(task: () => Promise<R>): Promise<R> {
		const next = this.#tail.then(task, task);
		this.#tail = next.catch(() => undefined);
		return next;
	}
}
