import type { Locale } from '$protocol';

const messages = {
	en: {
		title: 'Atrium console',
		signIn: 'Sign in',
		username: 'User name',
		password: 'Password',
		signOut: 'Sign out',
		devices: 'Devices',
		device: 'Device',
		kind: 'Type',
		state: 'State',
		online: 'Online',
		offline: 'Offline',
		lastSeen: 'Last seen',
		replica: 'Content version',
		pending: 'Events waiting',
		liveFeed: 'Live interactions',
		time: 'Time',
		event: 'Event',
		details: 'Details',
		noEvents: 'No interactions yet. Tap a shop on a kiosk.',
		noAccess: 'Your role cannot see this.',
		signedInAs: 'Signed in as {name} ({role})',
		language: 'Language',
		connectionLost: 'Connection to the controller lost; reconnecting…'
	},
	'zh-Hant': {
		title: 'Atrium 管理台',
		signIn: '登入',
		username: '帳號',
		password: '密碼',
		signOut: '登出',
		devices: '裝置',
		device: '裝置',
		kind: '類型',
		state: '狀態',
		online: '在線',
		offline: '離線',
		lastSeen: '最後回報',
		replica: '內容版本',
		pending: '待送事件',
		liveFeed: '即時互動',
		time: '時間',
		event: '事件',
		details: '內容',
		noEvents: '尚無互動。請在資訊站點選一間店舖。',
		noAccess: '您的角色無法檢視此內容。',
		signedInAs: '{name}（{role}）已登入',
		language: '語言',
		connectionLost: '與控制器的連線中斷，重新連線中…'
	},
	'zh-Hans': {
		title: 'Atrium 管理台',
		signIn: '登录',
		username: '账号',
		password: '密码',
		signOut: '退出',
		devices: '设备',
		device: '设备',
		kind: '类型',
		state: '状态',
		online: '在线',
		offline: '离线',
		lastSeen: '最后上报',
		replica: '内容版本',
		pending: '待发事件',
		liveFeed: '实时互动',
		time: '时间',
		event: '事件',
		details: '内容',
		noEvents: '暂无互动。请在信息屏点选一家店铺。',
		noAccess: '您的角色无法查看此内容。',
		signedInAs: '{name}（{role}）已登录',
		language: '语言',
		connectionLost: '与控制器的连接中断，正在重连…'
	}
} as const satisfies Record<Locale, Record<string, string>>;

export type ConsoleMessage = keyof (typeof messages)['en'];

export function message(locale: Locale, key: ConsoleMessage, vars: Record<string, string> = {}): string {
	return (messages[locale][key] as string).replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');
}

/** The console's language: the one picked last on this browser, else the browser's own. */
export function initialLocale(): Locale {
	const saved = localStorage.getItem('atrium:console-locale');
	if (saved === 'en' || saved === 'zh-Hant' || saved === 'zh-Hans') return saved;
	const nav = navigator.language.toLowerCase();
	if (nav.startsWith('zh')) return nav.includes('cn') || nav.includes('hans') ? 'zh-Hans' : 'zh-Hant';
	return 'en';
}

export function saveLocale(locale: Locale): void {
	localStorage.setItem('atrium:console-locale', locale);
}
