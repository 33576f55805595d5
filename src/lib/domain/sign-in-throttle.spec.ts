import { describe, expect, it } from 'vitest';
import { afterFailure, isLocked, SlidingWindowCounter, type ThrottlePolicy } from './sign-in-throttle';

const policy: ThrottlePolicy = { maxFailures: 3, lockMs: 1_000, maxPerWindow: 2, windowMs: 100 };

describe('account lockout', () => {
	it('locks after consecutive failures and unlocks after the window', () => {
		let acc = { failedCount: 0, lockedUntil: null as number | null };
		acc = afterFailure(acc, 0, policy);
		acc = afterFailure(acc, 1, policy);
		expect(isLocked(acc, 2)).toBe(false);
		acc = afterFailure(acc, 2, policy);
		expect(isLocked(acc, 3)).toBe(true);
		expect(isLocked(acc, 1_002)).toBe(false);
	});

	it('does not extend the lock while locked', () => {
		let acc = { failedCount: 0, lockedUntil: 500 as number | null };
		acc = afterFailure(acc, 100, policy);
		expect(acc.lockedUntil).toBe(500);
	});
});

describe('per-address window', () => {
	it('blocks after the limit and frees up as the window slides', () => {
		const c = new SlidingWindowCounter(policy.maxPerWindow, policy.windowMs);
		c.record('1.2.3.4', 0);
		expect(c.isBlocked('1.2.3.4', 10)).toBe(false);
		c.record('1.2.3.4', 20);
		expect(c.isBlocked('1.2.3.4', 30)).toBe(true);
		expect(c.retryAfter('1.2.3.4', 30)).toBe(70);
		expect(c.isBlocked('1.2.3.4', 101)).toBe(false);
		expect(c.isBlocked('5.6.7.8', 30)).toBe(false);
	});
});
