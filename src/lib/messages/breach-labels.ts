import { m } from '$lib/paraglide/messages';
import type { ChainRule } from '$lib/domain/breach/chain';
import type { DrillStepState } from '$lib/domain/breach/drill';
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
		'unknown-fallback': m.rule_unknown_fallback
	}[rule]();
}

export function drillStateLabel(s: DrillStepState): string {
	return { 'done-on-time': m.drill_state_done_on_time, 'done-late': m.drill_state_done_late, missed: m.drill_state_missed, pending: m.drill_state_pending }[s]();
}

export function dueLabel(hours: number | null | undefined): string {
	if (hours === null || hours === undefined) return m.chain_due_unset();
	if (hours === 0) return m.chain_due_immediately();
	return m.chain_due_hours({ hours: Math.round(hours * 100) / 100 });
}
