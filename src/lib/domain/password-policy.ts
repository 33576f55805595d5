export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem = 'too-short' | 'too-long' | 'too-common' | 'contains-email';

/**
 * Length is what matters most (NIST SP 800-63B): at least 10 characters, not one of the
 * passwords that leak lists show people choose most, and not the e-mail address itself.
 */
export function checkPassword(password: string, isCommon: (candidate: string) => boolean, email?: string): PasswordProblem | null {
	if ([...password].length < MIN_PASSWORD_LENGTH) return 'too-short';
	if (password.length > MAX_PASSWORD_LENGTH) return 'too-long';
	const lower = password.toLowerCase();
	if (isCommon(lower)) return 'too-common';
	if (email) {
		const local = email.toLowerCase().split('@')[0];
		if (lower === email.toLowerCase() || (local.length >= 4 && lower.includes(local) && lower.length - local.length < 4)) {
			return 'contains-email';
		}
	}
	return null;
}
