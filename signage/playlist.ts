import type { MediaItem, ReplicaData } from '$protocol';

/** The items a signage screen loops through, in order, skipping ids the replica does not hold. */
export function playlistItems(data: ReplicaData, playlistId: string): MediaItem[] {
	const playlist = data.playlists.find((p) => p.id === playlistId) ?? data.playlists[0];
	if (!playlist) return [];
	return playlist.items
		.map((id) => data.media.find((m) => m.id === id))
		.filter((m): m is MediaItem => m !== undefined);
}
