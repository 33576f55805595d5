import { m } from '$lib/paraglide/messages';
import type { ClauseStatus, Position } from '$lib/domain/dpisp/positions';
import type { SharingDecision } from '$lib/domain/dpisp/sharing';

export function positionLabel(p: Position): string {
	return { agree: m.position_agree, reservation: m.position_reservation, object: m.position_object, 'legal-review': m.position_legal_review }[p]();
}

export function clauseStatusLabel(s: ClauseStatus): string {
	return { agreed: m.clause_status_agreed, objected: m.clause_status_objected, 'legal-review': m.clause_status_legal_review, partial: m.clause_status_partial, open: m.clause_status_open }[s]();
}

export function sharingLabel(d: SharingDecision): string {
	return { undecided: m.sharing_undecided, no: m.sharing_no, yes: m.sharing_yes, conditional: m.sharing_conditional }[d]();
}

export function guardKindLabel(kind: string): string {
	const labels: Record<string, () => string> = { email: m.guard_kind_email, phone: m.guard_kind_phone, 'case-number': m.guard_kind_case_number, 'birth-date': m.guard_kind_birth_date, name: m.guard_kind_name };
	return labels[kind]?.() ?? kind;
}

/** The colour family a clause's status or an agency's position is shown in (chips, outline). */
export function clauseStatusTone(s: ClauseStatus): 'ok' | 'warn' | 'danger' | 'neutral' {
	return s === 'agreed' ? 'ok' : s === 'objected' ? 'danger' : s === 'open' ? 'neutral' : 'warn';
}

export function positionTone(p: Position | undefined): 'ok' | 'warn' | 'danger' | 'neutral' {
	return p === 'agree' ? 'ok' : p === 'object' ? 'danger' : p ? 'warn' : 'neutral';
}

/** The one or two words a sharing-matrix cell shows (its full meaning is in the legend above). */
export function sharingShort(d: SharingDecision): string {
	return { undecided: m.sharing_short_undecided, no: m.sharing_short_no, yes: m.sharing_short_yes, conditional: m.sharing_short_conditional }[d]();
}
