import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { checkPassword, type PasswordProblem } from '../../domain/password-policy';

/** OWASP's argon2id minimum: 19 MiB, 2 iterations, 1 lane (~70 ms here). */
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

let common: Set<string> | null = null;

/** ~49,000 passwords most often seen in leaks (from zxcvbn's common dictionary). */
export function isCommonPassword(candidate: string): boolean {
	common ??= new Set(dictionary['passwords-common'] as string[]);
	return common.has(candidate.toLowerCase());
}

export function passwordProblem(password: string, email?: string): PasswordProblem | null {
	return checkPassword(password, isCommonPassword, email);
}

export function hashPassword(password: string): Promise<string> {
	return hash(password.normalize('NFKC'), ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password.normalize('NFKC'));
	} catch {
		return false;
	}
}

let dummy: Promise<string> | null = null;

/** Spends the same time as a real check when the account does not exist. */
export async function burnPasswordCheck(password: string): Promise<void> {
	dummy ??= hashPassword('accord-timing-equaliser');
	await verifyPassword(await dummy, password);
}
