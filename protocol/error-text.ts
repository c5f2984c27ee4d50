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
	internal: ['系統發生問題，請稍後再試。', '系统出现问题，请稍后再试。', 'Something went wrong on our side.']
};

const INDEX: Record<Locale, 0 | 1 | 2> = { 'zh-Hant': 0, 'zh-Hans': 1, en: 2 };

export function errorText(code: string, locale: Locale): string {
	const row = (TEXT as Record<string, [string, string, string]>)[code] ?? TEXT.internal;
	return row[INDEX[locale]];
}
