import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtriumError, CONSENT_VERSIONS, uuidv7 } from '../../protocol/index.js';
import { lastCode, openMembers, tokenOf, verifyInput, type Harness } from './members.fixture.js';
import { TokenSigner } from './tokens.js';

const PHONE = '0912 345 678';
const MINUTE = 60_000;

async function code(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
	try {
		await (typeof p === 'function' ? p() : p);
		return undefined;
	} catch (err) {
		return err instanceof AtriumError ? err.code : String(err);
	}
}

async function facts(p: Promise<unknown>): Promise<Record<string, unknown> | undefined> {
	return p.then(
		() => undefined,
		(err: unknown) => (err instanceof AtriumError ? err.facts : undefined)
	);
}

describe('members', () => {
	let dir: string;
	let h: Harness;
	const kioskSession = uuidv7();

	beforeEach(async () => {
		dir = await mkdtemp(join(tmpdir(), 'atrium-members-'));
		h = await openMembers(dir);
	});
	afterEach(async () => {
		await h.close();
		await rm(dir, { recursive: true, force: true });
	});

	const start = (phone = PHONE, joinToken?: string, ip = '10.0.0.1') =>
		h.members.startJoin(
			{ phone, region: 'TW', locale: 'zh-Hant', ...(joinToken ? { joinToken } : {}) },
			ip
		);

	async function signUp(phone = PHONE, joinToken?: string) {
		await start(phone, joinToken);
		return h.members.verifyJoin(
			verifyInput(phone, lastCode(h.outbox), joinToken ? { joinToken } : {})
		);
	}

	it('joins from a kiosk QR with a code read from the text message', async () => {
		const qr = h.members.joinQr('kiosk-demo-1', kioskSession);
		expect(qr.url).toMatch(/^https:\/\/mall\.example\/m\/join\?t=[\w-]+\.[\w-]{22}$/);
		expect(qr.url.length).toBeLessThan(220);
		const started = await start(PHONE, tokenOf(qr.url));
		expect(started.phoneMasked).toBe('+886 9** *** 678');
		const sms = h.outbox.list()[0];
		expect(sms.to).toBe('+886 9** *** 678');
		expect(sms.text).toMatch(/驗證碼為 \d{6}/);

		const joined = await h.members.verifyJoin(
			verifyInput(PHONE, lastCode(h.outbox), { joinToken: tokenOf(qr.url), consentMarketing: true })
		);
		expect(joined.created).toBe(true);
		expect(joined.session).toEqual({ sessionId: kioskSession, deviceId: 'kiosk-demo-1' });
		expect(joined.member).toMatchObject({
			phoneMasked: '+886 9** *** 678',
			greeting: '·678',
			consent: { terms: CONSENT_VERSIONS.terms, marketing: CONSENT_VERSIONS.marketing }
		});
		expect(joined.attribution).toMatchObject({
			channel: 'kiosk',
			kioskId: 'kiosk-demo-1',
			sessionId: kioskSession
		});
		expect(h.members.exportMember(joined.member.id)).toMatchObject({
			member: {
				phone: '+886912345678',
				consents: [
					{ consent: 'terms', granted: true },
					{ consent: 'marketing', granted: true }
				]
			}
		});
	});

	it('sends a fresh random code each time, never a fixed one', async () => {
		const codes = new Set<string>();
		for (let i = 0; i < 6; i++) {
			await start(`0912 345 ${String(600 + i)}`);
			codes.add(lastCode(h.outbox));
		}
		expect(codes.size).toBeGreaterThan(1);
	});

	it('finds an existing member again, keeping their first-touch attribution', async () => {
		const first = await signUp(PHONE, tokenOf(h.members.joinQr('kiosk-demo-1', kioskSession)));
		h.clock.advance(MINUTE);
		const staffQr = h.members.attributionQr('counter', 'amy', 'starbucks');
		await h.members.startJoin(
			{ phone: PHONE, region: 'TW', locale: 'en', attribution: tokenOf(staffQr) },
			'10.0.0.2'
		);
		const again = await h.members.verifyJoin(
			verifyInput(PHONE, lastCode(h.outbox), { attribution: tokenOf(staffQr) })
		);
		expect(again.created).toBe(false);
		expect(again.member.id).toBe(first.member.id);
		expect(again.attribution).toMatchObject({
			channel: 'kiosk',
			staffId: null,
			kioskId: 'kiosk-demo-1'
		});
		expect(h.members.attributionStats().byChannel).toEqual({
			kiosk: { signups: 1, orders: 0, amounts: {} }
		});
	});

	it('survives a restart, and never writes the phone number in the clear', async () => {
		const joined = await signUp();
		await h.close();
		h = await openMembers(dir, h.clock.now());
		expect(h.members.view(joined.member.id).phoneMasked).toBe('+886 9** *** 678');
		expect(h.members.findByPhone('+886912345678')?.memberId).toBe(joined.member.id);
		const disk = await readAll(join(dir, 'members'));
		expect(disk).toContain(joined.member.id);
		expect(disk).not.toContain('912345678');
	});

	it('locks the number after five wrong codes, until the cool-down has passed', async () => {
		await start();
		const right = lastCode(h.outbox);
		const wrong = right === '000000' ? '111111' : '000000';
		for (let i = 1; i <= 4; i++) {
			const err = h.members.verifyJoin(verifyInput(PHONE, wrong));
			expect(await facts(err)).toEqual({ attemptsLeft: 5 - i });
		}
		expect(await code(h.members.verifyJoin(verifyInput(PHONE, wrong)))).toBe('code_locked');
		// Locked: even the right code and a new code are refused.
		expect(await code(h.members.verifyJoin(verifyInput(PHONE, right)))).toBe('code_locked');
		expect(await code(start())).toBe('code_locked');
		expect(h.members.findByPhone('+886912345678')).toBeNull();

		h.clock.advance(10 * MINUTE + 1000);
		expect(await code(h.members.verifyJoin(verifyInput(PHONE, right)))).toBe('code_expired');
		const joined = await signUp();
		expect(joined.created).toBe(true);
	});

	it('refuses an expired code', async () => {
		await start();
		h.clock.advance(5 * MINUTE + 1000);
		expect(await code(h.members.verifyJoin(verifyInput(PHONE, lastCode(h.outbox))))).toBe(
			'code_expired'
		);
		expect(h.appended).toEqual([]);
	});

	it('limits codes per number and per kiosk session', async () => {
		await start();
		expect(await code(start())).toBe('rate_limited');
		h.clock.advance(31_000);
		await start();
		h.clock.advance(31_000);
		const third = await start();
		h.clock.advance(31_000);
		expect(await code(start())).toBe('rate_limited');
		expect(Date.parse(third.resendAfter)).toBeGreaterThan(h.clock.now().getTime() + 5 * MINUTE);

		const qr = tokenOf(h.members.joinQr('kiosk-demo-1', kioskSession));
		for (let i = 0; i < 20; i++) await start(`0912 345 ${String(100 + i)}`, qr);
		expect(await code(start('0912 345 999', qr))).toBe('rate_limited');
		// Another kiosk session, another allowance.
		await start('0912 345 999', tokenOf(h.members.joinQr('kiosk-demo-1', uuidv7())));
	});

	it('refuses a replayed join QR and creates nothing', async () => {
		const qr = tokenOf(h.members.joinQr('kiosk-demo-1', kioskSession));
		await signUp(PHONE, qr);
		const before = h.appended.length;
		expect(await code(start('0922 222 333', qr))).toBe('join_token_used');
		expect(
			await code(h.members.verifyJoin(verifyInput('0922 222 333', '123456', { joinToken: qr })))
		).toBe('join_token_used');
		expect(h.members.findByPhone('+886922222333')).toBeNull();
		expect(h.appended.length).toBe(before);
		expect(await code(() => h.members.joinContext({ t: qr }))).toBe('join_token_used');
	});

	it('refuses an expired or forged join QR, keeping the code for another try', async () => {
		const qr = tokenOf(h.members.joinQr('kiosk-demo-1', kioskSession));
		// The shopper took their time: the QR expires while the code is still good.
		h.clock.advance(2 * MINUTE);
		await start(PHONE, qr);
		h.clock.advance(3 * MINUTE + 1000);
		expect(
			await code(h.members.verifyJoin(verifyInput(PHONE, lastCode(h.outbox), { joinToken: qr })))
		).toBe('join_token_expired');
		expect(h.appended).toEqual([]);
		expect(await code(start('0922 222 333', qr))).toBe('join_token_expired');
		// The stale QR did not cost the shopper their code.
		const direct = await h.members.verifyJoin(
			verifyInput(PHONE, lastCode(h.outbox), { region: 'TW' })
		);
		expect(direct).toMatchObject({
			created: true,
			session: null,
			attribution: { channel: null, kioskId: null }
		});

		const forged = qr.slice(0, -2) + (qr.endsWith('AA') ? 'BB' : 'AA');
		expect(await code(start('0922 222 333', forged))).toBe('join_token_invalid');
		const foreign = new TokenSigner(Buffer.alloc(32, 1)).sign({
			kind: 'join',
			sessionId: kioskSession,
			deviceId: 'kiosk-demo-1',
			exp: h.clock.now().getTime() + MINUTE,
			nonce: 'x'
		});
		expect(await code(start('0922 222 333', foreign))).toBe('join_token_invalid');
	});

	it('requires consent to the current terms', async () => {
		await start();
		const err = h.members.verifyJoin(
			verifyInput(PHONE, lastCode(h.outbox), { termsVersion: 'terms-2020-01' })
		);
		expect(await code(err)).toBe('consent_required');
		expect(h.appended).toEqual([]);
	});

	it('identifies a member by their rotating card, once per card', async () => {
		const { member } = await signUp();
		const card = h.members.issueCard(member.id);
		expect(Date.parse(card.expiresAt) - h.clock.now().getTime()).toBe(60_000);
		expect(card.token.length).toBeLessThan(160);
		expect(h.members.identify(card.token, 'kiosk-demo-1', kioskSession).id).toBe(member.id);
		// A screenshot of the same card is refused.
		expect(await code(() => h.members.identify(card.token, 'kiosk-demo-1', kioskSession))).toBe(
			'card_used'
		);
		// A camera app may hand over the card as a URL.
		const next = h.members.issueCard(member.id);
		expect(
			h.members.identify(`https://mall.example/m/card?c=${next.token}`, 'k', kioskSession).id
		).toBe(member.id);
	});

	it('refuses, after a restart, a card or join QR issued before it (their spent nonces were in memory)', async () => {
		const { member } = await signUp();
		const card = h.members.issueCard(member.id);
		expect(h.members.identify(card.token, 'kiosk-demo-1', kioskSession).id).toBe(member.id);
		const qr = h.members.joinQr('kiosk-demo-1', kioskSession);
		h.clock.advance(5_000);
		await h.close();
		h = await openMembers(dir, h.clock.now());
		// Both still inside their lifetimes, but a restart must not make a used one good again.
		expect(await code(() => h.members.identify(card.token, 'kiosk-demo-1', kioskSession))).toBe('card_expired');
		expect(await code(() => h.members.joinContext({ t: tokenOf(qr) }))).toBe('join_token_expired');
		// A card fetched after the restart works.
		h.clock.advance(2_000);
		expect(h.members.identify(h.members.issueCard(member.id).token, 'k', kioskSession).id).toBe(member.id);
	});

	it('refuses a forged or expired card', async () => {
		const { member } = await signUp();
		const card = h.members.issueCard(member.id);
		const [payload, sig] = card.token.split('.');
		const tampered = `${payload}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
		expect(await code(() => h.members.identify(tampered, 'k', kioskSession))).toBe('card_invalid');
		const otherMember = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
			string,
			unknown
		>;
		otherMember.m = uuidv7();
		const swapped = `${Buffer.from(JSON.stringify(otherMember)).toString('base64url')}.${sig}`;
		expect(await code(() => h.members.identify(swapped, 'k', kioskSession))).toBe('card_invalid');
		expect(
			await code(() => h.members.identify(h.members.attributionQr('poster'), 'k', kioskSession))
		).toBe('card_invalid');
		expect(await code(() => h.members.identify('garbage', 'k', kioskSession))).toBe('card_invalid');
		h.clock.advance(61_000);
		expect(await code(() => h.members.identify(card.token, 'k', kioskSession))).toBe(
			'card_expired'
		);
	});

	it('tells the join page where the shopper came from', () => {
		expect(h.members.joinContext({}).source).toBe('direct');
		const staff = h.members.joinContext(
			{ a: tokenOf(h.members.attributionQr('counter', 'amy', 'starbucks')) },
			'en'
		);
		expect(staff).toMatchObject({
			source: 'channel',
			channel: 'counter',
			staffName: 'Amy Chen',
			shopName: 'Starbucks'
		});
		expect(staff.terms.version).toBe(CONSENT_VERSIONS.terms);
		expect(staff.terms.text['zh-Hans']).toContain('会员');
		expect(
			h.members.joinContext({ t: tokenOf(h.members.joinQr('kiosk-demo-1', kioskSession)) }).source
		).toBe('kiosk');
		expect(() => h.members.attributionQr('billboard')).toThrow(/not recognised/);
		expect(() =>
			h.members.joinContext({ a: 'eyJrIjoiYSIsImMiOiJwb3N0ZXIifQ.AAAAAAAAAAAAAAAAAAAAAA' })
		).toThrow(/not recognised/);
	});

	it('keeps a member signed in on their phone with a signed cookie, for 30 days', async () => {
		const { member } = await signUp();
		const cookie = h.members.memberCookie(member.id);
		expect(h.members.memberFromCookie(cookie)).toBe(member.id);
		const [id, issued, mac] = cookie.split('.');
		expect(h.members.memberFromCookie(`${uuidv7()}.${issued}.${mac}`)).toBeNull();
		expect(h.members.memberFromCookie(`${id}.${Number(issued) + 1}.${mac}`)).toBeNull();
		expect(h.members.memberFromCookie('nonsense')).toBeNull();
		h.clock.advance(31 * 24 * 60 * MINUTE);
		expect(h.members.memberFromCookie(cookie)).toBeNull();
	});

	it('erases a member: no phone in the export, on disk or after a restart, and the number may join again', async () => {
		const { member } = await signUp();
		const cookie = h.members.memberCookie(member.id);
		await h.members.erase(member.id);
		const exported = JSON.stringify(h.members.exportMember(member.id));
		expect(exported).not.toContain('912345678');
		expect(exported).toContain('erasedAt');
		expect(h.members.memberFromCookie(cookie)).toBeNull();
		expect(await code(() => h.members.view(member.id))).toBe('member_not_found');
		expect(await code(() => h.members.issueCard(member.id))).toBe('member_not_found');
		expect(h.members.attributionStats().totals).toMatchObject({ signups: 1, members: 0 });

		h.clock.advance(MINUTE);
		const again = await signUp();
		expect(again.created).toBe(true);
		expect(again.member.id).not.toBe(member.id);

		await h.close();
		h = await openMembers(dir, h.clock.now());
		expect(h.members.findByPhone('+886912345678')?.memberId).toBe(again.member.id);
		expect(JSON.stringify(h.members.exportMember(member.id))).not.toContain('912345678');
		expect(h.members.list('admin').map((m) => m.id)).toEqual([again.member.id]);
		// The erased member's key is gone, so their sealed number in the journal can never be read.
		const keys = await readFile(join(dir, 'member-keys.ndjson'), 'utf8');
		expect(keys).not.toContain(member.id);
		expect(keys).toContain(again.member.id);
	});

	it('shows the full phone number only to admins', async () => {
		await signUp();
		expect(h.members.list('admin')[0].phone).toBe('+886912345678');
		expect(h.members.list('marketer')[0].phone).toBe('+886 9** *** 678');
		expect(h.members.list('staff')[0].phone).toBe('+886 9** *** 678');
		expect(h.members.list('technician')[0].phone).toBe('+886 9** *** 678');
	});

	it('finds members by the end of their number or by id, no further than a role sees the number', async () => {
		const amy = (await signUp('0912 345 678')).member;
		h.clock.advance(MINUTE);
		const bob = (await signUp('0933 111 222')).member;
		const ids = (role: 'admin' | 'marketer', query: string) =>
			h.members.list(role, { query }).map((m) => m.id);
		expect(ids('admin', '')).toEqual([bob.id, amy.id]);
		expect(ids('admin', '678')).toEqual([amy.id]);
		expect(ids('admin', '345 678')).toEqual([amy.id]);
		expect(ids('admin', '0912345678')).toEqual([amy.id]);
		expect(ids('admin', bob.id)).toEqual([bob.id]);
		expect(ids('admin', bob.id.slice(0, 13).toUpperCase())).toContain(bob.id);
		expect(ids('admin', 'nobody')).toEqual([]);
		// A marketer sees "+886 9** *** 678": the last three digits, or the whole number, find Amy…
		expect(ids('marketer', '678')).toEqual([amy.id]);
		expect(ids('marketer', '0912 345 678')).toEqual([amy.id]);
		expect(ids('marketer', '+886912345678')).toEqual([amy.id]);
		// …but no hidden digit can be probed one at a time.
		expect(ids('marketer', '5678')).toEqual([]);
		expect(ids('marketer', '45678')).toEqual([]);
		expect(h.members.list('admin', { limit: 1 })).toHaveLength(1);
	});

	it('tells its listeners once an erasure is journaled, from wherever it came', async () => {
		const { member } = await signUp();
		const erased: string[] = [];
		const stop = h.members.onErased((id) => erased.push(id));
		expect(h.members.isErased(member.id)).toBe(false);
		expect(h.members.consoleMember(member.id, 'admin')?.phone).toBe('+886912345678');
		await h.members.erase(member.id);
		expect(erased).toEqual([member.id]);
		expect(h.members.isErased(member.id)).toBe(true);
		expect(h.members.isErased('never-a-member')).toBe(false);
		expect(h.members.consoleMember(member.id, 'admin')).toBeNull();
		stop();
	});
});

async function readAll(dir: string): Promise<string> {
	let text = '';
	for (const f of await readdir(dir)) text += await readFile(join(dir, f), 'utf8');
	return text;
}
