import type { AuditLog } from '../audit';
import type { AccountRepository, User } from '../repositories/types';
import type { PasswordGate } from './password-gate';
import type { SessionService } from './sessions';

export type SignInResult =
	| { ok: true; user: User; token: string; expiresAt: number }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'locked' | 'throttled'; retryAfterMs: number };

/**
 * Sign-in with e-mail and password, throttled per account (lockout after consecutive failures)
 * and per client address (sliding window) by the password gate. Unknown e-mails take as long as
 * known ones.
 */
export class SignInService {
	constructor(
		private readonly accounts: AccountRepository,
		private readonly sessions: SessionService,
		private readonly audit: AuditLog,
		private readonly gate: PasswordGate
	) {}

	async signIn(email: string, password: string, address: string | null, now = Date.now()): Promise<SignInResult> {
		const blocked = this.gate.addressBlocked(address, now);
		if (blocked) return blocked;
		const account = this.accounts.byEmailWithSecret(email);
		if (!account) {
			await this.gate.unknownAccount(password, address, { failed: 'sign-in.failed', actor: { userId: null, label: email.slice(0, 200), address } }, now);
			return { ok: false, reason: 'invalid' };
		}
		const actor = { userId: account.id, label: account.email, address };
		const verdict = await this.gate.check(account, password, address, { failed: 'sign-in.failed', locked: 'sign-in.locked', actor }, now);
		if (!verdict.ok) return verdict;
		const { token, session } = this.sessions.create(account.id, now);
		this.audit.record('sign-in', actor);
		const { passwordHash: _hash, lock: _lock, ...user } = account;
		return { ok: true, user, token, expiresAt: session.expiresAt };
	}

	prune(now = Date.now()): void {
		this.gate.prune(now);
	}
}
