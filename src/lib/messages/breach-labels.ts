import { m } from '$lib/paraglide/messages';
import type { ChainRule, StepDuty } from '$lib/domain/breach/chain';
import type { DrillOutcome, DrillStepState } from '$lib/domain/breach/drill';
import type { BreachClass } from '$lib/domain/breach/severity';

export function classLabel(c: BreachClass | string): string {
	const labels: Record<string, () => string> = { low: m.class_low, medium: m.class_medium, high: m.class_high, 'very-high': m.class_very_high };
	return labels[c]?.() ?? c;
}

export function ruleLabel(rule: ChainRule): string {
	return {
		'missing-owner': m.rule_missing_owner,
		'missing-deadline': m.rule_missing_deadline,
		'deadline-backwards': m.rule_deadline_backwards,
		'authority-too-late': m.rule_authority_too_late,
		'child-safety-not-immediate': m.rule_child_safety_not_immediate,
		'role-without-person': m.rule_role_without_person,
		'fallback-cycle': m.rule_fallback_cycle,
		'unknown-fallback': m.rule_unknown_fallback,
		'authority-not-every-class': m.rule_authority_not_every_class,
		'no-subjects-step': m.rule_no_subjects_step,
		'no-register': m.rule_no_register
	}[rule]();
}

export function dutyLabel(duty: StepDuty): string {
	return { '': m.step_duty_none, authority: m.step_duty_authority, subjects: m.step_duty_subjects, controller: m.step_duty_controller, register: m.step_duty_register }[duty]();
}

export function outcomeLabel(outcome: DrillOutcome): string {
	return { '': () => '', notified: m.drill_outcome_notified, 'not-notified': m.drill_outcome_not_notified, told: m.drill_outcome_told, 'not-told': m.drill_outcome_not_told }[outcome]();
}

/** Why the server refused to mark a drill step, in words (codes it does not know are shown as they are). */
export function drillProblemLabel(problem: string): string {
	const known: Record<string, () => string> = {
		'outcome-needed': m.drill_problem_outcome_needed,
		'reason-needed': m.drill_problem_reason_needed,
		'safety-check-needed': m.drill_problem_safety_check_needed
	};
	return known[problem]?.() ?? m.drill_failed({ reason: problem });
}

export function drillStateLabel(s: DrillStepState): string {
	return { 'done-on-time': m.drill_state_done_on_time, 'done-late': m.drill_state_done_late, missed: m.drill_state_missed, pending: m.drill_state_pending }[s]();
}

export function dueLabel(hours: number | null | undefined): string {
	if (hours === null || hours === undefined) return m.chain_due_unset();
	if (hours === 0) return m.chain_due_immediately();
	return m.chain_due_hours({ hours: Math.round(hours * 100) / 100 });
}

/** The few words a timeline shows for a step's duty. */
export function dutyShort(duty: Exclude<StepDuty, ''>): string {
	return { authority: m.step_duty_short_authority, subjects: m.step_duty_short_subjects, controller: m.step_duty_short_controller, register: m.step_duty_short_register }[duty]();
}
