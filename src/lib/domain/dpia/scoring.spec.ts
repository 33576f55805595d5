import { describe, expect, it } from 'vitest';
import { isRated, priorityBand, priorityRank, residualAboveInherent, score, type PriorityRules } from './scoring';

const cnil: PriorityRules = {
	bands: [
		{ id: 'low', minScore: 1 },
		{ id: 'moderate', minScore: 4 },
		{ id: 'high', minScore: 8 },
		{ id: 'very-high', minScore: 12 }
	],
	floors: [{ minSeverity: 4, atLeast: 'high' }]
};

describe('risk scoring', () => {
	it('bands severity × likelihood', () => {
		expect(priorityBand(cnil, { severity: 1, likelihood: 3 })).toBe('low');
		expect(priorityBand(cnil, { severity: 2, likelihood: 2 })).toBe('moderate');
		expect(priorityBand(cnil, { severity: 3, likelihood: 3 })).toBe('high');
		expect(priorityBand(cnil, { severity: 3, likelihood: 4 })).toBe('very-high');
		expect(score({ severity: 3, likelihood: 4 })).toBe(12);
	});

	it('lifts any severity-4 risk to at least high', () => {
		expect(priorityBand(cnil, { severity: 4, likelihood: 1 })).toBe('high');
		expect(priorityBand(cnil, { severity: 4, likelihood: 3 })).toBe('very-high');
	});

	it('works with a three-level scale and no floors', () => {
		const ico: PriorityRules = { bands: [{ id: 'low', minScore: 1 }, { id: 'medium', minScore: 3 }, { id: 'high', minScore: 6 }], floors: [] };
		expect(priorityBand(ico, { severity: 3, likelihood: 3 })).toBe('high');
		expect(priorityBand(ico, { severity: 1, likelihood: 2 })).toBe('low');
	});

	it('recognises complete ratings within the scale', () => {
		const levels = { severity: 4, likelihood: 4 };
		expect(isRated({ severity: 2, likelihood: 3 }, levels)).toBe(true);
		expect(isRated({ severity: 0, likelihood: 3 }, levels)).toBe(false);
		expect(isRated({ severity: 5, likelihood: 3 }, levels)).toBe(false);
		expect(isRated(null, levels)).toBe(false);
	});

	it('ranks by band, then severity, then score', () => {
		const ranks = [
			{ severity: 4, likelihood: 1 },
			{ severity: 2, likelihood: 4 },
			{ severity: 3, likelihood: 3 }
		].map((r) => priorityRank(cnil, r));
		expect(ranks[0]).toBeGreaterThan(ranks[2]);
		expect(ranks[2]).toBeGreaterThan(ranks[1]);
		expect(priorityRank(cnil, null)).toBe(-1);
	});
});

describe('a residual rating above the inherent one', () => {
	it('names what is higher after the measures than before them', () => {
		expect(residualAboveInherent({ severity: 2, likelihood: 2 }, { severity: 3, likelihood: 1 })).toEqual(['severity']);
		expect(residualAboveInherent({ severity: 3, likelihood: 1 }, { severity: 3, likelihood: 3 })).toEqual(['likelihood']);
		expect(residualAboveInherent({ severity: 3, likelihood: 2 }, { severity: 2, likelihood: 2 })).toEqual([]);
		expect(residualAboveInherent(null, { severity: 4, likelihood: 4 })).toEqual([]);
	});

	it('does not flag an unknown likelihood, which is scored as the worst case only for want of a level', () => {
		expect(residualAboveInherent({ severity: 3, likelihood: 1 }, { severity: 3, likelihood: 3, likelihoodUnknown: true })).toEqual([]);
	});
});
