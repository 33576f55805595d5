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

/** Where a rating's dot sits on the severity × likelihood grid: its cell, and an offset within it (-0.5…0.5). */
export interface Dot {
	rating: RoundRating;
	severity: number;
	likelihood: number;
	dx: number;
	dy: number;
}

/**
 * Places revealed ratings as dots on the grid, side by side when several people chose the same
 * cell (in rows of up to `perRow`, centred), so every rating stays visible and none hides another.
 */
export function dotLayout(ratings: readonly RoundRating[], perRow = 4): Dot[] {
	const byCell = new Map<string, RoundRating[]>();
	for (const r of ratings) {
		const key = `${r.severity}:${r.likelihood}`;
		byCell.set(key, [...(byCell.get(key) ?? []), r]);
	}
	const dots: Dot[] = [];
	for (const group of byCell.values()) {
		const rows = Math.ceil(group.length / perRow);
		group.forEach((rating, i) => {
			const row = Math.floor(i / perRow);
			const inRow = row === rows - 1 ? group.length - row * perRow : perRow;
			const col = i % perRow;
			const step = 0.8 / Math.max(perRow, rows);
			dots.push({ rating, severity: rating.severity, likelihood: rating.likelihood, dx: (col - (inRow - 1) / 2) * step, dy: (row - (rows - 1) / 2) * step });
		});
	}
	return dots;
}
