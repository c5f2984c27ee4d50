import type { Locale } from '$protocol';

/** Every string the kiosk shows, in the mall's three languages. */
const messages = {
	'zh-Hant': {
		language: '繁體',
		touchToStart: '輕觸螢幕開始',
		allCategories: '全部',
		allFloors: '全部樓層',
		directory: '店舖導覽',
		floor: '樓層',
		unit: '位置',
		openNow: '營業中',
		closedNow: '休息中',
		hoursToday: '今日營業時間',
		closedToday: '今日公休',
		phone: '電話',
		back: '返回',
		shopsCount: '{n} 間店舖',
		offers: '優惠',
		idleTitle: '還在嗎？',
		idleBody: '{n} 秒後將回到首頁並清除這次的瀏覽內容。',
		stay: '繼續使用',
		offline: '離線模式：仍可瀏覽'
	},
	'zh-Hans': {
		language: '简体',
		touchToStart: '轻触屏幕开始',
		allCategories: '全部',
		allFloors: '全部楼层',
		directory: '店铺导览',
		floor: '楼层',
		unit: '位置',
		openNow: '营业中',
		closedNow: '休息中',
		hoursToday: '今日营业时间',
		closedToday: '今日休息',
		phone: '电话',
		back: '返回',
		shopsCount: '{n} 家店铺',
		offers: '优惠',
		idleTitle: '还在吗？',
		idleBody: '{n} 秒后将回到首页并清除这次的浏览内容。',
		stay: '继续使用',
		offline: '离线模式：仍可浏览'
	},
	en: {
		language: 'English',
		touchToStart: 'Touch to start',
		allCategories: 'All',
		allFloors: 'All floors',
		directory: 'Shop directory',
		floor: 'Floor',
		unit: 'Unit',
		openNow: 'Open now',
		closedNow: 'Closed now',
		hoursToday: 'Today',
		closedToday: 'Closed today',
		phone: 'Phone',
		back: 'Back',
		shopsCount: '{n} shops',
		offers: 'Offers',
		idleTitle: 'Still there?',
		idleBody: 'In {n} seconds this screen returns to the start and clears what you looked at.',
		stay: 'Keep browsing',
		offline: 'Offline: browsing still works'
	}
} as const satisfies Record<Locale, Record<string, string>>;

export type MessageKey = keyof (typeof messages)['en'];

export function message(locale: Locale, key: MessageKey, vars: Record<string, string | number> = {}): string {
	return (messages[locale][key] as string).replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

export const LANGUAGE_NAMES: Record<Locale, string> = {
	'zh-Hant': messages['zh-Hant'].language,
	'zh-Hans': messages['zh-Hans'].language,
	en: messages.en.language
};
