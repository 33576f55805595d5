import type { Rating } from './scoring';

/**
 * A risk acceptance is a decision of the accepting agency: made by one of its participants through
 * the server, recorded with who and when, and given on a basis — the risk's ratings and measures as
 * they stood. When that basis changes afterwards the acceptance is void (and shown as such), so an
 * agency never appears to accept a risk it has not seen.
 */
export interface Acceptance {
	agencyId: string;
	userId: string;
	name: string;
	reason: string;
	at: number;
	/** What was accepted (see `acceptanceBasis`). */
	basis: string;
	/** 0 while it stands. */
	voidedAt: number;
	voidReason: AcceptanceVoidReason | '';
}

export type AcceptanceVoidReason = 'rating-changed' | 'measures-changed' | 'withdrawn';

export interface BasisMeasure {
	id: string;
	text: string;
	kind: string;
	agency: string;
	due: string;
	status: string;
}

const rating = (r: Rating | null) => (r ? `${r.severity}x${r.likelihood}` : '-');

/** The ratings and the measures of a risk, as one string: what an acceptance is given on. */
export function acceptanceBasis(inherent: Rating | null, residual: Rating | null, measures: readonly BasisMeasure[]): string {
	const m = [...measures].sort((a, b) => (a.id < b.id ? -1 : 1)).map((x) => [x.id, x.text, x.kind, x.agency, x.due, x.status]);
	return JSON.stringify([rating(inherent), rating(residual), m]);
}

/** Why a standing acceptance no longer holds for the risk as it is now, or null if it holds. */
export function voidReasonFor(acceptance: Acceptance, currentBasis: string): AcceptanceVoidReason | null {
	if (acceptance.voidedAt || acceptance.basis === currentBasis) return null;
	const [oldRatings, newRatings] = [acceptance.basis, currentBasis].map((b) => {
		try {
			return JSON.stringify((JSON.parse(b) as unknown[]).slice(0, 2));
		} catch {
			return b;
		}
	});
	return oldRatings !== newRatings ? 'rating-changed' : 'measures-changed';
}

export function isStanding(acceptance: Acceptance | null | undefined): acceptance is Acceptance {
	return !!acceptance && acceptance.voidedAt === 0 && acceptance.reason.trim().length > 0 && acceptance.userId.length > 0;
}

export type AcceptProblem = 'not-a-participant' | 'other-agency' | 'not-rated' | 'no-reason' | 'unknown-risk' | 'not-accepted';

/**
 * Who may accept a risk: a participant (signatories are participants) of an agency, for their own
 * agency only; when the risk has an owner agency, only that agency accepts it.
 */
export function mayAccept(member: { role: string; agencyId: string | null }, risk: { ownerAgency: string; residual: Rating | null }): AcceptProblem | null {
	if (member.role !== 'participant' || !member.agencyId) return 'not-a-participant';
	if (risk.ownerAgency && risk.ownerAgency !== member.agencyId) return 'other-agency';
	if (!risk.residual) return 'not-rated';
	return null;
}

/** Why this acceptance cannot be given, or null: who may accept, and a reason of a few words at least. */
export function acceptProblem(member: { role: string; agencyId: string | null }, risk: { ownerAgency: string; residual: Rating | null }, reason: string): AcceptProblem | null {
	return mayAccept(member, risk) ?? (reason.trim().length < 3 ? 'no-reason' : null);
}
