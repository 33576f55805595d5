import { describe, expect, it } from 'vitest';
import { lockedPaths, lockRefusal, type Lock } from './locks';
import { estimateOffset, extend, formatCountdown, pause, remainingMs, resume, start } from './timer';
import { ballotProblem, tally } from './votes';

describe('timer', () => {
	it('counts down from the server start, across pauses and extensions', () => {
		let t = start('item', 10 * 60_000, 1_000_000);
		expect(remainingMs(t, 1_060_000)).toBe(9 * 60_000);
		t = pause(t, 1_060_000);
		expect(remainingMs(t, 2_000_000)).toBe(9 * 60_000);
		t = resume(t, 2_000_000);
		t = extend(t, 5 * 60_000);
		expect(remainingMs(t, 2_060_000)).toBe(13 * 60_000);
		expect(remainingMs(t, 2_000_000 + 15 * 60_000)).toBeLessThan(0);
	});
	it('formats the countdown, and time over', () => {
		expect(formatCountdown(125_000)).toBe('2:05');
		expect(formatCountdown(-61_000)).toBe('−1:01');
	});
	it('corrects a skewed clock from the fastest round trip', () => {
		// This computer is 5 minutes behind the server; one sample was slowed by the network.
		const skew = 5 * 60_000;
		const samples = [
			{ sent: 0, server: 100 + skew, received: 200 },
			{ sent: 1000, server: 1010 + skew, received: 1020 }
		];
		expect(Math.abs(estimateOffset(samples) - skew)).toBeLessThanOrEqual(10);
		expect(estimateOffset([])).toBe(0);
	});
});

describe('dot voting', () => {
	it('checks ballots against the options and the dots each person has', () => {
		expect(ballotProblem({ a: 2, b: 1 }, ['a', 'b'], 3)).toBeNull();
		expect(ballotProblem({ a: 4 }, ['a'], 3)).toBe('too-many-dots');
		expect(ballotProblem({ z: 1 }, ['a'], 3)).toBe('unknown-option');
		expect(ballotProblem({ a: -1 }, ['a'], 3)).toBe('negative');
	});
	it('tallies anonymously, most dots first', () => {
		expect(tally([{ userId: 'u1', allocations: { a: 1, b: 2 } }, { userId: 'u2', allocations: { b: 1 } }, { userId: 'u3', allocations: {} }], ['a', 'b', 'c'])).toEqual({
			results: [
				{ option: 'b', dots: 3 },
				{ option: 'a', dots: 1 },
				{ option: 'c', dots: 0 }
			],
			voters: 2
		});
	});
});

describe('locks', () => {
	const locks: Lock[] = [
		{ board: 'dpia', path: ['risks', 'r1'], by: 'F', at: 1 },
		{ board: 'breach', path: [], by: 'F', at: 1 }
	];
	it('refuses writes under a locked item or board, except for facilitators', () => {
		expect(lockRefusal(locks, 'dpia', [['risks', 'r1', 'title']], 'participant')).toMatchObject({ path: ['risks', 'r1'] });
		expect(lockRefusal(locks, 'dpia', [['risks', 'r2', 'title']], 'participant')).toBeNull();
		expect(lockRefusal(locks, 'breach', [['audit', 'viewers']], 'participant')).not.toBeNull();
		expect(lockRefusal(locks, 'breach', [['audit']], 'facilitator')).toBeNull();
	});
	it('covers the whole board without an item, and what the board says an item covers', () => {
		expect(lockedPaths(null, () => [['never']])).toEqual([[]]);
		expect(lockedPaths('purpose', (item) => [['clauses', item], ['texts', item]])).toEqual([['clauses', 'purpose'], ['texts', 'purpose']]);
		expect(lockedPaths('chain')).toEqual([['chain']]);
	});
});
