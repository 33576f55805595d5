/** What must hold before the facilitator can freeze the protocol; each unmet item is listed. */
export type FreezeGap =
	| { kind: 'clause-not-agreed'; clause: string; number: number }
	| { kind: 'terms-not-ready'; agency: string }
	| { kind: 'terms-not-published' }
	| { kind: 'chain-errors'; count: number }
	| { kind: 'risk-not-accepted'; risk: string }
	| { kind: 'dpia-not-ready' }
	| { kind: 'no-signatory'; agency: string };

export interface FreezeFacts {
	clauses: { number: number; title: string; agreed: boolean }[];
	termsPublished: boolean;
	terms: { agency: string; ready: boolean }[];
	chainWarnings: number;
	/** High residual risks still without a named acceptance. */
	unacceptedRisks: string[];
	/** False when the DPIA has not been marked ready (skipped for government-only rollouts). */
	dpiaReady: boolean | null;
	signatories: { agency: string; count: number }[];
}

/** The facts of a workshop with nothing missing: what a board that is not there contributes. */
export const NOTHING_MISSING: FreezeFacts = { clauses: [], termsPublished: true, terms: [], chainWarnings: 0, unacceptedRisks: [], dpiaReady: null, signatories: [] };

export function freezeGaps(f: FreezeFacts): FreezeGap[] {
	const gaps: FreezeGap[] = [];
	for (const c of f.clauses) if (!c.agreed) gaps.push({ kind: 'clause-not-agreed', clause: c.title, number: c.number });
	if (!f.termsPublished) gaps.push({ kind: 'terms-not-published' });
	else for (const t of f.terms) if (!t.ready) gaps.push({ kind: 'terms-not-ready', agency: t.agency });
	if (f.chainWarnings > 0) gaps.push({ kind: 'chain-errors', count: f.chainWarnings });
	for (const r of f.unacceptedRisks) gaps.push({ kind: 'risk-not-accepted', risk: r });
	if (f.dpiaReady === false) gaps.push({ kind: 'dpia-not-ready' });
	for (const s of f.signatories) if (s.count === 0) gaps.push({ kind: 'no-signatory', agency: s.agency });
	return gaps;
}
