import type { Locale } from '$protocol';
import type { Route, RouteStep } from './router';

export interface StepContext {
	/** The mall's own name for a level, as signed on site: "L2", "B1". */
	levelLabel(levelId: string): string;
	locale: Locale;
	/** Names the destination in the arrive step ("Arrive at Starbucks"). */
	targetName?: string;
}

type Connector = NonNullable<RouteStep['connector']>;

const text = {
	'zh-Hant': {
		walk: (m: string) => `步行 ${m} 公尺`,
		elevator: (name: string, to: string) => `搭乘電梯 ${name} 到 ${to}`,
		escalator: (name: string, dir: string, to: string) => `搭乘手扶梯 ${name} ${dir}到 ${to}`,
		stairs: (name: string, dir: string, to: string) => `走樓梯 ${name} ${dir}到 ${to}`,
		up: '上樓',
		down: '下樓',
		arriveAt: (name: string) => `抵達 ${name}`,
		arrive: '抵達目的地',
		summary: (min: number, m: string) => `約 ${min} 分鐘 · ${m} 公尺`
	},
	'zh-Hans': {
		walk: (m: string) => `步行 ${m} 米`,
		elevator: (name: string, to: string) => `乘坐电梯 ${name} 到 ${to}`,
		escalator: (name: string, dir: string, to: string) => `乘坐扶梯 ${name} ${dir}到 ${to}`,
		stairs: (name: string, dir: string, to: string) => `走楼梯 ${name} ${dir}到 ${to}`,
		up: '上楼',
		down: '下楼',
		arriveAt: (name: string) => `到达 ${name}`,
		arrive: '到达目的地',
		summary: (min: number, m: string) => `约 ${min} 分钟 · ${m} 米`
	},
	en: {
		walk: (m: string) => `Walk ${m} m`,
		elevator: (name: string, to: string) =>
			`Take ${name ? `elevator ${name}` : 'the elevator'} to ${to}`,
		escalator: (name: string, dir: string, to: string) =>
			`Take the escalator ${name} ${dir} to ${to}`,
		stairs: (name: string, dir: string, to: string) => `Take the stairs ${name} ${dir} to ${to}`,
		up: 'up',
		down: 'down',
		arriveAt: (name: string) => `Arrive at ${name}`,
		arrive: 'Arrive at your destination',
		summary: (min: number, m: string) => `about ${min} min · ${m} m`
	}
} satisfies Record<Locale, unknown>;

/** Distances as a shopper reads them: metres under 100, tens of metres beyond. */
function metres(m: number): string {
	const r = m < 100 ? Math.max(1, Math.round(m)) : Math.round(m / 10) * 10;
	return String(r);
}

/** One line of turn-by-turn text, in the shopper's language, with the mall's own level names. */
export function describeStep(step: RouteStep, ctx: StepContext): string {
	const t = text[ctx.locale];
	if (step.kind === 'walk') return t.walk(metres(step.distanceM));
	if (step.kind === 'arrive') return ctx.targetName ? t.arriveAt(ctx.targetName) : t.arrive;
	const c: Connector = step.connector ?? { kind: 'elevator', toLevelId: step.levelId };
	const to = ctx.levelLabel(c.toLevelId);
	const name = c.name ?? '';
	// A connector without a direction reads as "to L2", which is still right.
	const dir = c.direction ? t[c.direction] : '';
	const line =
		c.kind === 'elevator'
			? t.elevator(name, to)
			: c.kind === 'escalator'
				? t.escalator(name, dir, to)
				: t.stairs(name, dir, to);
	// Templates leave a gap for a missing name or direction; Chinese runs no space between characters.
	return line.replace(/ {2,}/g, ' ').replace(/(\p{Script=Han}) (?=\p{Script=Han})/gu, '$1');
}

/** The route in one line: "約 3 分鐘 · 180 公尺" / "about 3 min · 180 m". */
export function describeRoute(route: Route, ctx: Pick<StepContext, 'locale'>): string {
	const minutes = Math.max(1, Math.round(route.durationS / 60));
	return text[ctx.locale].summary(minutes, metres(route.distanceM));
}
