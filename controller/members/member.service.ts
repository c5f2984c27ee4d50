import { createHmac, timingSafeEqual } from 'node:crypto';
import {
	AtriumError,
	CONSENT_VERSIONS,
	uuidv7,
	type JoinContext,
	type JoinStart,
	type JoinVerify,
	type Locale,
	type MemberView,
	type Role
} from '../../protocol/index.js';
import type { AttributionCounter, AttributionStats, ConsoleMember } from '../../protocol/index.js';
export type { AttributionCounter, AttributionStats, ConsoleMember };
import type { Clock } from '../clock.js';
import { CONSENT_TEXTS } from './consent.js';
import { AttributionTally } from './attribution.js';
import {
	consoleView,
	latest,
	memberMatcher,
	memberView,
	PHONE_ROLES,
	type MemberState
} from './member.views.js';
import { DEFAULT_LIMITS, OneTimeCodes, type CodeSources, type MemberLimits } from './one-time-codes.js';
export { DEFAULT_LIMITS, type MemberLimits };
import type { Attribution, MemberEntry, MemberJournal } from './member.ledger.js';
import { maskPhone, normalizePhone, type NormalizedPhone } from './phone.js';
import type { SmsSender } from './sms.js';
import {
	CARD_TTL_MS,
	CHANNELS,
	JOIN_TTL_MS,
	SpentNonces,
	TokenSigner,
	newNonce,
	type AttributionToken,
	type Channel,
	type JoinToken
} from './tokens.js';
import { newMemberKey, seal, unseal, type KeyVault } from './vault.js';

export const MEMBER_COOKIE = 'atrium_member';
export const MEMBER_COOKIE_MAX_AGE_S = 30 * 24 * 60 * 60;
const MINUTE = 60_000;

export interface MemberServiceOptions {
	publicUrl: string;
	clock: Clock;
	sms: SmsSender;
	limits?: Partial<MemberLimits>;
	/** The brand in the text message: "【Atrium】…". */
	brand?: string;
	/** Names for the join page; ids only reach it otherwise. */
	staffName?: (staffId: string) => string | null;
	shopName?: (shopId: string, locale: Locale) => string | null;
	/** The member's points, folded from the journal by the profiles (0 when unknown). */
	points?: (memberId: string) => number;
}

export interface JoinResult {
	member: MemberView;
	created: boolean;
	/** The kiosk session whose QR was scanned, to greet the member there. */
	session: { sessionId: string; deviceId: string } | null;
	attribution: Attribution;
}

const SMS_TEXT: Record<Locale, (brand: string, code: string, minutes: number) => string> = {
	'zh-Hant': (b, c, m) => `【${b}】您的會員驗證碼為 ${c}，${m} 分鐘內有效。請勿告訴他人。`,
	'zh-Hans': (b, c, m) => `【${b}】您的会员验证码为 ${c}，${m} 分钟内有效。请勿告诉他人。`,
	en: (b, c, m) => `${b}: your member code is ${c}. It expires in ${m} minutes. Do not share it.`
};

/**
 * Members: joining with a one-time code, the rotating member card, attribution and erasure. As in
 * the coupon service, each check and its reservation happen in one synchronous step (spending the
 * code, the join token's nonce, the phone number) before the ledger write is awaited; a failed
 * write rolls the reservation back. OTP and rate-limit state lives in memory only: a restart costs
 * a shopper one new code, never a member.
 */
export class MemberService {
	readonly #startedAt: number;
	readonly #signer: TokenSigner;
	readonly #codes: OneTimeCodes;
	#members = new Map<string, MemberState>();
	#byPhone = new Map<string, string>();
	#keys = new Map<string, Buffer>();
	#orderIds = new Set<string>();
	#joinNonces = new SpentNonces();
	#cardNonces = new SpentNonces();
	#tally = new AttributionTally();
	#erasedListeners = new Set<(memberId: string) => void>();

	constructor(
		private journal: MemberJournal,
		private vault: KeyVault,
		private secret: Buffer,
		private options: MemberServiceOptions
	) {
		this.#signer = new TokenSigner(secret);
		this.#codes = new OneTimeCodes({ ...DEFAULT_LIMITS, ...options.limits });
		this.#startedAt = this.#now();
	}

