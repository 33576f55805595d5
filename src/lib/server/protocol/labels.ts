/** The headings and words of exported documents, in the workshop's language (built from the message catalogue by the caller). */
export interface ExportLabels {
	/** The workshop's language, which the document is written in. */
	language: string;
	title: string;
	version: string;
	digest: string;
	contents: string;
	agencies: string;
	lead: string;
	part1: string;
	part2: string;
	part3: string;
	part4: string;
	annexes: string;
	screening: string;
	context: string;
	risks: string;
	riskMatrix: string;
	/** "Columns: {severity}. Rows: {likelihood}. …", with the scales' names filled in. */
	matrixAxes: string;
	/** "Risk matrix, {when}: {counts}.", the grid's alternative text. */
	matrixAlt: string;
	before: string;
	after: string;
	actionPlan: string;
	opinion: string;
	acceptance: string;
	sharingMatrix: string;
	requests: string;
	chain: string;
	auditDecision: string;
	termsStatus: string;
	certificate: string;
	/** The sentence that opens a signature page: "{decision} by {name}, {title}, for {agency}, as {kind}, on {time} (UTC)." */
	signatureLine: string;
	signedBy: string;
	role: string;
	agency: string;
	time: string;
	auth: string;
	address: string;
	browser: string;
	decision: string;
	attestations: string;
	kinds: Record<'approver' | 'signatory' | 'countersignatory', string>;
	decisions: Record<'signed' | 'declined', string>;
	columns: {
		risk: string;
		measure: string;
		owner: string;
		due: string;
		status: string;
		category: string;
		step: string;
		deadline: string;
		channel: string;
		type: string;
		receiver: string;
		decider: string;
		days: string;
		logging: string;
		level: string;
		scenario: string;
		severity: string;
		authority: string;
		subjects: string;
		missed: string;
		applies: string;
		duty: string;
	};
	/** What GDPR Art. 35 and 36 add to the DPIA part. */
	art35: { dpoAdvice: string; reviewDate: string; priorConsultation: string };
	/** After a rating whose likelihood nobody could give: scored as the worst case. */
	likelihoodUnknown: string;
	/** Said under the Terms when the system went live before they were signed. */
	termsRapidOnset: string;
	register: { title: string; intro: string; column: string; what: string; exercises: string; notRecorded: string; safetyChecked: string; awarenessStep: string };
	/**
	 * The words for the codes a protocol stores, by "kind:code" (position:reservation,
	 * sharing:conditional, terms:queries-open, measure:in-progress, anchor:awareness, duty:subjects,
	 * outcome:not-told, class:very-high), so that no exported document shows a code.
	 */
	words: Record<string, string>;
	sealNote: string;
	/** "… entry {entry}, hash" */
	auditHead: string;
	enteredBy: string;
	focalPoint: string;
	positions: string;
	email: string;
	/** "{name}", "{agency}", "{time}" */
	acceptedBy: string;
	workshopRecord: string;
	decisionLog: string;
	parkingLot: string;
	present: string;
	question: string;
	done: string;
	open: string;
	/** Sentences for decisions the boards made; "{x}" stands for the clause, count or version. */
	decisionKinds: Record<'clause-agreed' | 'round-revealed' | 'protocol-frozen' | 'risk-accepted' | 'audit-decision', string>;
}
