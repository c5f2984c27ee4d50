import {
	AmbientLight,
	BufferGeometry,
	DirectionalLight,
	ExtrudeGeometry,
	Float32BufferAttribute,
	Group,
	LineBasicMaterial,
	LineLoop,
	Mesh,
	MeshBasicMaterial,
	MeshLambertMaterial,
	OrthographicCamera,
	Scene,
	Shape,
	ShapeGeometry,
	Vector2,
	Vector3,
	WebGLRenderer,
	type Material,
	type Object3D
} from 'three';
import type { MapData, MapUnit } from '$protocol';
import type { Route } from '../wayfinding/router';
import { fitOrtho, ribbon, routeOnLevel, viewBounds, type Point } from './geometry';
import { FLOOR_FILL, FLOOR_STROKE, HIGHLIGHT, ROUTE_COLOR, UNIT_STYLE } from './style';

/** Degrees the camera leans from straight down: enough to see shop walls, not enough to hide the walkways. */
const TILT = 36;
/** Route strip width in metres: about a third of a walkway, readable from a step back. */
const ROUTE_WIDTH = 1.6;
/** The route floats above escalator and walkway tops and is drawn over everything else. */
const ROUTE_Z = 0.7;

export interface SceneView {
	levelId: string;
	highlightUnitId: string | null;
	route: Route | null;
}

/**
 * The 3D floor map: one floor at a time, turned so the way the shopper faces is up, drawn only when
 * something changes (no animation loop: kiosks render WebGL in software, and the CPU is shared).
 */
export class FloorScene {
	#renderer: WebGLRenderer;
	#scene = new Scene();
	#camera = new OrthographicCamera(-1, 1, 1, -1, 1, 4000);
	/** Holds every floor, turned about the vertical axis by the kiosk's heading. */
	#root = new Group();
	#levels = new Map<string, Group>();
	#unitMeshes = new Map<string, Mesh>();
	#highlight: { unitId: string; mesh: Group } | null = null;
	#route = new Group();
	#materials = new Map<string, Material>();
	#map: MapData;
	#heading: number;
	#width = 1;
	#height = 1;
	#view: SceneView | null = null;

	constructor(canvas: HTMLCanvasElement, map: MapData, headingDeg: number, onLost?: () => void) {
		this.#map = map;
		this.#heading = headingDeg;
		this.#renderer = new WebGLRenderer({ canvas, antialias: true, alpha: true, powerPreference: 'low-power' });
		this.#renderer.setPixelRatio(Math.min(globalThis.devicePixelRatio ?? 1, 2));
		if (onLost) canvas.addEventListener('webglcontextlost', onLost, { once: true });
		this.#root.rotation.z = (headingDeg * Math.PI) / 180;
		this.#root.add(this.#route);
		this.#scene.add(this.#root, new AmbientLight(0xffffff, 2.1));
		const sun = new DirectionalLight(0xffffff, 1.4);
		sun.position.set(-0.4, -1, 2);
		this.#scene.add(sun);
		this.#camera.up.set(0, 1, 0);
	}

