import { describe, expect, it } from 'vitest';
import { positionAfterLast, positionBetween, positionForMove } from './ordering';

describe('ordering', () => {
	it('finds positions between neighbours and at the ends', () => {
		expect(positionBetween(undefined, undefined)).toBe(1);
		expect(positionBetween(undefined, 3)).toBe(2);
		expect(positionBetween(3, undefined)).toBe(4);
		expect(positionBetween(1, 2)).toBe(1.5);
	});

	it('moves an item up and down', () => {
		const sorted = [{ position: 1 }, { position: 2 }, { position: 3 }];
		expect(positionForMove(sorted, 2, 0)).toBe(0);
		expect(positionForMove(sorted, 0, 1)).toBe(2.5);
		expect(positionForMove(sorted, 0, 2)).toBe(4);
	});

	it('adds after the last item, or first in an empty list', () => {
		expect(positionAfterLast([])).toBe(1);
		expect(positionAfterLast([{ position: 0.5 }, { position: 7 }])).toBe(8);
	});
});
