import { join } from 'node:path';
import { CONSENT_VERSIONS, type JoinVerify } from '../../protocol/index.js';
import { createLogger } from '../logger.js';
import { Journal } from '../store/journal.js';
import type { MemberEntry, MemberJournal } from './member.ledger.js';
import { MemberService, type MemberLimits } from './member.service.js';
import { DevOutbox } from './sms.js';
import { FileVault } from './vault.js';

/** Test wiring for the member specs: a real journal and vault in `dir`, a clock the test moves. */
export const TEST_SECRET = Buffer.alloc(32, 7);
export const PUBLIC_URL = 'https://mall.example';

export interface Harness {
	members: MemberService;
	outbox: DevOutbox;
	clock: { at: Date; now(): Date; advance(ms: number): void };
	/** Every entry the service appended since it opened. */
	appended: MemberEntry[];
	close(): Promise<void>;
}

export async function openMembers(
	dir: string,
	at = new Date('2026-11-20T03:00:00Z'),
	limits: Partial<MemberLimits> = {}
): Promise<Harness> {
	const clock = {
		at,
		now() {
			return this.at;
		},
		advance(ms: number) {
			this.at = new Date(this.at.getTime() + ms);
		}
	};
	const journal = new Journal<MemberEntry>(join(dir, 'members'));
	const appended: MemberEntry[] = [];
	const counted: MemberJournal = {
		open: (fold) => journal.open(fold),
		append: async (entries) => {
			await journal.append(entries);
			appended.push(...entries);
		},
		close: () => journal.close()
	};
	const vault = new FileVault(join(dir, 'member-keys.ndjson'));
	const outbox = new DevOutbox(createLogger('members', true), () => clock.now());
	const members = new MemberService(counted, vault, TEST_SECRET, {
		publicUrl: PUBLIC_URL,
		clock,
		sms: outbox,
		limits,
		staffName: (id) => (id === 'amy' ? 'Amy Chen' : null),
		shopName: (id, locale) =>
			id === 'starbucks' ? (locale === 'en' ? 'Starbucks' : '星巴克') : null
	});
	await members.open();
	return {
		members,
		outbox,
		clock,
		appended,
		close: async () => {
			await journal.close();
			await vault.close();
		}
	};
}

/** The one-time code in the newest text message, as the shopper reads it on their phone. */
export function lastCode(outbox: DevOutbox): string {
	const m = /\b(\d{6})\b/.exec(outbox.list()[0]?.text ?? '');
	if (!m) throw new Error('no code in the outbox');
	return m[1];
}

/** The token in a join URL (`?t=` or `?a=`). */
export function tokenOf(qr: string | { url: string }): string {
	const u = new URL(typeof qr === 'string' ? qr : qr.url);
	return u.searchParams.get('t') ?? u.searchParams.get('a') ?? '';
}

export function verifyInput(
	phone: string,
	code: string,
	extra: Partial<JoinVerify> = {}
): JoinVerify {
	return {
		phone,
		region: 'TW',
		code,
		consentTerms: true,
		consentMarketing: false,
		termsVersion: CONSENT_VERSIONS.terms,
		marketingVersion: CONSENT_VERSIONS.marketing,
		locale: 'zh-Hant',
		...extra
	};
}
