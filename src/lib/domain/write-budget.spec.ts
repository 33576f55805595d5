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

	it('counts by the second: a write 59.9 s later still counts, one a minute later has left', () => {
		const budget = new WriteBudget({ bytesPerMinute: 1_000, writesPerMinute: 2 });
		expect(budget.spend('a', 10, 100)).toBe(true);
		expect(budget.spend('a', 10, 30_000)).toBe(true);
		expect(budget.spend('a', 10, 59_900)).toBe(false);
		expect(budget.spend('a', 10, 60_000)).toBe(true);
	});

	it('forgets people who wrote nothing for a minute', () => {
		const budget = new WriteBudget({ bytesPerMinute: 1_000, writesPerMinute: 1 });
		expect(budget.spend('a', 10, 0)).toBe(true);
		budget.prune(30_000);
		expect(budget.spend('a', 10, 30_000)).toBe(false);
		budget.prune(61_000);
		expect(budget.spend('a', 10, 61_000)).toBe(true);
	});

	it('costs the same at any rate: 100,000 writes in one minute are all counted', () => {
		const budget = new WriteBudget({ bytesPerMinute: 1e12, writesPerMinute: 100_000 });
		let counted = 0;
		for (let i = 0; i < 100_000; i++) if (budget.spend('storm', 1, i / 2)) counted++;
		expect(counted).toBe(100_000);
		expect(budget.spend('storm', 1, 50_000)).toBe(false);
	});

	it("counts what another node accepted against the same person's minute", () => {
		const budget = new WriteBudget({ bytesPerMinute: 1_000_000, writesPerMinute: 10 });
		budget.add('ana', 9, 900, 0);
		expect(budget.spend('ana', 10, 500)).toBe(true);
		expect(budget.spend('ana', 10, 600)).toBe(false);
		expect(budget.spend('bo', 10, 600)).toBe(true);
		// a minute later it has all gone
		expect(budget.spend('ana', 10, 61_000)).toBe(true);
	});
});
