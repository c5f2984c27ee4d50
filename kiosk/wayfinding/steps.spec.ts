import { describe, it, expect } from 'vitest';
import type { Route, RouteStep } from './router';
import { describeRoute, describeStep } from './steps';

const LABELS: Record<string, string> = { 'lv-b1': 'B1', 'lv-l1': 'L1', 'lv-l2': 'L2' };
const ctx = (locale: 'zh-Hant' | 'zh-Hans' | 'en', targetName?: string) => ({
	levelLabel: (id: string) => LABELS[id],
	locale,
	targetName
});

const elevator: RouteStep = {
	kind: 'connector',
	levelId: 'lv-l1',
	distanceM: 0,
	connector: { kind: 'elevator', name: 'E2', toLevelId: 'lv-l2', direction: 'up' }
};
const escalatorUp: RouteStep = {
	kind: 'connector',
	levelId: 'lv-l1',
	distanceM: 16.8,
	connector: { kind: 'escalator', name: 'ES3', toLevelId: 'lv-l2', direction: 'up' }
};
const stairsDown: RouteStep = {
	kind: 'connector',
	levelId: 'lv-l1',
	distanceM: 5,
	connector: { kind: 'stairs', toLevelId: 'lv-b1', direction: 'down' }
};
const walk: RouteStep = { kind: 'walk', levelId: 'lv-l1', distanceM: 39.6 };
const arrive: RouteStep = { kind: 'arrive', levelId: 'lv-l2', distanceM: 0 };

describe('describeStep', () => {
	it('names the elevator and the mall’s level in each language', () => {
		expect(describeStep(elevator, ctx('en'))).toBe('Take elevator E2 to L2');
		expect(describeStep(elevator, ctx('zh-Hant'))).toBe('搭乘電梯 E2 到 L2');
		expect(describeStep(elevator, ctx('zh-Hans'))).toBe('乘坐电梯 E2 到 L2');
	});

	it('says which way an escalator goes', () => {
		expect(describeStep(escalatorUp, ctx('en'))).toBe('Take the escalator ES3 up to L2');
		expect(describeStep(escalatorUp, ctx('zh-Hant'))).toBe('搭乘手扶梯 ES3 上樓到 L2');
		expect(describeStep(escalatorUp, ctx('zh-Hans'))).toBe('乘坐扶梯 ES3 上楼到 L2');
	});

	it('reads naturally when a connector has no name', () => {
		expect(describeStep(stairsDown, ctx('en'))).toBe('Take the stairs down to B1');
		expect(describeStep(stairsDown, ctx('zh-Hant'))).toBe('走樓梯下樓到 B1');
		expect(describeStep(stairsDown, ctx('zh-Hans'))).toBe('走楼梯下楼到 B1');
		const unnamed: RouteStep = { ...elevator, connector: { kind: 'elevator', toLevelId: 'lv-b1' } };
		expect(describeStep(unnamed, ctx('en'))).toBe('Take the elevator to B1');
		expect(describeStep(unnamed, ctx('zh-Hant'))).toBe('搭乘電梯到 B1');
	});

	it('rounds walking distances the way a shopper reads them', () => {
		expect(describeStep(walk, ctx('en'))).toBe('Walk 40 m');
		expect(describeStep(walk, ctx('zh-Hant'))).toBe('步行 40 公尺');
		expect(describeStep(walk, ctx('zh-Hans'))).toBe('步行 40 米');
		expect(describeStep({ ...walk, distanceM: 163 }, ctx('en'))).toBe('Walk 160 m');
		expect(describeStep({ ...walk, distanceM: 0.4 }, ctx('en'))).toBe('Walk 1 m');
	});

	it('arrives at the named place, or at the destination', () => {
		expect(describeStep(arrive, ctx('en', 'Starbucks'))).toBe('Arrive at Starbucks');
		expect(describeStep(arrive, ctx('zh-Hant', '星巴克'))).toBe('抵達 星巴克');
		expect(describeStep(arrive, ctx('zh-Hans', '星巴克'))).toBe('到达 星巴克');
		expect(describeStep(arrive, ctx('en'))).toBe('Arrive at your destination');
	});
});

describe('describeRoute', () => {
	const route: Route = {
		from: 'a',
		to: 'b',
		stepFree: false,
		distanceM: 183,
		durationS: 170,
		steps: [walk, escalatorUp, arrive],
		path: []
	};
	it('sums up time and distance', () => {
		expect(describeRoute(route, ctx('zh-Hant'))).toBe('約 3 分鐘 · 180 公尺');
		expect(describeRoute(route, ctx('zh-Hans'))).toBe('约 3 分钟 · 180 米');
		expect(describeRoute(route, ctx('en'))).toBe('about 3 min · 180 m');
	});
	it('never promises less than a minute', () => {
		expect(describeRoute({ ...route, durationS: 12, distanceM: 14 }, ctx('en'))).toBe(
			'about 1 min · 14 m'
		);
	});
});
