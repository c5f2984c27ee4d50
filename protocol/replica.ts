import type { ReplicaData } from './content.js';
import type { ReplicaChange, ReplicaSingleton } from './device.js';

const SINGLETONS = new Set<string>(['mall', 'map', 'search'] satisfies ReplicaSingleton[]);

/** Pure: applies a delta to replica data. The controller and agents use the same function to stay in step. */
export function applyChanges(data: ReplicaData, changes: readonly ReplicaChange[]): ReplicaData {
	const out = structuredClone(data) as Record<string, unknown>;
	for (const change of changes) {
		if (SINGLETONS.has(change.collection)) {
			const value = change.upsert.at(-1);
			if (value !== undefined) out[change.collection] = value;
			continue;
		}
		const list = (out[change.collection] as { id: string }[]).filter(
			(item) => !change.remove.includes(item.id)
		);
		for (const doc of change.upsert as { id: string }[]) {
			const i = list.findIndex((item) => item.id === doc.id);
			if (i === -1) list.push(doc);
			else list[i] = doc;
		}
		out[change.collection] = list;
	}
	return out as ReplicaData;
}