	/**
	 * Single-use tokens (join QRs, member cards) remember their spent nonces in memory only. Those
	 * issued before this process started are refused as expired, so a restart cannot make a used one
	 * good again: phones and kiosks fetch fresh ones well within their lifetimes.
	 */
	#issuedBeforeStart(exp: number, ttlMs: number): boolean {
		// `exp` is carried in whole seconds.
		return exp - ttlMs < this.#startedAt - 1000;
	}

	/** Folds the ledger; returns the number of entries read. */
	async open(): Promise<number> {
		this.#keys = await this.vault.open();
		const count = await this.journal.open((entry) => this.#apply(entry));
		// An erasure journaled just before a crash may have left its key behind: finish the job.
		for (const m of this.#members.values()) {
			if (m.erasedAt && this.#keys.has(m.id)) {
				this.#keys.delete(m.id);
				await this.vault.delete(m.id);
			}
		}
		return count;
	}

	// --- joining ---

	/** Sends a one-time code to the number, after the token and rate-limit checks. */
	async startJoin(
		input: JoinStart,
		ip: string
	): Promise<{ phoneMasked: string; expiresAt: string; resendAfter: string }> {
		const now = this.#now();
		const { e164 } = this.#phone(input.phone, input.region);
		const join = input.joinToken ? this.#joinToken(input.joinToken, now) : null;
		if (input.attribution) this.#attributionToken(input.attribution);
		const L = this.#codes.limits;
		const sources: CodeSources = join
			? [
					[`session:${join.sessionId}`, L.perSourcePerHour],
					[`kiosk:${join.deviceId}`, L.perKioskPerHour]
				]
			: [[`ip:${ip}`, L.perSourcePerHour]];
		// Reserved before the message is handed to the gateway.
		const issued = this.#codes.issue(e164, sources, now);
		try {
			const minutes = Math.round(L.codeTtlMs / MINUTE);
			await this.options.sms.send(
				e164,
				SMS_TEXT[input.locale](this.options.brand ?? 'Atrium', issued.code, minutes)
			);
		} catch {
			issued.rollback();
			throw new AtriumError('unavailable', 'the SMS gateway refused the message');
		}
		return {
			phoneMasked: maskPhone(e164),
			expiresAt: iso(issued.expiresAt),
			resendAfter: iso(issued.resendAfter)
		};
	}

	/**
	 * Checks the code and joins: creates the member (or finds them: an existing member keeps their
	 * first-touch attribution), records consent, and spends the kiosk's join token.
	 */
	async verifyJoin(input: JoinVerify): Promise<JoinResult> {
		const now = this.#now();
		const { e164, region: country } = this.#phone(input.phone, input.region);
		if (input.consentTerms !== true || input.termsVersion !== CONSENT_VERSIONS.terms) {
			throw new AtriumError('consent_required', undefined, 'termsVersion');
		}
		if (input.marketingVersion !== CONSENT_VERSIONS.marketing) {
			throw new AtriumError('consent_required', undefined, 'marketingVersion');
		}
		// Tokens first: a stale QR must not cost the shopper their code.
		const join = input.joinToken ? this.#joinToken(input.joinToken, now) : null;
		const attr = input.attribution ? this.#attributionToken(input.attribution) : null;
		// Reserve synchronously: the code, the join token, the phone number.
		const unspend = this.#codes.spend(e164, input.code, now);
		if (join) this.#joinNonces.spend(join.nonce, join.exp, now);
		const at = iso(now);
		const existingId = this.#byPhone.get(e164);
		const entries: MemberEntry[] = [];
		let key: Buffer | null = null;
		let memberId: string;
		if (existingId) {
			memberId = existingId;
		} else {
			memberId = uuidv7(now);
			key = newMemberKey();
			entries.push({
				kind: 'created',
				memberId,
				phone: seal(key, memberId, e164),
				country,
				locale: input.locale,
				attribution: {
					channel: attr?.channel ?? (join ? 'kiosk' : null),
					staffId: attr?.staffId ?? null,
					shopId: attr?.shopId ?? null,
					kioskId: join?.deviceId ?? null,
					sessionId: join?.sessionId ?? null
				},
				at
			});
		}
		const current = existingId ? this.#members.get(existingId) : undefined;
		const terms = current && latest(current, 'terms');
		if (!terms || !terms.granted || terms.version !== input.termsVersion) {
			entries.push({
				kind: 'consent',
				memberId,
				consent: 'terms',
				version: input.termsVersion,
				granted: true,
				at
			});
		}
		const marketing = current && latest(current, 'marketing');
		if (
			!marketing ||
			marketing.granted !== input.consentMarketing ||
			marketing.version !== input.marketingVersion
		) {
			entries.push({
				kind: 'consent',
				memberId,
				consent: 'marketing',
				version: input.marketingVersion,
				granted: input.consentMarketing,
				at
			});
		}
		if (key) this.#keys.set(memberId, key);
		for (const e of entries) this.#apply(e);
		try {
			if (key) await this.vault.put(memberId, key);
			await this.journal.append(entries);
		} catch (err) {
			for (const e of [...entries].reverse()) this.#unapply(e);
			if (key) this.#keys.delete(memberId);
			unspend();
			if (join) this.#joinNonces.release(join.nonce);
			throw err;
		}
		this.#codes.forget(e164);
		const member = this.#members.get(memberId) as MemberState;
		return {
			member: memberView(member, this.#points(member.id)),
			created: !existingId,
			session: join ? { sessionId: join.sessionId, deviceId: join.deviceId } : null,
			attribution: member.attribution
		};
	}

	/** The URL for a kiosk session's join QR. */
	joinQr(deviceId: string, sessionId: string): { url: string; expiresAt: string } {
		const exp = this.#now() + JOIN_TTL_MS;
		const token = this.#signer.sign({ kind: 'join', sessionId, deviceId, exp, nonce: newNonce() });
		return { url: `${this.options.publicUrl}/m/join?t=${token}`, expiresAt: iso(exp) };
	}

	/** The URL for a staff member's or a channel's printed join QR. */
	attributionQr(channel: string, staffId?: string | null, shopId?: string | null): string {
		if (!isChannel(channel)) throw new AtriumError('unknown_channel', undefined, 'channel');
		const token = this.#signer.sign({
			kind: 'attr',
			channel,
			staffId: staffId || null,
			shopId: shopId || null
		});
		return `${this.options.publicUrl}/m/join?a=${token}`;
	}

	/** What the join page shows: where the shopper came from and the consent texts. */
	joinContext(
		query: { t?: string | null; a?: string | null },
		locale: Locale = 'zh-Hant'
	): JoinContext {
		let source: JoinContext['source'] = 'direct';
		let channel: string | null = null;
		let staffName: string | null = null;
		let shopName: string | null = null;
		if (query.t) {
			this.#joinToken(query.t, this.#now());
			source = 'kiosk';
			channel = 'kiosk';
		}
		if (query.a) {
			const attr = this.#attributionToken(query.a);
			if (source === 'direct') source = 'channel';
			channel = attr.channel;
			staffName = attr.staffId ? (this.options.staffName?.(attr.staffId) ?? null) : null;
			shopName = attr.shopId ? (this.options.shopName?.(attr.shopId, locale) ?? null) : null;
		}
		return {
			source,
			channel,
			staffName,
			shopName,
			terms: { version: CONSENT_VERSIONS.terms, text: CONSENT_TEXTS[CONSENT_VERSIONS.terms] },
			marketing: {
				version: CONSENT_VERSIONS.marketing,
				text: CONSENT_TEXTS[CONSENT_VERSIONS.marketing]
			}
		};
	}

	// --- the member card ---

	issueCard(memberId: string): { token: string; expiresAt: string } {
		this.#live(memberId);
		const exp = this.#now() + CARD_TTL_MS;
		return {
			token: this.#signer.sign({ kind: 'card', memberId, exp, nonce: newNonce() }),
			expiresAt: iso(exp)
		};
	}

	/** A kiosk scanned a member card: each card QR is good for one scan within its minute. */
	identify(scanned: string, _deviceId: string, _sessionId: string): MemberView {
		const now = this.#now();
		const token = this.#signer.verify(cardText(scanned));
		if (!token || token.kind !== 'card') throw new AtriumError('card_invalid');
		if (token.exp <= now || this.#issuedBeforeStart(token.exp, CARD_TTL_MS)) throw new AtriumError('card_expired');
		const member = this.#members.get(token.memberId);
		if (!member || member.erasedAt) throw new AtriumError('card_invalid');
		if (!this.#cardNonces.spend(token.nonce, token.exp, now)) throw new AtriumError('card_used');
		return memberView(member, this.#points(member.id));
	}

	// --- the member's own view, export and erasure ---

	view(memberId: string): MemberView {
		return memberView(this.#live(memberId), this.#points(memberId));
	}

	/** Everything held about a member, as the member (or an admin) downloads it. */
	exportMember(memberId: string): Record<string, unknown> {
		const m = this.#members.get(memberId);
		if (!m) throw new AtriumError('member_not_found');
		const exportedAt = iso(this.#now());
		if (m.erasedAt) return { exportedAt, member: { id: m.id, erasedAt: m.erasedAt, phone: null } };
		return {
			exportedAt,
			member: {
				id: m.id,
				phone: m.e164,
				country: m.country,
				locale: m.locale,
				joinedAt: m.joinedAt,
				attribution: m.attribution,
				consents: m.consents,
				orders: m.orders
			}
		};
	}

	/**
	 * Erases a member: the phone number becomes unreadable (its key is destroyed), the profile is
	 * dropped from memory, and the same number may join again as a new member. Aggregates (sign-up
	 * and order counts) keep counting them, with nothing that points back to a person.
	 */
	async erase(memberId: string): Promise<void> {
		const m = this.#live(memberId);
		const entry: MemberEntry = { kind: 'erased', memberId, at: iso(this.#now()) };
		const before = { ...m };
		this.#apply(entry);
		try {
			await this.journal.append([entry]);
		} catch (err) {
			Object.assign(m, before);
			if (before.e164) this.#byPhone.set(before.e164, m.id);
			throw err;
		}
		this.#keys.delete(memberId);
		await this.vault.delete(memberId);
		for (const listener of this.#erasedListeners) listener(memberId);
	}

	/**
	 * Called with a member's id once their erasure is journaled, whoever asked for it (the member on
	 * their phone, an admin on the console), so what other services derived from them goes too.
	 * Returns its own cleanup.
	 */
	onErased(listener: (memberId: string) => void): () => void {
		this.#erasedListeners.add(listener);
		return () => this.#erasedListeners.delete(listener);
	}

	/** Whether this member existed and was erased (their journaled events must be skipped). */
	isErased(memberId: string): boolean {
		return this.#members.get(memberId)?.erasedAt != null;
	}

	// --- phone session cookie ---

	memberCookie(memberId: string): string {
		const issued = Math.floor(this.#now() / 1000);
		return `${memberId}.${issued}.${this.#cookieMac(memberId, issued)}`;
	}

	/** The member a cookie names, if it is genuine, not older than 30 days, and the member exists. */
	memberFromCookie(value: string | undefined): string | null {
		if (!value) return null;
		const m = /^([0-9a-f-]{36})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
		if (!m) return null;
		const issued = Number(m[2]);
		const given = Buffer.from(m[3]);
		const expected = Buffer.from(this.#cookieMac(m[1], issued));
		if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
		if ((issued + MEMBER_COOKIE_MAX_AGE_S) * 1000 <= this.#now()) return null;
		const member = this.#members.get(m[1]);
		return member && !member.erasedAt ? member.id : null;
	}

	// --- console ---

	/**
	 * Members for the console, newest first, the phone masked unless the role may see it. `query`
	 * matches the end of the phone number (its digits) or a member id (whole, or its first 8+
	 * characters). A role that sees masked numbers matches only as many trailing digits as its mask
	 * shows, or the whole number: guessing a number digit by digit must not reveal it.
	 */
	list(role: Role, { query, limit = 100 }: { query?: string; limit?: number } = {}): ConsoleMember[] {
		const match = query?.trim() ? memberMatcher(query.trim(), PHONE_ROLES.includes(role)) : null;
		const out: ConsoleMember[] = [];
		const all = [...this.#members.values()];
		for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
			const m = all[i];
			if (m.erasedAt || !m.e164) continue;
			if (match && !match(m.id, m.e164)) continue;
			out.push(consoleView(m, m.e164, role));
		}
		return out;
	}

	/** One member as the console shows them to `role`; null for an unknown or erased member. */
	consoleMember(memberId: string, role: Role): ConsoleMember | null {
		const m = this.#members.get(memberId);
		if (!m || m.erasedAt || !m.e164) return null;
		return consoleView(m, m.e164, role);
	}

	attributionStats(): AttributionStats {
		return this.#tally.snapshot();
	}

	// --- for the order desk ---

	/** The live member with this number, for crediting an order. */
	findByPhone(
		e164: string
	): { memberId: string; joinedAt: string; attribution: Attribution } | null {
		const id = this.#byPhone.get(e164);
		const m = id ? this.#members.get(id) : undefined;
		return m ? { memberId: m.id, joinedAt: m.joinedAt, attribution: m.attribution } : null;
	}

	hasOrder(orderId: string): boolean {
		return this.#orderIds.has(orderId);
	}

	/** Journals an order; the order id is taken before the write so a retry racing it is a duplicate. */
	async appendOrder(entry: Extract<MemberEntry, { kind: 'order' }>): Promise<boolean> {
		if (this.#orderIds.has(entry.orderId)) return false;
		this.#apply(entry);
		try {
			await this.journal.append([entry]);
		} catch (err) {
			this.#unapply(entry);
			throw err;
		}
		return true;
	}

	// --- internals ---

	#apply(entry: MemberEntry): void {
		switch (entry.kind) {
			case 'created': {
				const key = this.#keys.get(entry.memberId);
				const e164 = key ? unseal(key, entry.memberId, entry.phone) : null;
				this.#members.set(entry.memberId, {
					id: entry.memberId,
					e164,
					country: entry.country,
					locale: entry.locale,
					joinedAt: entry.at,
					attribution: entry.attribution,
					consents: [],
					orders: [],
					// No key means the member was erased and the erasure's own entry follows.
					erasedAt: e164 ? null : entry.at
				});
				if (e164) this.#byPhone.set(e164, entry.memberId);
				this.#tally.signup(entry.attribution, 1);
				break;
			}
			case 'consent':
				this.#members.get(entry.memberId)?.consents.push({
					consent: entry.consent,
					version: entry.version,
					granted: entry.granted,
					at: entry.at
				});
				break;
			case 'erased': {
				const m = this.#members.get(entry.memberId);
				if (!m) break;
				if (m.e164 && this.#byPhone.get(m.e164) === m.id) this.#byPhone.delete(m.e164);
				if (m.e164) this.#codes.forget(m.e164);
				m.e164 = null;
				m.consents = [];
				m.orders = [];
				m.erasedAt = entry.at;
				this.#tally.erased();
				break;
			}
			case 'order': {
				this.#orderIds.add(entry.orderId);
				this.#tally.order(entry, 1);
				const m = entry.memberId ? this.#members.get(entry.memberId) : undefined;
				if (m && !m.erasedAt) {
					m.orders.push({
						orderId: entry.orderId,
						amount: entry.amount,
						currency: entry.currency,
						shopId: entry.shopId,
						at: entry.at,
						creditedStaffId: entry.credited?.staffId ?? null
					});
				}
				break;
			}
		}
	}

	#unapply(entry: MemberEntry): void {
		switch (entry.kind) {
			case 'created': {
				const m = this.#members.get(entry.memberId);
				if (m?.e164) this.#byPhone.delete(m.e164);
				this.#members.delete(entry.memberId);
				this.#tally.signup(entry.attribution, -1);
				break;
			}
			case 'consent':
				this.#members.get(entry.memberId)?.consents.pop();
				break;
			case 'order': {
				this.#orderIds.delete(entry.orderId);
				this.#tally.order(entry, -1);
				const m = entry.memberId ? this.#members.get(entry.memberId) : undefined;
				if (m) m.orders = m.orders.filter((o) => o.orderId !== entry.orderId);
				break;
			}
			case 'erased':
				break;
		}
	}

	#joinToken(text: string, now: number): JoinToken {
		const token = this.#signer.verify(text);
		if (!token || token.kind !== 'join')
			throw new AtriumError('join_token_invalid', undefined, 'joinToken');
		if (this.#joinNonces.has(token.nonce))
			throw new AtriumError('join_token_used', undefined, 'joinToken');
		if (token.exp <= now || this.#issuedBeforeStart(token.exp, JOIN_TTL_MS))
			throw new AtriumError('join_token_expired', undefined, 'joinToken');
		return token;
	}

	#attributionToken(text: string): AttributionToken {
		const token = this.#signer.verify(text);
		if (!token || token.kind !== 'attr')
			throw new AtriumError('unknown_channel', undefined, 'attribution');
		return token;
	}

	#phone(input: string, region: string): NormalizedPhone {
		const phone = normalizePhone(input, region);
		if (!phone) throw new AtriumError('phone_invalid', undefined, 'phone');
		if (!phone.mobile) throw new AtriumError('phone_not_mobile', undefined, 'phone');
		return phone;
	}

	#cookieMac(memberId: string, issued: number): string {
		return createHmac('sha256', this.secret)
			.update(`member:${memberId}.${issued}`)
			.digest('base64url');
	}

	#live(memberId: string): MemberState {
		const m = this.#members.get(memberId);
		if (!m || m.erasedAt) throw new AtriumError('member_not_found');
		return m;
	}

	#points(memberId: string): number {
		return this.options.points?.(memberId) ?? 0;
	}

	#now(): number {
		return this.options.clock.now().getTime();
	}
}

function isChannel(value: string): value is Channel {
	return (CHANNELS as readonly string[]).includes(value);
}

/** The scanner types either the bare token or, from a phone camera app, a URL carrying it as `c`. */
function cardText(scanned: string): string {
	const text = scanned.trim();
	if (!text.includes('://')) return text;
	try {
		return new URL(text).searchParams.get('c') ?? '';
	} catch {
		return '';
	}
}

function iso(ms: number): string {
	return new Date(ms).toISOString();
}
