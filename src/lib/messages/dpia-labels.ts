import { m } from '$lib/paraglide/messages';
import type { DpiaKitView } from '$lib/domain/dpia/kit-view';
import { priorityBand, type Rating } from '$lib/domain/dpia/scoring';

export function bandOf(kit: DpiaKitView, rating: Rating | null): { id: string; name: string; colour: string } | null {
	if (!rating) return null;
	const id = priorityBand(kit.rules, rating);
	const band = kit.bands.find((b) => b.id === id);
	return band ? { id, name: band.name, colour: band.colour } : null;
}

export function eventLabel(kit: DpiaKitView, id: string): string {
	return kit.fearedEvents.find((f) => f.id === id)?.label ?? id;
}

export function groupLabel(kit: DpiaKitView, id: string): string {
	return kit.groups.find((g) => g.id === id)?.label ?? id;
}

export function measureStatusLabel(status: string): string {
	const labels: Record<string, () => string> = { planned: m.measure_status_planned, 'in-progress': m.measure_status_in_progress, done: m.measure_status_done };
	return labels[status]?.() ?? status;
}

export function roundProblemLabel(problem: string): string {
	const labels: Record<string, () => string> = {
		'round-open': m.round_problem_round_open,
		'round-not-open': m.round_problem_round_not_open,
		'not-eligible': m.round_problem_not_eligible
	};
	return (labels[problem] ?? m.round_problem_other)();
}

export function acceptanceProblemLabel(problem: string): string {
	const labels: Record<string, () => string> = {
		'other-agency': m.acceptance_problem_other_agency,
		'not-a-participant': m.acceptance_problem_not_participant,
		'not-rated': m.acceptance_problem_not_rated,
		'no-reason': m.acceptance_problem_no_reason,
		frozen: m.acceptance_problem_frozen
	};
	return (labels[problem] ?? m.acceptance_problem_other)();
}
