import { DEFAULT_THROTTLE, FailureBucket, GrowingDelay, type ThrottlePolicy, type ThrottleStore } from '../../domain/sign-in-throttle';
import type { Actor, AuditAction, AuditLog } from '../audit';
import type { AccountRepository, UserWithSecret } from '../repositories/types';
import { burnPasswordCheck, verifyPassword } from './passwords';

export type PasswordRefusal = { ok: false; reason: 'invalid' } | { ok: false; reason: 'throttled'; retryAfterMs: number };
export type PasswordVerdict = { ok: true } | PasswordRefusal;

/** What a failed check is recorded as in the audit log. */
export interface FailureRecord {
	failed: AuditAction;
	actor: Actor;
	workshopId?: string | null;
	target?: string | null;
}

/**
 * Every check of a password against an account — at sign-in, and when it is entered again to sign
 * or decline a protocol or to change it — goes through here, so guessing is throttled the same way
 * wherever it is tried (domain/sign-in-throttle.ts): growing delays per (account, address), a
 * failure budget per address, and no account lock a stranger could trigger. An unknown account
 * goes through the same steps (a password hash is computed for nothing) and gets the same answers.
 * Checks still running count as failures until they end, so guesses fired in parallel get no more
 * checks than guesses in series. Every failure is audited.
 */
export class PasswordGate {
	readonly #pairs: GrowingDelay;
	readonly #addresses: FailureBucket;
	readonly #inFlight = new Map<string, number>();

	constructor(
		private readonly accounts: AccountRepository,
		private readonly audit: AuditLog,
		policy: ThrottlePolicy = DEFAULT_THROTTLE,
		/** Where the throttles keep their state (in memory without): the database, shared by every node. */
		stores: { pairs?: ThrottleStore<{ failures: number; last: number }>; addresses?: ThrottleStore<{ tokens: number; at: number }> } = {}
	) {
		this.#pairs = new GrowingDelay(policy, stores.pairs);
		this.#addresses = new FailureBucket(policy, stores.addresses);
	}

	/**
	 * Checks `password` for the account named `login` (its e-mail, or its id when re-entered), which
	 * may not exist. `account` is what that name resolved to, or null.
	 */
	async check(login: string, account: UserWithSecret | null, password: string, address: string | null, record: FailureRecord, now = Date.now()): Promise<PasswordVerdict> {
		const from = `address:${address ?? 'unknown'}`;
		const pair = `pair:${login.trim().toLowerCase()}|${address ?? 'unknown'}`;
		const wait = Math.max(this.#addresses.wait(from, now, this.#pending(from)), this.#pairs.wait(pair, now, this.#pending(pair)));
		if (wait > 0) return { ok: false, reason: 'throttled', retryAfterMs: wait };
		const right = await this.#checking([from, pair], () => (account ? verifyPassword(account.passwordHash, password) : burnPasswordCheck(password).then(() => false)));
		if (right) {
			this.#pairs.succeed(pair);
			return { ok: true };
		}
		this.#pairs.fail(pair, now);
		this.#addresses.fail(from, now);
		this.audit.record(record.failed, record.actor, { workshopId: record.workshopId, target: record.target, details: { reason: account ? 'wrong-password' : 'unknown-account' } });
		return { ok: false, reason: 'invalid' };
	}

	/** The password of a signed-in person, entered again (to sign, decline, or change it). */
	async reauthenticate(userId: string, password: string, address: string | null, record: FailureRecord, now = Date.now()): Promise<PasswordVerdict> {
		return this.check(`id:${userId}`, this.accounts.secretById(userId), password, address, record, now);
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
		this.#pairs.prune(now);
		this.#addresses.prune(now);
	}
}
