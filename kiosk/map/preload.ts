import type { Component } from 'svelte';
import type { MapViewProps } from './types';

let loading: Promise<Component<MapViewProps>> | null = null;

/**
 * Loads the map's code (three.js and the scene) once. The kiosk's first screen must not carry it, so
 * this is the only place that imports MapView. Calling it early (say, when a shop page opens) hides
 * the load behind the shopper's reading time.
 */
export function loadMapView(): Promise<Component<MapViewProps>> {
	loading ??= import('./MapView.svelte').then(
		(m) => m.default,
		(err: unknown) => {
			// A failed chunk load must not stick: the next attempt retries.
			loading = null;
			throw err;
		}
	);
	return loading;
}
