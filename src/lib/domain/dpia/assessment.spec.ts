import { describe, expect, it } from 'vitest';
import { actionPlan, isAccepted, needsAcceptance, outcomeCounts, readinessBlockers, type AssessedRisk, type Measure } from './assessment';
import type { PriorityRules } from './scoring';

const rules: PriorityRules = {
	bands: [
		{ id: 'low', minScore: 1 },
		{ id: 'moderate', minScore: 4 },
		{ id: 'high', minScore: 8 },
		{ id: 'very-high', minScore: 12 }
	],
	floors: [{ minSeverity: 4, atLeast: 'high' }]
};
const levels = { severity: 4, likelihood: 4 };

const risk = (id: string, inherent: [number, number] | null, residual: [number, number] | null, acceptance: AssessedRisk['acceptance'] = null): AssessedRisk => ({
	id,
	title: `Risk ${id}`,
	inherent: inherent && { severity: inherent[0], likelihood: inherent[1] },
	residual: residual && { severity: residual[0], likelihood: residual[1] },
	acceptance
});

describe('acceptance', () => {
	it('requires a named acceptance for high and very high residual risk', () => {
		expect(needsAcceptance(rules, { severity: 4, likelihood: 1 })).toBe(true);
		expect(needsAcceptance(rules, { severity: 2, likelihood: 3 })).toBe(false);
		expect(needsAcceptance(rules, null)).toBe(false);
	});

	it('counts an acceptance only while it stands, with who and why', () => {
		const given = { agencyId: 'cra', userId: 'u1', name: 'Dr Amal', reason: 'Mitigated by MFA', at: 1, basis: '', voidedAt: 0, voidReason: '' as const };
		expect(isAccepted({ acceptance: given })).toBe(true);
		expect(isAccepted({ acceptance: { ...given, reason: '  ' } })).toBe(false);
		expect(isAccepted({ acceptance: { ...given, voidedAt: 2, voidReason: 'rating-changed' } })).toBe(false);
		expect(isAccepted({ acceptance: null })).toBe(false);
	});
});

describe('readiness', () => {
	it('lists every missing rating and acceptance', () => {
		const blockers = readinessBlockers({
			conclusionRecorded: false,
			risks: [risk('a', null, null), risk('b', [4, 3], [4, 2]), risk('c', [2, 2], [1, 1])],
			rules,
			levels
		});
		expect(blockers.map((b) => ('riskId' in b ? `${b.kind}:${b.riskId}` : b.kind))).toEqual(['no-conclusion', 'no-inherent:a', 'no-residual:a', 'not-accepted:b']);
	});

	it('is ready when everything is rated and high residual risks are accepted', () => {
		const accepted = { agencyId: 'cra', userId: 'u1', name: 'Dr Amal', reason: 'Residual risk acceptable with monthly review', at: 1, basis: '', voidedAt: 0, voidReason: '' as const };
		expect(readinessBlockers({ conclusionRecorded: true, risks: [risk('b', [4, 3], [4, 2], accepted)], rules, levels })).toEqual([]);
	});

	it('asks for what Art. 35 requires: necessity and proportionality, the views of those concerned, a review date, each agency’s DPO advice', () => {
		const art35 = {
			context: { necessity: '', subjectsViews: '  ' },
			reviewDate: '',
			dpoAdvice: new Map([['a', 'Proceed with the measures listed']]),
			agencies: [
				{ id: 'a', name: 'Alpha' },
				{ id: 'b', name: 'Beta' }
			]
		};
		expect(readinessBlockers({ conclusionRecorded: true, risks: [risk('c', [2, 2], [1, 1])], rules, levels, art35 })).toEqual([
			{ kind: 'no-necessity' },
			{ kind: 'no-subjects-views' },
			{ kind: 'no-review-date' },
			{ kind: 'no-dpo-advice', agency: 'Beta' }
		]);
		const complete = { ...art35, context: { necessity: 'Only what referrals need', subjectsViews: 'Two focus groups with adolescents' }, reviewDate: '2027-06-30', dpoAdvice: new Map([['a', 'Yes'], ['b', 'Yes, with encryption']]) };
		expect(readinessBlockers({ conclusionRecorded: true, risks: [risk('c', [2, 2], [1, 1])], rules, levels, art35: complete })).toEqual([]);
	});

	it('is not ready without risks', () => {
		expect(readinessBlockers({ conclusionRecorded: true, risks: [], rules, levels })).toEqual([{ kind: 'no-risks' }]);
	});
});

describe('outcome and action plan', () => {
	const risks = [risk('a', [4, 3], [2, 2]), risk('b', [2, 2], [1, 2]), risk('c', [3, 3], null)];

	it('counts risks per level before and after measures', () => {
		expect(outcomeCounts(rules, risks, levels)).toEqual([
			{ band: 'low', before: 0, after: 1 },
			{ band: 'moderate', before: 1, after: 1 },
			{ band: 'high', before: 1, after: 0 },
			{ band: 'very-high', before: 1, after: 0 }
		]);
	});

	it('orders planned measures by risk priority, then due date', () => {
		const m = (id: string, riskId: string, due: string, kind: Measure['kind'] = 'planned'): Measure => ({ id, riskId, text: id, kind, agency: 'CRA', due, status: 'planned' });
		const plan = actionPlan(rules, risks, [m('m1', 'b', '2026-12-01'), m('m2', 'a', ''), m('m3', 'a', '2026-12-20'), m('m4', 'c', '2027-01-01'), m('m5', 'a', '2026-01-01', 'existing')]);
		expect(plan.map((r) => r.measure.id)).toEqual(['m3', 'm2', 'm4', 'm1']);
		expect(plan[0].band).toBe('very-high');
	});
});
