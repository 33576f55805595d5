/**
 * Sign-in throttling rules, pure so they can be tested with a fake clock.
 * - Per account: after `maxFailures` consecutive failures the account is locked for `lockMs`;
 *   a success resets the count. While locked, even the right password is refused.
 * - Per client address: at most `maxPerWindow` failures in a sliding window of `windowMs`.
 */
export interface ThrottlePolicy {
	maxFailures: number;
	lockMs: number;
	maxPerWindow: number;
	windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
	maxFailures: 5,
	lockMs: 15 * 60_000,
	maxPerWindow: 20,
	windowMs: 15 * 60_000
};

export interface AccountLock {
	failedCount: number;
	lockedUntil: number | null;
}

export function isLocked(account: AccountLock, now: number): boolean {
	return account.lockedUntil !== null && now < account.lockedUntil;
}

export function afterFailure(account: AccountLock, now: number, policy: ThrottlePolicy): AccountLock {
	const failedCount = isLocked(account, now) ? account.failedCount : account.failedCount + 1;
	if (failedCount >= policy.maxFailures) return { failedCount: 0, lockedUntil: now + policy.lockMs };
	return { failedCount, lockedUntil: isLocked(account, now) ? account.lockedUntil : null };
}

/** Failures per key (a client address) in a sliding window. */
export class SlidingWindowCounter {
	readonly #hits = new Map<string, number[]>();
	constructor(
		private readonly limit: number,
		private readonly windowMs: number
	) {}

	#recent(key: string, now: number): number[] {
		const hits = (this.#hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
		if (hits.length === 0) this.#hits.delete(key);
		else this.#hits.set(key, hits);
		return hits;
	}

	/** `pending`: attempts still being checked, counted as if they had failed. */
	isBlocked(key: string, now: number, pending = 0): boolean {
		return this.#recent(key, now).length + pending >= this.limit;
	}

	/** Milliseconds until the key may try again (0 if not blocked). */
	retryAfter(key: string, now: number): number {
		const hits = this.#recent(key, now);
		if (hits.length < this.limit) return 0;
		return hits[hits.length - this.limit] + this.windowMs - now;
	}

	record(key: string, now: number): void {
		const hits = this.#recent(key, now);
		hits.push(now);
		this.#hits.set(key, hits);
	}

	/** Forget old keys so memory stays bounded under attack from many addresses. */
	prune(now: number): void {
		for (const key of [...this.#hits.keys()]) this.#recent(key, now);
	}
}
