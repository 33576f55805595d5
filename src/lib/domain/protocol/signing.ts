/**
 * The signing order of a frozen protocol: optional approvers first, then every agency's
 * signatory in any order, then the lead agency's countersignature. Anyone expected to sign may
 * decline with a reason, which stops the protocol being complete.
 */
export type SignerKind = 'approver' | 'signatory' | 'countersignatory';

export interface ExpectedSigner {
	kind: SignerKind;
	userId: string;
	agencyId: string | null;
}

export interface RecordedSignature {
	kind: SignerKind;
	userId: string;
	agencyId: string | null;
	decision: 'signed' | 'declined';
}

export type SigningStage = 'approval' | 'signatures' | 'countersignature' | 'complete' | 'declined';

export function signingStage(expected: readonly ExpectedSigner[], recorded: readonly RecordedSignature[]): SigningStage {
	if (recorded.some((r) => r.decision === 'declined')) return 'declined';
	const done = (kind: SignerKind) => expected.filter((e) => e.kind === kind).every((e) => recorded.some((r) => r.kind === kind && r.userId === e.userId && r.decision === 'signed'));
	if (!done('approver')) return 'approval';
	// Each agency signs once, by any of its signatories.
	const agencies = [...new Set(expected.filter((e) => e.kind === 'signatory').map((e) => e.agencyId))];
	if (!agencies.every((a) => recorded.some((r) => r.kind === 'signatory' && r.agencyId === a && r.decision === 'signed'))) return 'signatures';
	const lead = expected.filter((e) => e.kind === 'countersignatory');
	if (lead.length > 0 && !lead.some((e) => recorded.some((r) => r.kind === 'countersignatory' && r.userId === e.userId && r.decision === 'signed'))) return 'countersignature';
	return 'complete';
}

export type CanSign = { ok: true; kind: SignerKind } | { ok: false; reason: 'not-expected' | 'not-your-turn' | 'already-signed' | 'closed' };

/** Whether `userId` may sign now, and as what. */
export function canSign(expected: readonly ExpectedSigner[], recorded: readonly RecordedSignature[], userId: string): CanSign {
	const stage = signingStage(expected, recorded);
	if (stage === 'complete' || stage === 'declined') return { ok: false, reason: 'closed' };
	const mine = expected.filter((e) => e.userId === userId);
	if (mine.length === 0) return { ok: false, reason: 'not-expected' };
	const stageKind: SignerKind = stage === 'approval' ? 'approver' : stage === 'signatures' ? 'signatory' : 'countersignatory';
	const expectedNow = mine.find((e) => e.kind === stageKind);
	if (!expectedNow) return { ok: false, reason: 'not-your-turn' };
	const already = recorded.some((r) => r.userId === userId && r.kind === stageKind) || (stageKind === 'signatory' && recorded.some((r) => r.kind === 'signatory' && r.agencyId === expectedNow.agencyId));
	if (already) return { ok: false, reason: 'already-signed' };
	return { ok: true, kind: stageKind };
}