	/** `insetRight` px on the right stay clear of the map: the floor buttons sit there. */
	resize(width: number, height: number, insetRight = 0): void {
		this.#width = Math.max(1, Math.round(width));
		this.#height = Math.max(1, Math.round(height));
		this.#renderer.setSize(this.#width, this.#height, false);
		const b = viewBounds(this.#map, this.#heading);
		const usable = Math.max(1, this.#width - insetRight);
		const fit = fitOrtho(b, usable, this.#height, TILT, HIGHLIGHT.height);
		const perPx = fit.width / usable;
		const cam = this.#camera;
		cam.left = (-perPx * this.#width) / 2;
		cam.right = (perPx * this.#width) / 2;
		cam.top = fit.height / 2;
		cam.bottom = -fit.height / 2;
		const t = (TILT * Math.PI) / 180;
		const cx = (b.minX + b.maxX) / 2 + (insetRight / 2) * perPx;
		// Walls rise towards the top of the screen: shift the view up by half their on-screen height.
		const cy = (b.minY + b.maxY) / 2 + (HIGHLIGHT.height * Math.tan(t)) / 2;
		const d = 1000;
		cam.position.set(cx, cy - d * Math.sin(t), d * Math.cos(t));
		cam.lookAt(cx, cy, 0);
		cam.updateProjectionMatrix();
		if (this.#view) this.#draw();
	}

	show(view: SceneView): void {
		this.#view = view;
		for (const [id, group] of this.#levels) group.visible = id === view.levelId;
		this.#level(view.levelId).visible = true;
		this.#setHighlight(view.highlightUnitId);
		this.#setRoute(view.route, view.levelId);
		this.#draw();
	}

	/** Where a map point (metres, at `z` metres above its floor) lands on the canvas, in CSS px. */
	project(point: Point, z = 0): { x: number; y: number } {
		const v = new Vector3(point[0], point[1], z).applyMatrix4(this.#root.matrixWorld).project(this.#camera);
		return { x: ((v.x + 1) / 2) * this.#width, y: ((1 - v.y) / 2) * this.#height };
	}

	/** How tall a unit stands, so its label sits on its roof rather than at its foot. */
	unitHeight(unitId: string): number {
		if (this.#highlight?.unitId === unitId) return HIGHLIGHT.height;
		const unit = this.#map.units.find((u) => u.id === unitId);
		return unit ? UNIT_STYLE[unit.kind].height : 0;
	}

	dispose(): void {
		this.#scene.traverse((o: Object3D) => {
			if (o instanceof Mesh || o instanceof LineLoop) (o.geometry as BufferGeometry).dispose();
		});
		for (const m of this.#materials.values()) m.dispose();
		this.#materials.clear();
		this.#levels.clear();
		this.#unitMeshes.clear();
		this.#renderer.dispose();
		// Chromium keeps a handful of live WebGL contexts per page; give this one back now.
		this.#renderer.forceContextLoss();
	}

	#draw(): void {
		this.#root.updateMatrixWorld(true);
		this.#renderer.render(this.#scene, this.#camera);
	}

	#material(key: string, make: () => Material): Material {
		let m = this.#materials.get(key);
		if (!m) {
			m = make();
			this.#materials.set(key, m);
		}
		return m;
	}

	#fill(color: string): Material {
		return this.#material(`fill:${color}`, () => new MeshLambertMaterial({ color }));
	}

	#stroke(color: string): Material {
		return this.#material(`line:${color}`, () => new LineBasicMaterial({ color }));
	}

	#level(levelId: string): Group {
		let group = this.#levels.get(levelId);
		if (group) return group;
		group = new Group();
		// Built on demand (the highlight may sit on another floor); shown only when its floor is.
		group.visible = levelId === this.#view?.levelId;
		const level = this.#map.levels.find((l) => l.id === levelId);
		if (level) {
			const floor = new Mesh(new ShapeGeometry(shape(level.outline)), this.#fill(FLOOR_FILL));
			group.add(floor, outline(level.outline, 0.01, this.#stroke(FLOOR_STROKE)));
		}
		for (const unit of this.#map.units) {
			if (unit.levelId !== levelId) continue;
			const style = UNIT_STYLE[unit.kind];
			const mesh = block(unit, style.height, this.#fill(style.fill));
			this.#unitMeshes.set(unit.id, mesh);
			group.add(mesh, outline(unit.polygon, style.height + 0.02, this.#stroke(style.stroke)));
		}
		this.#levels.set(levelId, group);
		this.#root.add(group);
		return group;
	}

	#setHighlight(unitId: string | null): void {
		if (this.#highlight?.unitId === unitId) return;
		if (this.#highlight) {
			const old = this.#highlight;
			old.mesh.removeFromParent();
			old.mesh.traverse((o) => {
				if (o instanceof Mesh || o instanceof LineLoop) (o.geometry as BufferGeometry).dispose();
			});
			const mesh = this.#unitMeshes.get(old.unitId);
			if (mesh) mesh.visible = true;
			this.#highlight = null;
		}
		const unit = unitId ? this.#map.units.find((u) => u.id === unitId) : undefined;
		if (!unit) return;
		this.#level(unit.levelId);
		const plain = this.#unitMeshes.get(unit.id);
		if (plain) plain.visible = false;
		const group = new Group();
		group.add(
			block(unit, HIGHLIGHT.height, this.#fill(HIGHLIGHT.fill)),
			outline(unit.polygon, HIGHLIGHT.height + 0.02, this.#stroke(HIGHLIGHT.stroke))
		);
		this.#levels.get(unit.levelId)!.add(group);
		this.#highlight = { unitId: unit.id, mesh: group };
	}

	#setRoute(route: Route | null, levelId: string): void {
		for (const child of [...this.#route.children]) {
			child.removeFromParent();
			if (child instanceof Mesh) (child.geometry as BufferGeometry).dispose();
		}
		const casing = this.#material(
			'route:casing',
			() => new MeshBasicMaterial({ color: '#ffffff', depthTest: false })
		);
		const line = this.#material('route:line', () => new MeshBasicMaterial({ color: ROUTE_COLOR, depthTest: false }));
		for (const points of routeOnLevel(route, levelId)) {
			const outer = new Mesh(strip(points, ROUTE_WIDTH * 1.6), casing);
			const inner = new Mesh(strip(points, ROUTE_WIDTH), line);
			outer.renderOrder = 10;
			inner.renderOrder = 11;
			this.#route.add(outer, inner);
		}
	}
}

function shape(ring: Point[]): Shape {
	return new Shape(ring.map(([x, y]) => new Vector2(x, y)));
}

function block(unit: MapUnit, height: number, material: Material): Mesh {
	if (height < 0.2) {
		const flat = new Mesh(new ShapeGeometry(shape(unit.polygon)), material);
		flat.position.z = height;
		return flat;
	}
	return new Mesh(new ExtrudeGeometry(shape(unit.polygon), { depth: height, bevelEnabled: false }), material);
}

function outline(ring: Point[], z: number, material: Material): LineLoop {
	const g = new BufferGeometry();
	g.setAttribute('position', new Float32BufferAttribute(ring.flatMap(([x, y]) => [x, y, z]), 3));
	return new LineLoop(g, material);
}

function strip(points: Point[], width: number): BufferGeometry {
	const { positions, indices } = ribbon(points, width);
	const xyz: number[] = [];
	for (let i = 0; i < positions.length; i += 2) xyz.push(positions[i], positions[i + 1], ROUTE_Z);
	const g = new BufferGeometry();
	g.setAttribute('position', new Float32BufferAttribute(xyz, 3));
	g.setIndex(indices);
	return g;
}
