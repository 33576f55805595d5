import { afterFailure, DEFAULT_THROTTLE, isLocked, SlidingWindowCounter, type ThrottlePolicy } from '../../domain/sign-in-throttle';
import type { Actor, AuditAction, AuditLog } from '../audit';
import type { AccountRepository, UserWithSecret } from '../repositories/types';
import { burnPasswordCheck, verifyPassword } from './passwords';

export type PasswordRefusal = { ok: false; reason: 'invalid' } | { ok: false; reason: 'locked' | 'throttled'; retryAfterMs: number };
export type PasswordVerdict = { ok: true } | PasswordRefusal;

/** What a failed check is recorded as in the audit log. */
export interface FailureRecord {
	failed: AuditAction;
	locked?: AuditAction;
	actor: Actor;
	workshopId?: string | null;
	target?: string | null;
}

/**
 * Every check of a password against an account — at sign-in, and when it is entered again to sign
 * or decline a protocol or to change it — goes through here, so guessing is throttled the same way
 * wherever it is tried: per account (consecutive failures lock it, for sign-in too) and per client
 * address (a sliding window). Checks still running count as failures until they end, so guesses
 * fired in parallel get no more checks than guesses in series. Every failure is audited.
 */
export class PasswordGate {
	readonly #byAddress: SlidingWindowCounter;
	readonly #inFlight = new Map<string, number>();

	constructor(
		private readonly accounts: AccountRepository,
		private readonly audit: AuditLog,
		private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE
	) {
		this.#byAddress = new SlidingWindowCounter(policy.maxPerWindow, policy.windowMs);
	}

	/** The address has used up its failures for now (checked before anything else is looked up). */
	addressBlocked(address: string | null, now = Date.now()): PasswordRefusal | null {
		const key = address ?? 'unknown';
		if (!this.#byAddress.isBlocked(key, now, this.#pending(`address:${key}`))) return null;
		return { ok: false, reason: 'throttled', retryAfterMs: Math.max(1000, this.#byAddress.retryAfter(key, now)) };
	}

	/** Spends as long as a real check for an unknown account, and counts it against the address. */
	async unknownAccount(password: string, address: string | null, record: FailureRecord, now = Date.now()): Promise<void> {
		const key = address ?? 'unknown';
		await this.#checking([`address:${key}`], () => burnPasswordCheck(password));
		this.#byAddress.record(key, now);
		this.audit.record(record.failed, record.actor, { workshopId: record.workshopId, target: record.target, details: { reason: 'unknown-account' } });
	}

	async check(account: UserWithSecret, password: string, address: string | null, record: FailureRecord, now = Date.now()): Promise<PasswordVerdict> {
		const blocked = this.addressBlocked(address, now);
		if (blocked) return blocked;
		const key = address ?? 'unknown';
		if (isLocked(account.lock, now)) {
			this.#byAddress.record(key, now);
			this.audit.record(record.locked ?? record.failed, record.actor, { workshopId: record.workshopId, target: record.target, details: { reason: 'locked' } });
			return { ok: false, reason: 'locked', retryAfterMs: (account.lock.lockedUntil ?? now) - now };
		}
		if (account.lock.failedCount + this.#pending(`account:${account.id}`) >= this.policy.maxFailures) return { ok: false, reason: 'throttled', retryAfterMs: 1000 };
		if (!(await this.#checking([`address:${key}`, `account:${account.id}`], () => verifyPassword(account.passwordHash, password)))) {
			this.#byAddress.record(key, now);
			// read again: another check may have failed meanwhile
			const lock = afterFailure(this.accounts.secretById(account.id)?.lock ?? account.lock, now, this.policy);
			this.accounts.setLock(account.id, lock);
			this.audit.record(record.failed, record.actor, { workshopId: record.workshopId, target: record.target, details: { reason: 'wrong-password', locked: lock.lockedUntil !== null } });
			return { ok: false, reason: 'invalid' };
		}
		if (account.lock.failedCount > 0) this.accounts.setLock(account.id, { failedCount: 0, lockedUntil: null });
		return { ok: true };
	}

	/** The password of a signed-in person, entered again (to sign, decline, or change it). */
	async reauthenticate(userId: string, password: string, address: string | null, record: FailureRecord, now = Date.now()): Promise<PasswordVerdict> {
		const account = this.accounts.secretById(userId);
		if (!account) return { ok: false, reason: 'invalid' };
		return this.check(account, password, address, record, now);
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
