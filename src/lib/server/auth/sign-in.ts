import type { AuditLog } from '../audit';
import type { AccountRepository, User } from '../repositories/types';
import type { PasswordGate } from './password-gate';
import type { SessionService } from './sessions';

export type SignInResult = { ok: true; user: User; token: string; expiresAt: number } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'throttled'; retryAfterMs: number };

/**
 * Sign-in with e-mail and password, throttled by the password gate: growing delays per (account,
 * address) and a failure budget per address, never a lock on the account. Unknown e-mails take as
 * long, and are answered the same, as wrong passwords.
 */
export class SignInService {
	constructor(
		private readonly accounts: AccountRepository,
		private readonly sessions: SessionService,
		private readonly audit: AuditLog,
		private readonly gate: PasswordGate
	) {}

	async signIn(email: string, password: string, address: string | null, now = Date.now()): Promise<SignInResult> {
		const account = this.accounts.byEmailWithSecret(email);
		const actor = { userId: account?.id ?? null, label: (account?.email ?? email).slice(0, 200), address };
		const verdict = await this.gate.check(email, account, password, address, { failed: 'sign-in.failed', actor }, now);
		if (!verdict.ok) return verdict;
		const { token, session } = this.sessions.create(account!.id, now);
		this.audit.record('sign-in', actor);
		const { passwordHash: _hash, ...user } = account!;
		return { ok: true, user, token, expiresAt: session.expiresAt };
	}

	prune(now = Date.now()): void {
		this.gate.prune(now);
	}
}
