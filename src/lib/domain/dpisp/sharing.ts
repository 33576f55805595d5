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

/** A row (one data category for every recipient) or a column (one recipient for every category). */
export type SharingLine = { category: string } | { recipient: string };

/**
 * The cells of a row or a column that nobody has decided yet: what "decide the rest of this row"
 * sets. Cells already decided are never overwritten by a bulk choice.
 */
export function undecidedIn(line: SharingLine, categories: readonly string[], recipients: readonly string[], cells: ReadonlyMap<string, SharingCell>): { category: string; recipient: string }[] {
	const rows = 'category' in line ? [line.category] : categories;
	const columns = 'recipient' in line ? [line.recipient] : recipients;
	const out: { category: string; recipient: string }[] = [];
	for (const category of rows) for (const recipient of columns) if ((cells.get(cellKey(category, recipient))?.decision ?? 'undecided') === 'undecided') out.push({ category, recipient });
	return out;
}

/** Whether a data category still has an undecided cell (the "still to decide" filter). */
export function rowUndecided(category: string, recipients: readonly string[], cells: ReadonlyMap<string, SharingCell>): boolean {
	return recipients.some((r) => (cells.get(cellKey(category, r))?.decision ?? 'undecided') === 'undecided');
}
