import type { ErrorCode } from './errors.js';
import type { Locale } from './locale.js';

/**
 * The protocol's errors as people read them, in the mall's three languages. Screens show these;
 * the English in errors.ts is for logs and API clients.
 */
const TEXT: Record<ErrorCode, [zhHant: string, zhHans: string, en: string]> = {
	invalid_payload: ['資料格式不正確。', '数据格式不正确。', 'The request was not in the expected form.'],
	unknown_event: ['不支援的操作。', '不支持的操作。', 'This action is not supported.'],
	unauthenticated: ['請先登入。', '请先登录。', 'Please sign in first.'],
	forbidden: ['您的角色無法執行此操作。', '您的角色无法执行此操作。', 'Your role does not allow this.'],
	unknown_device: ['此裝置未登記。', '此设备未登记。', 'This device is not registered.'],
	bad_credentials: ['帳號或密碼錯誤。', '账号或密码错误。', 'Wrong user name or password.'],
	bad_pairing_code: ['配對碼無效或已使用。', '配对码无效或已使用。', 'This pairing code is unknown or already used.'],
	not_found: ['找不到。', '找不到。', 'Not found.'],
	too_large: ['內容太大。', '内容太大。', 'That is too large.'],
	rate_limited: ['嘗試次數過多，請稍候再試。', '尝试次数过多，请稍后再试。', 'Too many attempts; please wait a moment.'],
	unavailable: ['暫時無法連線，請稍候。', '暂时无法连接，请稍候。', 'Cannot connect right now; please try again shortly.'],
	campaign_not_found: ['此優惠不存在。', '此优惠不存在。', 'This offer does not exist.'],
	campaign_not_active: ['此優惠目前未開放。', '此优惠目前未开放。', 'This offer is not running right now.'],
	out_of_stock: ['此優惠已全數領完。', '此优惠已全部领完。', 'This offer has run out.'],
	limit_reached: ['您已達此優惠的領取上限。', '您已达到此优惠的领取上限。', 'You have already taken this offer as often as it allows.'],
	members_only: ['此優惠限會員領取。', '此优惠仅限会员领取。', 'This offer is for members.'],
	lease_exhausted: ['本機暫無此優惠券可發，恢復連線後即可領取。', '本机暂无此优惠券可发，恢复连接后即可领取。', 'This kiosk is out of this coupon until it is back online.'],
	coupon_not_found: ['查無此券號。', '查无此券号。', 'No coupon has this code.'],
	bad_code: ['這不是有效的券號。', '这不是有效的券号。', 'This is not a coupon code.'],
	bad_signature: ['優惠券驗證失敗，可能遭竄改。', '优惠券验证失败，可能被篡改。', 'This coupon failed verification; it may have been altered.'],
	coupon_expired: ['此優惠券已過期。', '此优惠券已过期。', 'This coupon has expired.'],
	coupon_not_yet_valid: ['此優惠券尚未生效。', '此优惠券尚未生效。', 'This coupon is not valid yet.'],
	wrong_shop: ['此優惠券不適用於本店。', '此优惠券不适用于本店。', 'This coupon is for another shop.'],
	already_redeemed: ['此優惠券已使用過。', '此优惠券已使用过。', 'This coupon has already been used.'],
	not_redeemed: ['此優惠券尚未使用。', '此优惠券尚未使用。', 'This coupon has not been used.'],
	undo_window_passed: ['已超過可撤銷的時間。', '已超过可撤销的时间。', 'It is too late to undo this.'],
	internal: ['系統發生問題，請稍後再試。', '系统出现问题，请稍后再试。', 'Something went wrong on our side.'],
	phone_invalid: ['這不是有效的電話號碼。', '这不是有效的电话号码。', 'This is not a valid phone number.'],
	phone_not_mobile: ['此號碼無法接收簡訊，請使用手機號碼。', '此号码无法接收短信，请使用手机号码。', 'This number cannot receive text messages; please use a mobile number.'],
	code_wrong: ['驗證碼錯誤。', '验证码错误。', 'This verification code is wrong.'],
	code_expired: ['驗證碼已失效，請重新取得。', '验证码已失效，请重新获取。', 'This verification code has expired; please request a new one.'],
	code_locked: ['驗證碼錯誤次數過多，請稍候再試。', '验证码错误次数过多，请稍后再试。', 'Too many wrong codes; please wait before trying again.'],
	join_token_invalid: ['此加入條碼無效。', '此加入二维码无效。', 'This join code is not valid.'],
	join_token_used: ['此加入條碼已使用過，請重新掃描服務機上的條碼。', '此加入二维码已使用过，请重新扫描服务机上的二维码。', 'This join code has already been used; please scan the kiosk again.'],
	join_token_expired: ['此加入條碼已過期，請重新掃描服務機上的條碼。', '此加入二维码已过期，请重新扫描服务机上的二维码。', 'This join code has expired; please scan the kiosk again.'],
	card_invalid: ['會員條碼無效。', '会员码无效。', 'This member code is not valid.'],
	card_expired: ['會員條碼已過期，請出示手機上即時更新的條碼。', '会员码已过期，请出示手机上实时更新的会员码。', 'This member code has expired; please show the live one on your phone.'],
	card_used: ['此會員條碼已掃描過，請出示手機上即時更新的條碼。', '此会员码已扫描过，请出示手机上实时更新的会员码。', 'This member code was already scanned; please show the live one on your phone.'],
	unknown_channel: ['無法辨識此加入連結。', '无法识别此加入链接。', 'This join link is not recognised.'],
	signature_invalid: ['請求簽章無效。', '请求签名无效。', 'The request signature is not valid.'],
	consent_required: ['請先同意最新版會員條款。', '请先同意最新版会员条款。', 'Please agree to the current membership terms first.'],
	member_not_found: ['查無此會員。', '查无此会员。', 'This member does not exist.'],
	unknown_staff: ['查無此店員帳號。', '查无此店员账号。', 'No staff member has this user name.'],
	unknown_shop: ['查無此店家。', '查无此店铺。', 'No shop has this id.'],
	too_many_watches: ['開啟的會員頁面過多，請先關閉其中一個。', '打开的会员页面过多，请先关闭其中一个。', 'Too many member pages are open; please close one first.']
};

const INDEX: Record<Locale, 0 | 1 | 2> = { 'zh-Hant': 0, 'zh-Hans': 1, en: 2 };

export function errorText(code: string, locale: Locale): string {
	const row = (TEXT as Record<string, [string, string, string]>)[code] ?? TEXT.internal;
	return row[INDEX[locale]];
}
