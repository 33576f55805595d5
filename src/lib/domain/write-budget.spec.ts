import { describe, expect, it } from 'vitest';
import { WriteBudget } from './write-budget';

describe('write budget', () => {
	it('refuses what goes past the bytes or the count of a sliding minute, per person, and forgets after', () => {
		const budget = new WriteBudget({ bytesPerMinute: 3_000_000, writesPerMinute: 3 });
		expect(budget.spend('mallory', 1_900_000, 0)).toBe(true);
		expect(budget.spend('mallory', 1_900_000, 1_000)).toBe(false);
		expect(budget.spend('amal', 1_900_000, 1_000)).toBe(true);
		expect(budget.spend('mallory', 10, 2_000)).toBe(true);
		expect(budget.spend('mallory', 10, 3_000)).toBe(true);
		expect(budget.spend('mallory', 10, 4_000)).toBe(false);
		expect(budget.spend('mallory', 1_900_000, 61_000)).toBe(true);
	});
});
