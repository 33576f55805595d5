import { describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE, FailureBucket, GrowingDelay, type ThrottlePolicy } from './sign-in-throttle';

const policy: ThrottlePolicy = { ...DEFAULT_THROTTLE, freeFailures: 3, baseDelayMs: 1_000, maxDelayMs: 8_000, addressBurst: 3, addressRefillMs: 100 };

describe('growing delay per account and address', () => {
	it('lets the first failures through, then doubles the wait, up to a ceiling; a success resets it', () => {
		const d = new GrowingDelay(policy);
		for (let i = 0; i < 3; i++) {
			expect(d.wait('amal@x|1.2.3.4', 0)).toBe(0);
			d.fail('amal@x|1.2.3.4', 0);
		}
		expect(d.wait('amal@x|1.2.3.4', 0)).toBe(1_000);
		expect(d.wait('amal@x|1.2.3.4', 1_000)).toBe(0);
		d.fail('amal@x|1.2.3.4', 1_000);
		expect(d.wait('amal@x|1.2.3.4', 1_000)).toBe(2_000);
		for (let i = 0; i < 5; i++) d.fail('amal@x|1.2.3.4', 10_000);
		expect(d.wait('amal@x|1.2.3.4', 10_000)).toBe(8_000);
		// the owner at another address is not slowed down
		expect(d.wait('amal@x|5.6.7.8', 10_000)).toBe(0);
		d.succeed('amal@x|1.2.3.4');
		expect(d.wait('amal@x|1.2.3.4', 10_000)).toBe(0);
	});

	it('counts checks still running as failures', () => {
		const d = new GrowingDelay(policy);
		expect(d.wait('k', 0, 2)).toBe(0);
		expect(d.wait('k', 0, 3)).toBe(1_000);
	});
});

describe('failure bucket per address', () => {
	it('empties with failures and refills steadily, so a shared address waits seconds, not minutes', () => {
		const b = new FailureBucket(policy);
		for (let i = 0; i < 3; i++) b.fail('1.2.3.4', 0);
		expect(b.wait('1.2.3.4', 0)).toBe(100);
		expect(b.wait('1.2.3.4', 100)).toBe(0);
		expect(b.wait('5.6.7.8', 0)).toBe(0);
		b.prune(1_000);
		expect(b.wait('1.2.3.4', 1_000)).toBe(0);
	});
});
