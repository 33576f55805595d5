import { describe, expect, it } from 'vitest';
import { dotLayout, summariseRisk, type RoundRating } from './rounds';

const rating = (userId: string, agencyId: string, severity: number, likelihood: number, riskId = 'r1'): RoundRating => ({
	userId,
	name: userId,
	agencyId,
	riskId,
	severity,
	likelihood,
	note: ''
});

describe('round summary', () => {
	const eligible = ['amal', 'bruno', 'chen'].map((userId) => ({ userId, name: userId, agencyId: null }));

	it('shows the spread per agency and who did not rate', () => {
		const s = summariseRisk('r1', [rating('amal', 'A', 4, 3), rating('bruno', 'B', 3, 3), rating('amal', 'A', 1, 1, 'r2')], eligible);
		expect(s.count).toBe(2);
		expect(s.severity).toEqual({ min: 3, max: 4, median: 4 });
		expect(s.byAgency.map((a) => a.agencyId)).toEqual(['A', 'B']);
		expect(s.notRated.map((p) => p.userId)).toEqual(['chen']);
		expect(s.disagreement).toBe(false);
	});

	it('flags ratings two levels apart', () => {
		expect(summariseRisk('r1', [rating('amal', 'A', 4, 3), rating('bruno', 'B', 2, 3)], eligible).disagreement).toBe(true);
		expect(summariseRisk('r1', [rating('amal', 'A', 2, 1), rating('bruno', 'B', 2, 4)], eligible).disagreement).toBe(true);
	});

	it('handles a risk nobody rated', () => {
		const s = summariseRisk('r9', [], eligible);
		expect(s).toMatchObject({ count: 0, severity: null, disagreement: false });
		expect(s.notRated).toHaveLength(3);
	});
});

describe('dot plot of a revealed round', () => {
	const r = (userId: string, severity: number, likelihood: number): RoundRating => ({ userId, name: userId, agencyId: null, riskId: 'x', severity, likelihood, note: '' });

	it('puts each rating in its own cell, centred when alone', () => {
		const dots = dotLayout([r('a', 1, 3), r('b', 4, 1)]);
		expect(dots.map((d) => [d.rating.userId, d.severity, d.likelihood, d.dx, d.dy])).toEqual([
			['a', 1, 3, 0, 0],
			['b', 4, 1, 0, 0]
		]);
	});

	it('never stacks two dots of the same cell on one another, and keeps them inside the cell', () => {
		const same = Array.from({ length: 9 }, (_, i) => r(`p${i}`, 2, 2));
		const dots = dotLayout(same);
		const places = new Set(dots.map((d) => `${d.dx.toFixed(3)},${d.dy.toFixed(3)}`));
		expect(places.size).toBe(9);
		for (const d of dots) {
			expect(Math.abs(d.dx)).toBeLessThan(0.5);
			expect(Math.abs(d.dy)).toBeLessThan(0.5);
		}
	});
});
