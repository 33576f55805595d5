/** Where a decision in the day's log came from: typed in by a facilitator, or produced by a board. */
export const DECISION_KINDS = ['manual', 'clause-agreed', 'round-revealed', 'protocol-frozen', 'risk-accepted', 'audit-decision'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];
