import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/** A random identifier or secret: `bytes` random bytes, base32 lower-case. */
export function randomToken(bytes = 20): string {
	const buf = new Uint8Array(bytes);
	crypto.getRandomValues(buf);
	return encodeBase32LowerCaseNoPadding(buf);
}

export function newId(): string {
	return randomToken(10);
}

/** Secrets (session tokens, invitation and setup tokens) are stored only as this hash. */
export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
