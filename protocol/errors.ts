/**
 * The fixed list of errors that may reach a peer. Anything else is logged where it happened and
 * reported as `internal`, so no stack trace or internal detail ever crosses a process boundary.
 */
export const ERROR_MESSAGES = {
	invalid_payload: 'The message did not match the protocol.',
	unknown_event: 'This event is not part of the protocol.',
	unauthenticated: 'Sign in first.',
	forbidden: 'Your role does not allow this.',
	unknown_device: 'This device is not in the registry.',
	bad_credentials: 'Wrong user name or password.',
	bad_pairing_code: 'This pairing code is unknown or already used.',
	not_found: 'Not found.',
	too_large: 'The message is too large.',
	rate_limited: 'Too many attempts; wait a moment.',
	unavailable: 'The controller cannot be reached right now.',
	campaign_not_found: 'This offer does not exist.',
	campaign_not_active: 'This offer is not running right now.',
	out_of_stock: 'This offer has run out.',
	limit_reached: 'You have already taken this offer as often as it allows.',
	members_only: 'This offer is for members.',
	lease_exhausted: 'This kiosk has no more coupons of this offer until it is back online.',
	coupon_not_found: 'No coupon has this code.',
	bad_code: 'This is not a coupon code.',
	bad_signature: 'This coupon’s signature is not valid.',
	coupon_expired: 'This coupon has expired.',
	coupon_not_yet_valid: 'This coupon is not valid yet.',
	wrong_shop: 'This coupon is for another shop.',
	already_redeemed: 'This coupon has already been used.',
	not_redeemed: 'This coupon has not been used.',
	undo_window_passed: 'It is too late to undo this redemption.',
	internal: 'Something went wrong on our side.',
	phone_invalid: 'This is not a valid phone number.',
	phone_not_mobile: 'This number cannot receive text messages; use a mobile number.',
	code_wrong: 'This verification code is wrong.',
	code_expired: 'This verification code has expired; ask for a new one.',
	code_locked: 'Too many wrong codes; wait before trying again.',
	join_token_invalid: 'This join code is not valid.',
	join_token_used: 'This join code has already been used; scan the kiosk again.',
	join_token_expired: 'This join code has expired; scan the kiosk again.',
	card_invalid: 'This member code is not valid.',
	card_expired: 'This member code has expired; show the live one on your phone.',
	card_used: 'This member code was already scanned; show the live one on your phone.',
	unknown_channel: 'This join link is not recognised.',
	signature_invalid: 'The request signature is not valid.',
	consent_required: 'Agree to the current membership terms first.',
	member_not_found: 'This member does not exist.',
	unknown_staff: 'No staff member has this user name.',
	unknown_shop: 'No shop has this id.',
	too_many_watches: 'Too many member pages are open; close one first.'
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface ProtocolError {
	code: ErrorCode;
	message: string;
	/** Which field was wrong, as a dotted path, when the payload failed validation. */
	field?: string;
	/** Facts the peer may show, e.g. when and where a coupon was already used. */
	detail?: Record<string, string | number | null>;
}

/** Every acknowledgement is either an error from the fixed list or data. */
export type Response<T> = { error: ProtocolError } | { data: T };

export class AtriumError extends Error {
	readonly code: ErrorCode;
	readonly field: string | undefined;
	/** Public facts for the peer; the message itself stays in the log. */
	readonly facts: Record<string, string | number | null> | undefined;
	constructor(
		code: ErrorCode,
		detail?: string,
		field?: string,
		facts?: Record<string, string | number | null>
	) {
		super(detail ?? ERROR_MESSAGES[code]);
		this.name = 'AtriumError';
		this.code = code;
		this.field = field;
		this.facts = facts;
	}
}

export function isErrorCode(value: unknown): value is ErrorCode {
	return typeof value === 'string' && value in ERROR_MESSAGES;
}

/** Turns anything thrown into an error a peer may see: known codes keep their code, the rest are `internal`. */
export function toProtocolError(err: unknown): ProtocolError {
	if (err instanceof AtriumError) {
		const out: ProtocolError = { code: err.code, message: ERROR_MESSAGES[err.code] };
		if (err.field) out.field = err.field;
		if (err.facts) out.detail = err.facts;
		return out;
	}
	return { code: 'internal', message: ERROR_MESSAGES.internal };
}

export function fail(code: ErrorCode, field?: string): { error: ProtocolError } {
	return { error: field ? { code, message: ERROR_MESSAGES[code], field } : { code, message: ERROR_MESSAGES[code] } };
}

export function ok<T>(data: T): { data: T } {
	return { data };
}
