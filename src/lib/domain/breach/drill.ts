import { dueHours, pathFor, type ChainStep, type StepDuty } from './chain';
import type { BreachClass } from './severity';

/**
 * What a decision step decided: the authority notified or not (Art. 33), the children and
 * caregivers told or not (Art. 34). Other steps are simply done ('').
 */
export const DRILL_OUTCOMES = ['', 'notified', 'not-notified', 'told', 'not-told'] as const;
export type DrillOutcome = (typeof DRILL_OUTCOMES)[number];

/** A tabletop drill: the clock runs from the start; each step is due at start + its deadline. */
export interface DrillMark {
	stepId: string;
	doneAt: number;
	/** The account that marked it, stamped by the server. */
	by: string;
	/** The reason, where a decision not to notify or not to tell needs one. */
	note: string;
	outcome: DrillOutcome;
	/** For the data-subject step: whether telling them could put a child at risk was assessed first. */
	safetyChecked: boolean;
}

export type MarkProblem = 'outcome-needed' | 'reason-needed' | 'safety-check-needed';

/** The outcomes a step of this duty can record. */
export function outcomesFor(duty: StepDuty): DrillOutcome[] {
	if (duty === 'authority') return ['notified', 'not-notified'];
	if (duty === 'subjects') return ['told', 'not-told'];
	return [''];
}

/** Shortest reason accepted for not notifying the authority or not telling the people concerned. */
export const MIN_REASON_CHARS = 10;

/**
 * Checks a step being marked done: a decision step records what was decided; not notifying or not
 * telling records why; the people concerned are told, or not, only after the safety assessment.
 */
export function checkMark(duty: StepDuty, mark: Pick<DrillMark, 'outcome' | 'note' | 'safetyChecked'>): MarkProblem | null {
	if (!outcomesFor(duty).includes(mark.outcome)) return 'outcome-needed';
	if (duty === 'subjects' && !mark.safetyChecked) return 'safety-check-needed';
	if ((mark.outcome === 'not-notified' || mark.outcome === 'not-told') && mark.note.trim().length < MIN_REASON_CHARS) return 'reason-needed';
	return null;
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
 * The drill's multiplier for a speed given as scenario hours per real minute (what people are
 * asked): 1 hour a minute is 60 times real time. Kept within what the server accepts (1–3,600).
 */
export function speedFor(hoursPerMinute: number): number {
	if (!Number.isFinite(hoursPerMinute)) return 60;
	return Math.min(3600, Math.max(1, Math.round(hoursPerMinute * 60)));
}

/**
 * Scenario hours elapsed at `at` in a drill started at `startedAt`. Never negative: a browser whose
 * clock runs a little behind the server's would otherwise show "-1 h -3 min" right after the start.
 */
export function scenarioHours(startedAt: number, at: number, speed: number): number {
	return Math.max(0, ((at - startedAt) * Math.max(1, speed)) / 3_600_000);
}

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
