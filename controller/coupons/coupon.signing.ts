import { createHmac, createPublicKey, timingSafeEqual, verify } from 'node:crypto';

/** What a coupon's signature covers: its code and campaign, and for offline coupons the lease. */
export function signedText(code: string, campaignId: string, leaseId: string | null): string {
	return leaseId ? `coupon|${code}|${campaignId}|${leaseId}` : `coupon|${code}|${campaignId}`;
}

/** The controller's signature on a coupon it minted: HMAC-SHA256 cut to 128 bits. */
export function signCoupon(secret: Buffer, code: string, campaignId: string): string {
	return createHmac('sha256', secret)
		.update(signedText(code, campaignId, null))
		.digest()
		.subarray(0, 16)
		.toString('base64url');
}

export function verifyControllerSignature(
	secret: Buffer,
	code: string,
	campaignId: string,
	signature: string
): boolean {
	const expected = Buffer.from(signCoupon(secret, code, campaignId));
	const given = Buffer.from(signature);
	return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A device's Ed25519 signature on a coupon it minted offline from a lease. */
export function verifyDeviceSignature(
	publicKeySpki: string,
	code: string,
	campaignId: string,
	leaseId: string,
	signature: string
): boolean {
	try {
		const key = createPublicKey({ key: Buffer.from(publicKeySpki, 'base64url'), format: 'der', type: 'spki' });
		return verify(null, Buffer.from(signedText(code, campaignId, leaseId)), key, Buffer.from(signature, 'base64url'));
	} catch {
		return false;
	}
}
