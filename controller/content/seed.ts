import { join } from 'node:path';
import type { ReplicaData } from '../../protocol/index.js';
import { loadContent } from './content.loader.js';
import { loadImdf } from './imdf.loader.js';
import { buildSearchIndex } from './search-index.js';

/** The demo mall (or any mall's content folder) as the first replica: content, map, search keys. */
export async function seedFromContent(dir: string): Promise<ReplicaData> {
	const data = await loadContent(dir);
	return {
		...data,
		map: await loadImdf(join(dir, 'map'), data.mall.floors, data.shops),
		search: buildSearchIndex(data)
	};
}
