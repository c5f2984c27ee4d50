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
		offline: '離線模式：仍可瀏覽',
		getCoupon: '領取優惠券',
		printing: '正在列印優惠券…',
		printed: '請從下方出紙口取走您的優惠券',
		printedCode: '券號 {code}',
		printerDown: '印表機暫時無法列印，請用手機領取優惠券',
		scanToTake: '用手機掃描 QR 碼，優惠券就在您的手機上',
		close: '關閉',
		alsoOnPhone: '也存到手機'
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
		offline: '离线模式：仍可浏览',
		getCoupon: '领取优惠券',
		printing: '正在打印优惠券…',
		printed: '请从下方出纸口取走您的优惠券',
		printedCode: '券号 {code}',
		printerDown: '打印机暂时无法打印，请用手机领取优惠券',
		scanToTake: '用手机扫描二维码，优惠券就在您的手机上',
		close: '关闭',
		alsoOnPhone: '也存到手机'
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
		offline: 'Offline: browsing still works',
		getCoupon: 'Get coupon',
		printing: 'Printing your coupon…',
		printed: 'Take your coupon from the slot below',
		printedCode: 'Code {code}',
		printerDown: 'The printer can’t print right now — take the coupon on your phone',
		scanToTake: 'Scan the QR code with your phone to keep the coupon there',
		close: 'Close',
		alsoOnPhone: 'Also on my phone'
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
