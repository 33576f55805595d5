import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { isLocale } from '$lib/paraglide/runtime';
import type { ExportLabels } from '../protocol/labels';

/** The words of exported documents from the message catalogue, in the workshop's language. */
export function exportLabels(language: string): ExportLabels {
	const locale = (isLocale(language) ? language : 'en') as Locale;
	const t = (fn: (inputs: Record<string, never>, options: { locale: Locale }) => string) => fn({}, { locale });
	return {
		title: t(m.doc_title),
		version: t(m.doc_version),
		digest: t(m.doc_digest),
		contents: t(m.doc_contents),
		agencies: t(m.doc_agencies),
		lead: t(m.doc_lead),
		part1: t(m.doc_part1),
		part2: t(m.doc_part2),
		part3: t(m.doc_part3),
		part4: t(m.doc_part4),
		annexes: t(m.doc_annexes),
		workshopRecord: t(m.doc_workshop_record),
		decisionLog: t(m.doc_decision_log),
		parkingLot: t(m.doc_parking_lot),
		present: t(m.doc_present),
		question: t(m.doc_question),
		done: t(m.doc_done),
		open: t(m.doc_open),
		decisionKinds: {
			'clause-agreed': m.decision_clause_agreed({ clause: '{x}' }, { locale }),
			'round-revealed': m.decision_round_revealed({ count: '{x}' }, { locale }),
			'protocol-frozen': m.decision_protocol_frozen({ version: '{x}' }, { locale }),
			'risk-accepted': m.decision_risk_accepted({ risk: '{x}' }, { locale }),
			'audit-decision': m.decision_audit({ text: '{x}' }, { locale })
		},
		screening: t(m.doc_screening),
		context: t(m.doc_context),
		risks: t(m.doc_risks),
		riskMatrix: t(m.doc_risk_matrix),
		before: t(m.doc_before),
		after: t(m.doc_after),
		actionPlan: t(m.doc_action_plan),
		opinion: t(m.doc_opinion),
		acceptance: t(m.doc_acceptance),
		sharingMatrix: t(m.doc_sharing),
		requests: t(m.doc_requests),
		chain: t(m.doc_chain),
		auditDecision: t(m.doc_audit_decision),
		termsStatus: t(m.doc_terms_status),
		certificate: t(m.doc_certificate),
		signedBy: t(m.doc_signed_by),
		role: t(m.doc_role),
		agency: t(m.doc_agency),
		time: t(m.doc_time),
		auth: t(m.doc_auth),
		address: t(m.doc_address),
		browser: t(m.doc_browser),
		decision: t(m.doc_decision),
		attestations: t(m.doc_attestations),
		sealNote: t(m.doc_seal_note),
		auditHead: m.doc_audit_head({ entry: '{entry}' }, { locale }),
		enteredBy: t(m.doc_entered_by),
		focalPoint: t(m.doc_focal_point),
		positions: t(m.doc_positions),
		email: t(m.doc_email),
		acceptedBy: m.doc_accepted_by({ name: '{name}', agency: '{agency}', time: '{time}' }, { locale }),
		kinds: { approver: t(m.kind_approver), signatory: t(m.kind_signatory), countersignatory: t(m.kind_countersignatory) },
		decisions: { signed: t(m.doc_signed), declined: t(m.doc_declined) },
		columns: {
			risk: t(m.doc_col_risk),
			measure: t(m.doc_col_measure),
			owner: t(m.doc_col_owner),
			due: t(m.doc_col_due),
			status: t(m.doc_col_status),
			category: t(m.doc_col_category),
			step: t(m.doc_col_step),
			deadline: t(m.doc_col_deadline),
			channel: t(m.doc_col_channel),
			type: t(m.doc_col_type),
			receiver: t(m.doc_col_receiver),
			decider: t(m.doc_col_decider),
			days: t(m.doc_col_days),
			logging: t(m.doc_col_logging),
			level: t(m.doc_col_level)
		}
	};
}
