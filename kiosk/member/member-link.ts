import type { MemberGreeting, Response } from '$protocol';
import type { ScreenLink } from '$protocol/screen-link';

/** A join QR the controller signed for one kiosk session: the phone's address, and when it expires. */
export interface JoinQr {
	url: string;
	expiresAt: string;
}

/** The member side of the screen's link to its agent (a stand-in in unit tests). */
export interface MemberLink {
	/** The agent asks the controller; no answer in 5 s (agent or controller gone) reads as `unavailable`. */
	joinQr(sessionId: string): Promise<Response<JoinQr>>;
	/** Tells the agent which session scans and joins bind to (null on the attract loop). */
	setSession(sessionId: string | null): void;
	onGreeting(listener: (greeting: MemberGreeting) => void): () => void;
	onRefused(listener: (code: string) => void): () => void;
	/** A member card was scanned on the attract loop: start a session so it can be greeted. */
	onWake(listener: () => void): () => void;
	/** The member was erased (from their phone or by an admin). */
	onForgotten(listener: (memberId: string) => void): () => void;
	/** The link to the agent came back (the agent restarted, say). */
	onReconnect(listener: () => void): () => void;
}

export function memberLink(link: ScreenLink): MemberLink {
	const socket = link.socket;
	return {
		async joinQr(sessionId) {
			try {
				return await socket.timeout(5000).emitWithAck('member:join_qr', { sessionId });
			} catch {
				return { error: { code: 'unavailable', message: 'The kiosk cannot reach its agent.' } };
			}
		},
		setSession(sessionId) {
			// Not buffered while the agent is away: the current session is sent again on reconnect.
			if (socket.connected) socket.emit('session:current', { sessionId }, () => {});
		},
		onGreeting(listener) {
			socket.on('member:greeting', listener);
			return () => socket.off('member:greeting', listener);
		},
		onRefused(listener) {
			const l = (e: { code: string }) => listener(String(e?.code ?? 'internal'));
			socket.on('member:refused', l);
			return () => socket.off('member:refused', l);
		},
		onWake(listener) {
			socket.on('scanner:wake', listener);
			return () => socket.off('scanner:wake', listener);
		},
		onForgotten(listener) {
			const l = (e: { memberId: string }) => listener(String(e?.memberId ?? ''));
			socket.on('member:forgotten', l);
			return () => socket.off('member:forgotten', l);
		},
		onReconnect(listener) {
			socket.on('connect', listener);
			return () => socket.off('connect', listener);
		}
	};
}
