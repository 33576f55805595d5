/** Dot voting: each person spreads a number of dots over the options; nobody sees them until the close. */
export interface Ballot {
	userId: string;
	allocations: Record<string, number>;
}

export type BallotProblem = 'unknown-option' | 'too-many-dots' | 'negative';

export function ballotProblem(allocations: Record<string, number>, options: readonly string[], perPerson: number): BallotProblem | null {
	let total = 0;
	for (const [option, n] of Object.entries(allocations)) {
		if (!options.includes(option)) return 'unknown-option';
		if (!Number.isInteger(n) || n < 0) return 'negative';
		total += n;
	}
	return total > perPerson ? 'too-many-dots' : null;
}

/** Totals per option, most dots first (ties in the options' order), with how many people voted. */
export function tally(ballots: readonly Ballot[], options: readonly string[]): { results: { option: string; dots: number }[]; voters: number } {
	const dots = new Map(options.map((o) => [o, 0]));
	for (const b of ballots) for (const [o, n] of Object.entries(b.allocations)) if (dots.has(o)) dots.set(o, (dots.get(o) ?? 0) + n);
	const results = options.map((option) => ({ option, dots: dots.get(option) ?? 0 })).sort((a, b) => b.dots - a.dots || options.indexOf(a.option) - options.indexOf(b.option));
	return { results, voters: ballots.filter((b) => Object.values(b.allocations).some((n) => n > 0)).length };
}
