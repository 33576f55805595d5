/** What must hold before the facilitator can freeze the protocol; each unmet item is listed. */
export type FreezeGap =
	| { kind: 'clause-not-agreed'; clause: string; number: number }
	| { kind: 'clause-objected'; clause: string; number: number; agency: string }
	| { kind: 'sharing-undecided'; category: string; recipients: string[] }
	| { kind: 'audit-undecided' }
	| { kind: 'terms-not-ready'; agency: string }
	| { kind: 'terms-not-published' }
	| { kind: 'chain-errors'; count: number }
	| { kind: 'risk-not-accepted'; risk: string }
	| { kind: 'dpia-not-ready' }
	| { kind: 'no-signatory'; agency: string };

export interface FreezeFacts {
	/** Each clause: agreed by every agency, and the agencies (short names) whose objection stands. */
	clauses: { number: number; title: string; agreed: boolean; objectedBy?: string[] }[];
	/** The sharing matrix: its rows (the DPIA's data categories), its columns, and the cells decided ("category|recipient"). */
	sharingCategories: { id: string; name: string }[];
	sharingRecipients: { id: string; label: string }[];
	sharingDecided: string[];
	/** Whether Step 9 decided who may view the audit-log report and for what. */
	auditDecided: boolean;
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
export const NOTHING_MISSING: FreezeFacts = {
	clauses: [],
	sharingCategories: [],
	sharingRecipients: [],
	sharingDecided: [],
	auditDecided: true,
	termsPublished: true,
	terms: [],
	chainWarnings: 0,
	unacceptedRisks: [],
	dpiaReady: null,
	signatories: []
};

export function freezeGaps(f: FreezeFacts): FreezeGap[] {
	const gaps: FreezeGap[] = [];
	for (const c of f.clauses) {
		// an objection that stands is named with its agency; otherwise the clause simply lacks agreement
		if (c.objectedBy?.length) for (const agency of c.objectedBy) gaps.push({ kind: 'clause-objected', clause: c.title, number: c.number, agency });
		else if (!c.agreed) gaps.push({ kind: 'clause-not-agreed', clause: c.title, number: c.number });
	}
	const decided = new Set(f.sharingDecided);
	for (const c of f.sharingCategories) {
		const open = f.sharingRecipients.filter((r) => !decided.has(`${c.id}|${r.id}`)).map((r) => r.label);
		if (open.length) gaps.push({ kind: 'sharing-undecided', category: c.name, recipients: open });
	}
	if (!f.auditDecided) gaps.push({ kind: 'audit-undecided' });
	if (!f.termsPublished) gaps.push({ kind: 'terms-not-published' });
	else for (const t of f.terms) if (!t.ready) gaps.push({ kind: 'terms-not-ready', agency: t.agency });
	if (f.chainWarnings > 0) gaps.push({ kind: 'chain-errors', count: f.chainWarnings });
	for (const r of f.unacceptedRisks) gaps.push({ kind: 'risk-not-accepted', risk: r });
	if (f.dpiaReady === false) gaps.push({ kind: 'dpia-not-ready' });
	for (const s of f.signatories) if (s.count === 0) gaps.push({ kind: 'no-signatory', agency: s.agency });
	return gaps;
}
