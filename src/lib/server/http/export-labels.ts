import { m } from '../../paraglide/messages';
import type { Locale } from '../../paraglide/runtime';
import { isLocale } from '../../paraglide/runtime';
import type { ExportLabels } from '../protocol/labels';
import type { TermsPdfLabels } from '../terms-signing';
import type { FollowUpLabels } from '../follow-up';
import type { KitAnnexLabels } from '../kit-tailoring';
import type { PreReadLabels } from '../pre-read';

/** The workshop's language as a catalogue locale (English when it has none), and a message in it. */
function wordsIn(language: string) {
	const locale = (isLocale(language) ? language : 'en') as Locale;
	return { locale, t: (fn: (inputs: Record<string, never>, options: { locale: Locale }) => string) => fn({}, { locale }) };
}

/** The words of exported documents from the message catalogue, in the workshop's language. */
export function exportLabels(language: string): ExportLabels {
	const { locale, t } = wordsIn(language);
	return {
		language,
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
		matrixAxes: m.doc_matrix_axes({ severity: '{severity}', likelihood: '{likelihood}' }, { locale }),
		matrixAlt: m.doc_matrix_alt({ when: '{when}', counts: '{counts}' }, { locale }),
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
		signatureLine: m.doc_signature_line({ decision: '{decision}', name: '{name}', title: '{title}', agency: '{agency}', kind: '{kind}', time: '{time}' }, { locale }),
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
			level: t(m.doc_col_level),
			scenario: t(m.doc_col_scenario),
			severity: t(m.doc_col_severity),
			authority: t(m.doc_col_authority),
			subjects: t(m.doc_col_subjects),
			missed: t(m.doc_col_missed),
			applies: t(m.doc_col_applies),
			duty: t(m.doc_col_duty)
		},
		termsRapidOnset: t(m.doc_terms_rapid_onset),
		likelihoodUnknown: t(m.rating_unknown_short),
		art35: { dpoAdvice: t(m.outcome_dpo_advice), reviewDate: t(m.outcome_review_date), priorConsultation: t(m.doc_prior_consultation) },
		register: {
			title: t(m.doc_register),
			intro: t(m.doc_register_intro),
			column: t(m.doc_register_column),
			what: t(m.doc_register_what),
			exercises: t(m.doc_register_exercises),
			notRecorded: t(m.doc_not_recorded),
			safetyChecked: t(m.doc_safety_checked),
			awarenessStep: t(m.doc_awareness_step)
		},
		words: {
			'position:agree': t(m.position_agree),
			'position:reservation': t(m.position_reservation),
			'position:object': t(m.position_object),
			'position:legal-review': t(m.position_legal_review),
			'sharing:undecided': t(m.sharing_undecided),
			'sharing:no': t(m.sharing_no),
			'sharing:yes': t(m.sharing_yes),
			'sharing:conditional': t(m.sharing_conditional),
			'terms:not-started': t(m.terms_status_not_started),
			'terms:reviewing': t(m.terms_status_reviewing),
			'terms:queries-open': t(m.terms_status_queries_open),
			'terms:ready': t(m.terms_status_ready),
			'measure:planned': t(m.measure_status_planned),
			'measure:in-progress': t(m.measure_status_in_progress),
			'measure:done': t(m.measure_status_done),
			'anchor:detection': t(m.doc_from_detection),
			'anchor:awareness': t(m.doc_from_awareness),
			'anchor:previous': t(m.doc_from_previous),
			'duty:authority': t(m.step_duty_authority),
			'duty:subjects': t(m.step_duty_subjects),
			'duty:controller': t(m.step_duty_controller),
			'duty:register': t(m.step_duty_register),
			'outcome:notified': t(m.drill_outcome_notified),
			'outcome:not-notified': t(m.drill_outcome_not_notified),
			'outcome:told': t(m.drill_outcome_told),
			'outcome:not-told': t(m.drill_outcome_not_told),
			'context:purposes': t(m.context_purposes),
			'context:dataSubjects': t(m.context_dataSubjects),
			'context:systems': t(m.context_systems),
			'context:hosting': t(m.context_hosting),
			'context:retention': t(m.context_retention),
			'context:necessity': t(m.context_necessity),
			'context:subjectsViews': t(m.context_subjectsViews),
			'conclusion:required': m.screening_conclusion_required({ count: '{count}' }, { locale }),
			'conclusion:recommended': t(m.screening_conclusion_recommended),
			'conclusion:not-indicated': t(m.screening_conclusion_not_indicated),
			'conclusion:not-needed-government': t(m.screening_conclusion_not_needed_government),
			'class:low': t(m.class_low),
			'class:medium': t(m.class_medium),
			'class:high': t(m.class_high),
			'class:very-high': t(m.class_very_high)
		}
	};
}

