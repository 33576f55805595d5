import { dueHours, pathFor, type ChainStep } from './chain';
import type { BreachClass } from './severity';

/** A tabletop drill: the clock runs from the start; each step is due at start + its deadline. */
export interface DrillMark {
	stepId: string;
	doneAt: number;
	by: string;
	note: string;
}

export type DrillStepState = 'done-on-time' | 'done-late' | 'missed' | 'pending';

export interface DrillStepStatus {
	step: ChainStep;
	dueAt: number | null;
	state: DrillStepState;
	mark: DrillMark | null;
}

/** "Immediately" is never zero seconds: a step done within this many scenario hours of its deadline is on time. */
export const GRACE_HOURS = 0.25;

/**
 * Drills run faster than real life: `speed` scenario hours pass per real hour (e.g. 60: one
 * scenario hour each real minute), so a 72-hour chain can be rehearsed in a workshop session.
 */
export function drillStatus(steps: readonly ChainStep[], cls: BreachClass, startedAt: number, speed: number, marks: readonly DrillMark[], now: number): DrillStepStatus[] {
	const path = pathFor(steps, cls);
	const due = dueHours(path);
	const hourMs = 3_600_000 / Math.max(1, speed);
	return path.map((step) => {
		const hours = due.get(step.id);
		const dueAt = hours === null || hours === undefined ? null : startedAt + hours * hourMs;
		const limit = dueAt === null ? null : dueAt + GRACE_HOURS * hourMs;
		const mark = marks.find((m) => m.stepId === step.id) ?? null;
		let state: DrillStepState = 'pending';
		if (mark) state = limit !== null && mark.doneAt > limit ? 'done-late' : 'done-on-time';
		else if (limit !== null && now > limit) state = 'missed';
		return { step, dueAt, state, mark };
	});
}

export function missedDeadlines(status: readonly DrillStepStatus[]): DrillStepStatus[] {
	return status.filter((s) => s.state === 'missed' || s.state === 'done-late');
}
