/**
 * Risk scoring with the kit's scales: severity × likelihood gives a score, the score a priority
 * band, and floors lift a band (for example, any severity-4 risk is at least "high").
 */
export interface PriorityRules {
	bands: readonly { id: string; minScore: number }[];
	floors: readonly { minSeverity: number; atLeast: string }[];
}

export interface Rating {
	severity: number;
	likelihood: number;
	/** Nobody could say how likely it is: `likelihood` is then the scale's highest level (the precautionary worst case). */
	likelihoodUnknown?: boolean;
}

/** A rating whose likelihood is unknown: scored as the worst case until it is known. */
export function precautionary(severity: number, levels: { likelihood: number }): Rating {
	return { severity, likelihood: levels.likelihood, likelihoodUnknown: true };
}

export function isRated(r: Partial<Rating> | null | undefined, levels: { severity: number; likelihood: number }): r is Rating {
	return (
		!!r &&
		Number.isInteger(r.severity) &&
		Number.isInteger(r.likelihood) &&
		(r.severity as number) >= 1 &&
		(r.severity as number) <= levels.severity &&
		(r.likelihood as number) >= 1 &&
		(r.likelihood as number) <= levels.likelihood
	);
}

export function score(r: Rating): number {
	return r.severity * r.likelihood;
}

/** Index of a band in the kit's order (0 = lowest). */
export function bandIndex(rules: PriorityRules, id: string): number {
	return rules.bands.findIndex((b) => b.id === id);
}

export function priorityBand(rules: PriorityRules, r: Rating): string {
	const s = score(r);
	let index = 0;
	rules.bands.forEach((b, i) => {
		if (s >= b.minScore) index = i;
	});
	for (const floor of rules.floors) {
		if (r.severity >= floor.minSeverity) index = Math.max(index, bandIndex(rules, floor.atLeast));
	}
	return rules.bands[index].id;
}

/**
 * Sort key: higher band first; within a band the more severe harm to the child first (the
 * precautionary reading), then the higher score.
 */
export function priorityRank(rules: PriorityRules, r: Rating | null): number {
	if (!r) return -1;
	return bandIndex(rules, priorityBand(rules, r)) * 1000 + r.severity * 100 + score(r);
}

/**
 * Which part of a residual rating is above the inherent one, if any. Measures only ever lower a
 * risk; a residual rated higher is usually a slip (or the inherent rating needs another look).
 */
export function residualAboveInherent(inherent: Rating | null, residual: Rating | null): ('severity' | 'likelihood')[] {
	if (!inherent || !residual) return [];
	const above: ('severity' | 'likelihood')[] = [];
	if (residual.severity > inherent.severity) above.push('severity');
	if (residual.likelihood > inherent.likelihood && !residual.likelihoodUnknown) above.push('likelihood');
	return above;
}
