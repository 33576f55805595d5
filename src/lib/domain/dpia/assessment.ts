import { isStanding, type Acceptance } from './acceptance';
import { bandIndex, isRated, priorityBand, priorityRank, type PriorityRules, type Rating } from './scoring';

/** A risk as the readiness, action-plan and outcome rules see it. */
export interface AssessedRisk {
	id: string;
	title: string;
	inherent: Rating | null;
	residual: Rating | null;
	/** The acceptance given by an agency through the server, standing or void. */
	acceptance: Acceptance | null;
}

export interface Measure {
	id: string;
	riskId: string;
	text: string;
	kind: 'existing' | 'planned';
	agency: string;
	due: string;
	status: 'planned' | 'in-progress' | 'done';
}

export interface Levels {
	severity: number;
	likelihood: number;
}

/** The lowest band whose residual risks need a named acceptance (high, by default). */
export const ACCEPTANCE_FROM_BAND = 'high';

export function needsAcceptance(rules: PriorityRules, residual: Rating | null, fromBand = ACCEPTANCE_FROM_BAND): boolean {
	if (!residual) return false;
	const threshold = bandIndex(rules, fromBand);
	return threshold >= 0 && bandIndex(rules, priorityBand(rules, residual)) >= threshold;
}

/** A standing acceptance: given by an agency's participant, with a reason, and not void since. */
export function isAccepted(risk: Pick<AssessedRisk, 'acceptance'>): boolean {
	return isStanding(risk.acceptance);
}

export type Blocker =
	| { kind: 'no-conclusion' }
	| { kind: 'no-risks' }
	| { kind: 'no-inherent'; riskId: string; title: string }
	| { kind: 'no-residual'; riskId: string; title: string }
	| { kind: 'not-accepted'; riskId: string; title: string }
	| { kind: 'no-necessity' }
	| { kind: 'no-subjects-views' }
	| { kind: 'no-review-date' }
	| { kind: 'no-dpo-advice'; agency: string };

/** What GDPR Art. 35 asks a DPIA to hold beyond its risks: (7)(b), (9), (11) and (2). */
export interface Art35Record {
	context: { necessity: string; subjectsViews: string };
	reviewDate: string;
	dpoAdvice: ReadonlyMap<string, string>;
	agencies: readonly { id: string; name: string }[];
}

/** What stands between the DPIA and "ready for sign-off". Empty when it can be marked ready. */
export function readinessBlockers(input: { conclusionRecorded: boolean; risks: readonly AssessedRisk[]; rules: PriorityRules; levels: Levels; art35?: Art35Record; fromBand?: string }): Blocker[] {
	const out: Blocker[] = [];
	const a = input.art35;
	if (a) {
		if (!a.context.necessity.trim()) out.push({ kind: 'no-necessity' });
		if (!a.context.subjectsViews.trim()) out.push({ kind: 'no-subjects-views' });
		if (!a.reviewDate) out.push({ kind: 'no-review-date' });
		for (const agency of a.agencies) if (!a.dpoAdvice.get(agency.id)?.trim()) out.push({ kind: 'no-dpo-advice', agency: agency.name });
	}
	if (!input.conclusionRecorded) out.push({ kind: 'no-conclusion' });
	if (input.risks.length === 0) out.push({ kind: 'no-risks' });
	for (const r of input.risks) {
		if (!isRated(r.inherent, input.levels)) out.push({ kind: 'no-inherent', riskId: r.id, title: r.title });
		if (!isRated(r.residual, input.levels)) out.push({ kind: 'no-residual', riskId: r.id, title: r.title });
		else if (needsAcceptance(input.rules, r.residual, input.fromBand) && !isAccepted(r)) out.push({ kind: 'not-accepted', riskId: r.id, title: r.title });
	}
	return out;
}

/** Counts of risks per band, before and after measures. */
export function outcomeCounts(rules: PriorityRules, risks: readonly AssessedRisk[], levels: Levels): { band: string; before: number; after: number }[] {
	return rules.bands.map((b) => ({
		band: b.id,
		before: risks.filter((r) => isRated(r.inherent, levels) && priorityBand(rules, r.inherent) === b.id).length,
		after: risks.filter((r) => isRated(r.residual, levels) && priorityBand(rules, r.residual) === b.id).length
	}));
}

export interface ActionPlanRow {
	measure: Measure;
	risk: AssessedRisk;
	band: string | null;
}

/** Every planned measure, highest risk priority first, then earliest due date (undated last). */
export function actionPlan(rules: PriorityRules, risks: readonly AssessedRisk[], measures: readonly Measure[]): ActionPlanRow[] {
	const byId = new Map(risks.map((r) => [r.id, r]));
	return measures
		.filter((m) => m.kind === 'planned' && byId.has(m.riskId))
		.map((measure) => {
			const risk = byId.get(measure.riskId)!;
			return { measure, risk, band: risk.inherent ? priorityBand(rules, risk.inherent) : null };
		})
		.sort(
			(a, b) =>
				priorityRank(rules, b.risk.inherent) - priorityRank(rules, a.risk.inherent) ||
				(a.measure.due || '9999') .localeCompare(b.measure.due || '9999') ||
				a.measure.text.localeCompare(b.measure.text)
		);
}
