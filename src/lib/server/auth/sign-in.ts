import { afterFailure, DEFAULT_THROTTLE, isLocked, SlidingWindowCounter, type ThrottlePolicy } from '../../domain/sign-in-throttle';
import type { AuditLog } from '../audit';
import type { AccountRepository, User } from '../repositories/types';
import { burnPasswordCheck, verifyPassword } from './passwords';
import type { SessionService } from './sessions';

export type SignInResult =
	| { ok: true; user: User; token: string; expiresAt: number }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'locked' | 'throttled'; retryAfterMs: number };

/**
 * Sign-in with e-mail and password, throttled per account (lockout after consecutive failures)
 * and per client address (sliding window). Unknown e-mails take as long as known ones.
 */
export class SignInService {
	readonly #byAddress: SlidingWindowCounter;
	/**
	 * Password checks still running, per address and per account. They count as failures until they
	 * end, so an attacker firing guesses in parallel gets no more of them checked than one in series.
	 */
	readonly #inFlight = new Map<string, number>();

	constructor(
		private readonly accounts: AccountRepository,
		private readonly sessions: SessionService,
		private readonly audit: AuditLog,
		private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE
	) {
		this.#byAddress = new SlidingWindowCounter(policy.maxPerWindow, policy.windowMs);
	}

	async signIn(email: string, password: string, address: string | null, now = Date.now()): Promise<SignInResult> {
		const addressKey = address ?? 'unknown';
		if (this.#byAddress.isBlocked(addressKey, now, this.#pending(`address:${addressKey}`))) {
			return { ok: false, reason: 'throttled', retryAfterMs: Math.max(1000, this.#byAddress.retryAfter(addressKey, now)) };
		}
		const account = this.accounts.byEmailWithSecret(email);
		if (!account) {
			await this.#checking([`address:${addressKey}`], () => burnPasswordCheck(password));
			this.#byAddress.record(addressKey, now);
			this.audit.record('sign-in.failed', { userId: null, label: email.slice(0, 200), address }, { details: { reason: 'unknown-account' } });
			return { ok: false, reason: 'invalid' };
		}
		const actor = { userId: account.id, label: account.email, address };
		if (isLocked(account.lock, now)) {
			this.#byAddress.record(addressKey, now);
			this.audit.record('sign-in.locked', actor);
			return { ok: false, reason: 'locked', retryAfterMs: (account.lock.lockedUntil ?? now) - now };
		}
		if (account.lock.failedCount + this.#pending(`account:${account.id}`) >= this.policy.maxFailures) {
			return { ok: false, reason: 'throttled', retryAfterMs: 1000 };
		}
		if (!(await this.#checking([`address:${addressKey}`, `account:${account.id}`], () => verifyPassword(account.passwordHash, password)))) {
			this.#byAddress.record(addressKey, now);
			const lock = afterFailure(account.lock, now, this.policy);
			this.accounts.setLock(account.id, lock);
			this.audit.record('sign-in.failed', actor, { details: { reason: 'wrong-password', locked: lock.lockedUntil !== null } });
			return { ok: false, reason: 'invalid' };
		}
		if (account.lock.failedCount > 0) this.accounts.setLock(account.id, { failedCount: 0, lockedUntil: null });
		const { token, session } = this.sessions.create(account.id, now);
		this.audit.record('sign-in', actor);
		const { passwordHash: _hash, lock: _lock, ...user } = account;
		return { ok: true, user, token, expiresAt: session.expiresAt };
	}

	#pending(key: string): number {
		return this.#inFlight.get(key) ?? 0;
	}

	async #checking<T>(keys: string[], check: () => Promise<T>): Promise<T> {
		for (const k of keys) this.#inFlight.set(k, this.#pending(k) + 1);
		try {
			return await check();
		} finally {
			for (const k of keys) {
				const left = this.#pending(k) - 1;
				if (left > 0) this.#inFlight.set(k, left);
				else this.#inFlight.delete(k);
			}
		}
	}

	prune(now = Date.now()): void {
		this.#byAddress.prune(now);
	}
}
