import type { Locale } from '$protocol';

/** Every string the search panel and its keyboard show, in the mall's three languages. */
const messages = {
	'zh-Hant': {
		searchLabel: '搜尋店舖',
		placeholder: '輸入店名、拼音或英文',
		hint: '可用拼音首字母搜尋，例如 xbk 找到星巴克',
		noResults: '找不到「{q}」',
		noResultsHint: '試試拼音首字母，例如 xbk',
		oneResult: '1 個結果',
		results: '{n} 個結果',
		moreResults: '最相符的 {n} 個結果，繼續輸入可縮小範圍',
		showMore: '顯示更多',
		matched: '符合：',
		keyboard: '鍵盤',
		space: '空格',
		backspace: '刪除',
		clear: '清除'
	},
	'zh-Hans': {
		searchLabel: '搜索店铺',
		placeholder: '输入店名、拼音或英文',
		hint: '可用拼音首字母搜索，例如 xbk 找到星巴克',
		noResults: '找不到“{q}”',
		noResultsHint: '试试拼音首字母，例如 xbk',
		oneResult: '1 个结果',
		results: '{n} 个结果',
		moreResults: '最相符的 {n} 个结果，继续输入可缩小范围',
		showMore: '显示更多',
		matched: '匹配：',
		keyboard: '键盘',
		space: '空格',
		backspace: '删除',
		clear: '清除'
	},
	en: {
		searchLabel: 'Search shops',
		placeholder: 'Type a name, pinyin or English',
		hint: 'Pinyin initials work too: xbk finds 星巴克',
		noResults: 'Nothing found for “{q}”',
		noResultsHint: 'Try pinyin initials, like xbk',
		oneResult: '1 result',
		results: '{n} results',
		moreResults: 'Best {n} matches — keep typing to narrow them down',
		showMore: 'Show more',
		matched: 'Matched: ',
		keyboard: 'Keyboard',
		space: 'Space',
		backspace: 'Delete',
		clear: 'Clear'
	}
} as const satisfies Record<Locale, Record<string, string>>;

export type SearchMessageKey = keyof (typeof messages)['en'];

export function message(
	locale: Locale,
	key: SearchMessageKey,
	vars: Record<string, string | number> = {}
): string {
	return (messages[locale][key] as string).replace(/\{(\w+)\}/g, (_, k: string) =>
		String(vars[k] ?? '')
	);
}
