/**
 * Ordering of board items (agenda rows, risks, measures, clauses, request types): each carries a
 * number, and a move or an insertion only ever writes the moved item's number, so two people
 * reordering at once never overwrite each other's work.
 */
export interface Positioned {
	position: number;
}

/** A position between two neighbours (either may be missing at the ends). */
export function positionBetween(before: number | undefined, after: number | undefined): number {
	if (before === undefined && after === undefined) return 1;
	if (before === undefined) return (after as number) - 1;
	if (after === undefined) return before + 1;
	return (before + after) / 2;
}

/** The position of an item added after the last one of a sorted list. */
export function positionAfterLast(sorted: readonly Positioned[]): number {
	return positionBetween(sorted.at(-1)?.position, undefined);
}

/** Position to move the item at `from` to index `to` of the sorted list. */
export function positionForMove(sorted: readonly Positioned[], from: number, to: number): number {
	const rest = sorted.filter((_, i) => i !== from);
	return positionBetween(rest[to - 1]?.position, rest[to]?.position);
}
