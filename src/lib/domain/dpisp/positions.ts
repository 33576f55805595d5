/** Each agency's position on each clause of the protocol, and what they add up to. */
export const POSITIONS = ['agree', 'reservation', 'object', 'legal-review'] as const;
export type Position = (typeof POSITIONS)[number];

export type ClauseStatus = 'agreed' | 'objected' | 'legal-review' | 'partial' | 'open';

/** Agree and agree-with-reservation both count as agreement; reservations stay visible. */
export function isAgreement(p: Position | undefined): boolean {
	return p === 'agree' || p === 'reservation';
}

export function clauseStatus(positions: ReadonlyMap<string, Position>, agencyIds: readonly string[]): ClauseStatus {
	if (agencyIds.length === 0) return 'open';
	const values = agencyIds.map((id) => positions.get(id));
	if (values.some((v) => v === 'object')) return 'objected';
	if (values.some((v) => v === 'legal-review')) return 'legal-review';
	if (values.every(isAgreement)) return 'agreed';
	return values.some(isAgreement) ? 'partial' : 'open';
}

export function protocolReady(statuses: readonly ClauseStatus[]): boolean {
	return statuses.length > 0 && statuses.every((s) => s === 'agreed');
}

/** The key of one agency's position on one clause in the board document. */
export function positionKey(clauseId: string, agencyId: string): string {
	return `${clauseId}|${agencyId}`;
}

export function parsePositionKey(key: string): { clauseId: string; agencyId: string } | null {
	const i = key.lastIndexOf('|');
	return i > 0 ? { clauseId: key.slice(0, i), agencyId: key.slice(i + 1) } : null;
}
