/** The data-sharing matrix: for each data category and recipient, whether and how data may go. */
export const SHARING_DECISIONS = ['undecided', 'no', 'yes', 'conditional'] as const;
export type SharingDecision = (typeof SHARING_DECISIONS)[number];

export interface SharingCell {
	decision: SharingDecision;
	conditions: string[];
	channel: string;
}

export function cellKey(categoryId: string, recipientId: string): string {
	return `${categoryId}|${recipientId}`;
}

export type CellProblem = 'conditional-without-condition' | 'allowed-without-channel';

/** What a decided cell still lacks before the annex can be agreed. */
export function cellProblems(cell: SharingCell): CellProblem[] {
	const out: CellProblem[] = [];
	if (cell.decision === 'conditional' && cell.conditions.length === 0) out.push('conditional-without-condition');
	if ((cell.decision === 'yes' || cell.decision === 'conditional') && !cell.channel) out.push('allowed-without-channel');
	return out;
}

/** How many category × recipient cells nobody has decided yet. */
export function undecidedCount(categories: readonly string[], recipients: readonly string[], cells: ReadonlyMap<string, SharingCell>): number {
	let n = 0;
	for (const c of categories) for (const r of recipients) if ((cells.get(cellKey(c, r))?.decision ?? 'undecided') === 'undecided') n++;
	return n;
}