/** The words of an organisation's sealed Terms PDF, in the workshop's language. */
export function termsPdfLabels(language: string): TermsPdfLabels {
	const { t } = wordsIn(language);
	return {
		language,
		contents: t(m.doc_contents),
		title: t(m.terms_pdf_title),
		version: t(m.doc_version),
		signedBy: t(m.doc_signed_by),
		email: t(m.doc_email),
		time: t(m.doc_time),
		digest: t(m.terms_pdf_digest),
		auth: t(m.doc_auth),
		certificate: t(m.doc_certificate),
		sealNote: t(m.doc_seal_note)
	};
}

/** The words of the follow-up report, in the workshop's language. */
export function followUpLabels(language: string): FollowUpLabels {
	const { t } = wordsIn(language);
	return {
		language,
		contents: t(m.doc_contents),
		title: t(m.followup_doc_title),
		asOf: t(m.followup_doc_as_of),
		protocol: t(m.followup_doc_protocol),
		digest: t(m.followup_doc_digest),
		sealNote: t(m.doc_seal_note),
		measure: t(m.followup_doc_measure),
		risk: t(m.followup_doc_risk),
		owner: t(m.followup_owner),
		due: t(m.followup_due),
		status: t(m.followup_status),
		evidence: t(m.followup_evidence),
		updated: t(m.followup_doc_updated),
		none: t(m.followup_owner_none),
		statuses: { planned: t(m.followup_status_planned), 'in-progress': t(m.followup_status_in_progress), done: t(m.followup_status_done), dropped: t(m.followup_status_dropped) }
	};
}

/** The words of the "changes to the standard kit" annex, in the workshop's language. */
export function kitAnnexLabels(language: string): KitAnnexLabels {
	const { locale, t } = wordsIn(language);
	return {
		title: t(m.kit_annex_title),
		intro: t(m.kit_annex_intro),
		change: t(m.kit_annex_change),
		by: t(m.kit_annex_by),
		parameters: kitParameterNames(language),
		removed: (risk) => m.kit_change_removed({ risk }, { locale }),
		added: (risk) => m.kit_change_added({ risk }, { locale }),
		itemRemoved: (item) => m.kit_change_item_removed({ item }, { locale }),
		itemAdded: (item) => m.kit_change_item_added({ item }, { locale }),
		parameter: (name, from, to) => m.kit_change_parameter({ name, from, to }, { locale })
	};
}

/** Each kit parameter's name, in a language. */
export function kitParameterNames(language: string): Record<string, string> {
	const { t } = wordsIn(language);
	return {
		consentAge: t(m.kit_param_consentAge),
		closedCaseRetentionYears: t(m.kit_param_closedCaseRetentionYears),
		auditLogRetentionMonths: t(m.kit_param_auditLogRetentionMonths),
		referralCopyDays: t(m.kit_param_referralCopyDays),
		rightsResponseDays: t(m.kit_param_rightsResponseDays)
	};
}

/** The words of the pre-read pack, in the workshop's language. */
export function preReadLabels(language: string): PreReadLabels {
	const { locale, t } = wordsIn(language);
	return {
		language,
		contents: t(m.doc_contents),
		title: t(m.preread_doc_title),
		note: m.preread_doc_note({ date: new Date().toISOString().slice(0, 10) }, { locale }),
		purpose: t(m.preread_doc_purpose),
		purposeText: t(m.preread_doc_purpose_text),
		agenda: t(m.preread_doc_agenda),
		item: t(m.preread_doc_item),
		minutes: t(m.preread_doc_minutes),
		owner: t(m.preread_doc_owner),
		method: t(m.preread_doc_method),
		scoring: t(m.preread_doc_method_scoring),
		positions: t(m.preread_doc_method_positions),
		scale: (scale) => m.preread_doc_scale({ scale }, { locale }),
		level: t(m.preread_doc_level),
		meaning: t(m.preread_doc_meaning),
		parameters: t(m.preread_doc_parameters),
		parameterNames: kitParameterNames(language),
		context: t(m.preread_doc_context),
		contextFields: {
			purposes: t(m.context_purposes),
			dataSubjects: t(m.context_dataSubjects),
			systems: t(m.context_systems),
			hosting: t(m.context_hosting),
			retention: t(m.context_retention),
			necessity: t(m.context_necessity),
			subjectsViews: t(m.context_subjectsViews)
		},
		notDrafted: t(m.preread_doc_not_drafted),
		risks: t(m.preread_doc_risks),
		risksIntro: t(m.preread_doc_risks_intro),
		clauses: t(m.preread_doc_clauses)
	};
}
