import { CONSENT_VERSIONS, type Locale } from '../../protocol/index.js';

/**
 * The consent texts a member agrees to, by version. A member's record keeps the version they saw;
 * a new wording gets a new version (in protocol/members.ts) and a new entry here, never an edit.
 */
export const CONSENT_TEXTS: Record<string, Record<Locale, string>> = {
	[CONSENT_VERSIONS.terms]: {
		'zh-Hant':
			'我同意成為本商場會員，並同意商場以我的手機號碼識別我的會員身分、記錄我在服務機與合作店家的消費與優惠使用，以提供會員服務。我可隨時於「我的資料」頁查看或刪除我的資料。',
		'zh-Hans':
			'我同意成为本商场会员，并同意商场以我的手机号码识别我的会员身份、记录我在服务机与合作商户的消费与优惠使用，以提供会员服务。我可随时在“我的资料”页查看或删除我的资料。',
		en: 'I agree to become a member of this mall and for the mall to identify me by my mobile number and to record my purchases and coupon use at its kiosks and partner shops in order to provide member services. I can see or delete my data at any time on the “My data” page.'
	},
	[CONSENT_VERSIONS.marketing]: {
		'zh-Hant': '我同意收到商場與合作店家的優惠及活動訊息（簡訊）。我可隨時取消。',
		'zh-Hans': '我同意接收商场与合作商户的优惠及活动信息（短信）。我可随时取消。',
		en: 'I agree to receive offers and event news from the mall and its partner shops by text message. I can opt out at any time.'
	}
};
