/**
 * Password-guessing throttles, pure so they can be tested with a fake clock. Two rules, and no
 * account lock — a lock is something a stranger could trigger against the account's owner:
 * - Per (account, address) pair: the first `freeFailures` consecutive failures cost nothing; each
 *   one after that doubles the wait before the next try from that address for that account, from
 *   `baseDelayMs` up to `maxDelayMs`. A success resets it. The owner, at another address, is never
 *   slowed down by someone else's guesses.
 * - Per address: a bucket of `addressBurst` failures that refills one every `addressRefillMs`. It
 *   caps how many passwords one address can have checked (many accounts at once), and empties only
 *   with failures, so people sharing that address (a venue's network) wait seconds, not minutes.
 * Unknown accounts are throttled the same way (the pair is keyed by what was typed), so the answers
 * never tell which accounts exist.
 */
export interface ThrottlePolicy {
	freeFailures: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** A pair with no failure for this long is forgotten. */
	forgetMs: number;
	addressBurst: number;
	addressRefillMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
	freeFailures: 3,
	baseDelayMs: 1_000,
	maxDelayMs: 15 * 60_000,
	forgetMs: 24 * 3_600_000,
	addressBurst: 30,
	addressRefillMs: 10_000
};

/**
 * Where a throttle keeps its state per key: a Map in memory, or the database (shared by every node of
 * an instance, and kept across restarts: repositories/sql-limits.ts).
 */
export interface ThrottleStore<S> {
	get(key: string): S | undefined;
	set(key: string, state: S): void;
	delete(key: string): void;
	keys(): Iterable<string>;
}

/** Consecutive failures per key, each past the free ones doubling the wait before the next try. */
export class GrowingDelay {
	constructor(
		private readonly policy: ThrottlePolicy,
		private readonly state: ThrottleStore<{ failures: number; last: number }> = new Map()
	) {}

	#delay(failures: number): number {
		if (failures < this.policy.freeFailures) return 0;
		return Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (failures - this.policy.freeFailures));
	}

	/** Milliseconds until `key` may try again (0: now). `pending`: tries still being checked, counted as failures. */
	wait(key: string, now: number, pending = 0): number {
		const s = this.state.get(key);
		const failures = (s?.failures ?? 0) + pending;
		const delay = this.#delay(failures);
		return delay === 0 ? 0 : Math.max(0, (s?.last ?? now) + delay - now);
	}

	fail(key: string, now: number): void {
		const s = this.state.get(key);
		this.state.set(key, { failures: (s?.failures ?? 0) + 1, last: now });
	}

	succeed(key: string): void {
		this.state.delete(key);
	}

	prune(now: number): void {
		for (const key of [...this.state.keys()]) {
			const s = this.state.get(key);
			if (s && now - s.last > this.policy.forgetMs) this.state.delete(key);
		}
	}
}

/** Failures per address, as a bucket that refills at a steady rate. */
export class FailureBucket {
	constructor(
		private readonly policy: ThrottlePolicy,
		private readonly state: ThrottleStore<{ tokens: number; at: number }> = new Map()
	) {}

	#tokens(key: string, now: number): number {
		const s = this.state.get(key);
		if (!s) return this.policy.addressBurst;
		return Math.min(this.policy.addressBurst, s.tokens + (now - s.at) / this.policy.addressRefillMs);
	}

	/** Milliseconds until the address may have a password checked again (0: now). */
	wait(key: string, now: number, pending = 0): number {
		const tokens = this.#tokens(key, now) - pending;
		return tokens >= 1 ? 0 : Math.ceil((1 - tokens) * this.policy.addressRefillMs);
	}

	fail(key: string, now: number): void {
		this.state.set(key, { tokens: this.#tokens(key, now) - 1, at: now });
	}

	prune(now: number): void {
		for (const key of [...this.state.keys()]) if (this.#tokens(key, now) >= this.policy.addressBurst) this.state.delete(key);
	}
}
