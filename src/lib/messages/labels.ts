import { m } from '$lib/paraglide/messages';
import type { BoardState, RolloutType } from '$lib/domain/boards';
import type { AgendaBoard } from '$lib/domain/agenda';

/** Catalogue labels for the enumerations the UI shows. */
export function instanceRoleLabel(role: string): string {
	const labels: Record<string, () => string> = { admin: m.instance_role_admin, facilitator: m.instance_role_facilitator, member: m.instance_role_member };
	return labels[role]?.() ?? role;
}

/** A language's own name for itself (English, Français, العربية, Español), whatever the interface's language. */
export function languageName(code: string): string {
	const names: Record<string, () => string> = { en: m.language_en, fr: m.language_fr, ar: m.language_ar, es: m.language_es };
	return names[code]?.() ?? code;
}

export function workshopRoleLabel(role: string): string {
	const labels: Record<string, () => string> = { facilitator: m.role_facilitator, participant: m.role_participant, observer: m.role_observer };
	return labels[role]?.() ?? role;
}

export function rolloutLabel(rollout: RolloutType): string {
	return { 'inter-agency': m.rollout_inter_agency, refugee: m.rollout_refugee, 'government-only': m.rollout_government_only }[rollout]();
}

export function boardLabel(board: AgendaBoard | string, rollout?: RolloutType): string {
	if (board === 'terms' && rollout === 'government-only') return m.board_terms_government();
	return (
		{ agenda: m.board_agenda, dpia: m.board_dpia, dpisp: m.board_dpisp, terms: m.board_terms, breach: m.board_breach, general: m.board_general, live: m.board_live } as Record<string, () => string>
	)[board]?.() ?? board;
}

export function boardStateLabel(state: BoardState | 'not-required'): string {
	return {
		'not-started': m.board_state_not_started,
		'in-progress': m.board_state_in_progress,
		ready: m.board_state_ready,
		frozen: m.board_state_frozen,
		'not-required': m.board_state_not_required
	}[state]();
}

/** A logged decision in words: the facilitator's own, or what a board decided. */
export function decisionText(kind: string, text: string): string {
	if (kind === 'clause-agreed') return m.decision_clause_agreed({ clause: text });
	if (kind === 'round-revealed') return m.decision_round_revealed({ count: text });
	if (kind === 'protocol-frozen') return m.decision_protocol_frozen({ version: text });
	if (kind === 'risk-accepted') return m.decision_risk_accepted({ risk: text });
	if (kind === 'audit-decision') return m.decision_audit({ text });
	return text;
}
