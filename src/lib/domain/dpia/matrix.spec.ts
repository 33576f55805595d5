import { describe, expect, it } from 'vitest';
import { buildMatrix, movements } from './matrix';

describe('risk matrix', () => {
	const risks = [
		{ id: 'a', inherent: { severity: 4, likelihood: 3 }, residual: { severity: 4, likelihood: 1 } },
		{ id: 'b', inherent: { severity: 1, likelihood: 1 }, residual: null },
		{ id: 'c', inherent: null, residual: null }
	];

	it('places each risk in its cell before and after measures', () => {
		const rows = buildMatrix(risks, { severity: 4, likelihood: 4 });
		expect(rows).toHaveLength(4);
		expect(rows[0][0]).toMatchObject({ severity: 1, likelihood: 4 });
		expect(rows[1][3]).toMatchObject({ severity: 4, likelihood: 3, inherent: ['a'], residual: [] });
		expect(rows[3][3]).toMatchObject({ severity: 4, likelihood: 1, inherent: [], residual: ['a'] });
		expect(rows[3][0].inherent).toEqual(['b']);
	});

	it('draws a movement only for risks that moved', () => {
		expect(movements(risks)).toEqual([{ id: 'a', from: { severity: 4, likelihood: 3 }, to: { severity: 4, likelihood: 1 } }]);
	});

	it('handles a 3 × 5 scale', () => {
		const rows = buildMatrix([{ id: 'x', inherent: { severity: 5, likelihood: 3 }, residual: null }], { severity: 5, likelihood: 3 });
		expect(rows[0][4].inherent).toEqual(['x']);
	});
});
