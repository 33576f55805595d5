/** Silent scoring rounds: what the board shows once the facilitator reveals the ratings. */
export interface RoundRating {
	userId: string;
	name: string;
	agencyId: string | null;
	riskId: string;
	severity: number;
	likelihood: number;
	note: string;
}

export interface Rater {
	userId: string;
	name: string;
	agencyId: string | null;
}

export interface AxisSpread {
	min: number;
	max: number;
	median: number;
}

export interface RiskSpread {
	riskId: string;
	count: number;
	severity: AxisSpread | null;
	likelihood: AxisSpread | null;
	/** Ratings two or more levels apart on either axis. */
	disagreement: boolean;
	byAgency: { agencyId: string | null; ratings: RoundRating[] }[];
	/** Eligible people who did not rate this risk. */
	notRated: Rater[];
}

/** A gap this wide on either axis is highlighted for discussion. */
export const DISAGREEMENT_GAP = 2;

function spread(values: number[]): AxisSpread | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	const median = sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
	return { min: sorted[0], max: sorted[sorted.length - 1], median };
}

export function summariseRisk(riskId: string, ratings: readonly RoundRating[], eligible: readonly Rater[]): RiskSpread {
	const mine = ratings.filter((r) => r.riskId === riskId);
	const severity = spread(mine.map((r) => r.severity));
	const likelihood = spread(mine.map((r) => r.likelihood));
	const agencies = [...new Set(mine.map((r) => r.agencyId))];
	const rated = new Set(mine.map((r) => r.userId));
	return {
		riskId,
		count: mine.length,
		severity,
		likelihood,
		disagreement: !!severity && !!likelihood && (severity.max - severity.min >= DISAGREEMENT_GAP || likelihood.max - likelihood.min >= DISAGREEMENT_GAP),
		byAgency: agencies.map((agencyId) => ({ agencyId, ratings: mine.filter((r) => r.agencyId === agencyId) })),
		notRated: eligible.filter((p) => !rated.has(p.userId))
	};
}
