import { BREACH_CLASSES, type BreachClass } from './severity';
import type { KitBreach } from '../kit-schema';

/**
 * What the law asks a step to do, where it does more than pass the alert on:
 * - `authority`: decide whether to notify the supervisory authority, and do so within 72 hours of
 *   the agency becoming aware unless the breach is unlikely to result in a risk (GDPR Art. 33(1));
 *   a decision not to notify is recorded with its reason;
 * - `subjects`: after a safety assessment, tell the children and caregivers concerned when the
 *   breach is likely to result in a high risk to them (Art. 34), or record who decided not to and why;
 * - `controller`: the processor (host) tells the controller agencies without undue delay (Art. 33(2));
 * - `register`: record the breach in the breach register, notified or not (Art. 33(5)).
 */
export const STEP_DUTIES = ['', 'authority', 'subjects', 'controller', 'register'] as const;
export type StepDuty = (typeof STEP_DUTIES)[number];

/** What a deadline counts from: detection, the moment the agency becomes aware, or the previous group. */
export const DEADLINE_ANCHORS = ['detection', 'awareness', 'previous'] as const;
export type DeadlineAnchor = (typeof DEADLINE_ANCHORS)[number];

/**
 * The escalation chain: ordered steps; steps with the same order run in parallel. A deadline is
 * counted from detection, from the agency becoming aware (the step marked `awareness`; detection when
 * no step is), or from the previous group of steps. Each step may have a fallback step for when
 * nobody answers in time. Different severity classes can take different paths.
 */
export interface ChainStep {
	id: string;
	order: number;
	role: string;
	action: string;
	/** Hours allowed; null when not set. */
	hours: number | null;
	relativeTo: DeadlineAnchor;
	channel: string;
	fallbackId: string;
	classes: BreachClass[];
	duty: StepDuty;
	childSafety: boolean;
	/** Once this step is done, the agency is aware of the breach: Art. 33's 72 hours start here. */
	awareness: boolean;
	/** Each agency names its own person for this step's role (not so for whoever detects it, or one host). */
	namedPerAgency: boolean;
}

export type ChainRule =
	| 'missing-owner'
	| 'missing-deadline'
	| 'deadline-backwards'
	| 'authority-too-late'
	| 'child-safety-not-immediate'
	| 'role-without-person'
	| 'fallback-cycle'
	| 'unknown-fallback'
	| 'authority-not-every-class'
	| 'no-subjects-step'
	| 'no-register';

export interface ChainWarning {
	rule: ChainRule;
	stepId: string | null;
	/** The severity class whose path raised it, where relevant. */
	class?: BreachClass;
	/** The role, or agency, concerned. */
	detail?: string;
}

export const AUTHORITY_LIMIT_HOURS = 72;

/** Steps a class takes, in order. */
export function pathFor(steps: readonly ChainStep[], cls: BreachClass): ChainStep[] {
	return steps.filter((s) => s.classes.includes(cls)).sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
}

/** The classes whose breaches Art. 34 concerns: likely to result in a high risk to the children. */
export const HIGH_RISK_CLASSES: readonly BreachClass[] = ['high', 'very-high'];

/**
 * Hours after detection at which the agency is aware, on a path: when its awareness step is due
 * (the earliest, if several), or detection itself when no step marks it. Null if that step has no deadline.
 */
export function awarenessHours(path: readonly ChainStep[], due: ReadonlyMap<string, number | null>): number | null {
	const marked = path.filter((s) => s.awareness).map((s) => due.get(s.id) ?? null);
	if (marked.length === 0) return 0;
	return marked.some((v) => v === null) ? null : Math.min(...(marked as number[]));
}

/**
 * Hours after detection by which each step of a path is due (null if a deadline is missing). A step
 * counted from awareness is due that many hours after the awareness step; steps before or beside
 * that step cannot count from it and are due from detection.
 */
export function dueHours(path: readonly ChainStep[]): Map<string, number | null> {
	const due = new Map<string, number | null>();
	const orders = [...new Set(path.map((s) => s.order))].sort((a, b) => a - b);
	let previous: number | null = 0;
	let aware: number | null = path.some((s) => s.awareness) ? Number.NaN : 0;
	for (const order of orders) {
		const group = path.filter((s) => s.order === order);
		const groupDue: (number | null)[] = [];
		for (const s of group) {
			const from = s.relativeTo === 'detection' ? 0 : s.relativeTo === 'previous' ? previous : Number.isNaN(aware) ? 0 : aware;
			const value = s.hours === null || from === null ? null : from + s.hours;
			due.set(s.id, value);
			groupDue.push(value);
		}
		for (const s of group) if (s.awareness && Number.isNaN(aware)) aware = due.get(s.id) ?? null;
		previous = groupDue.some((v) => v === null) ? null : Math.max(...(groupDue as number[]));
	}
	return due;
}

export function validateChain(steps: readonly ChainStep[], people: ReadonlyMap<string, ReadonlyMap<string, string>>, agencyIds: readonly string[]): ChainWarning[] {
	const out: ChainWarning[] = [];
	const ids = new Set(steps.map((s) => s.id));
	for (const s of steps) {
		if (!s.role.trim()) out.push({ rule: 'missing-owner', stepId: s.id });
		if (s.hours === null || !Number.isFinite(s.hours) || s.hours < 0) out.push({ rule: 'missing-deadline', stepId: s.id });
		if (s.fallbackId && !ids.has(s.fallbackId)) out.push({ rule: 'unknown-fallback', stepId: s.id });
	}
	// A role whose step asks each agency for its own person needs one named in every agency.
	for (const role of namedRoles(steps)) {
		const named = people.get(role);
		for (const agency of agencyIds) if (!named?.get(agency)?.trim()) out.push({ rule: 'role-without-person', stepId: null, detail: `${role}|${agency}` });
	}
	// Fallbacks must not loop back.
	for (const s of steps) {
		const seen = new Set<string>([s.id]);
		let next = steps.find((x) => x.id === s.fallbackId);
		while (next) {
			if (seen.has(next.id)) {
				if (next.id === s.id) out.push({ rule: 'fallback-cycle', stepId: s.id });
				break;
			}
			seen.add(next.id);
			next = steps.find((x) => x.id === next!.fallbackId);
		}
	}
	for (const cls of BREACH_CLASSES) {
		const path = pathFor(steps, cls);
		// Art. 33(1): every breach reaches the decision on notifying the authority, whatever its class.
		if (!path.some((s) => s.duty === 'authority')) out.push({ rule: 'authority-not-every-class', stepId: null, class: cls });
		// Art. 34: a breach likely to result in a high risk reaches the decision on telling the children and caregivers.
		if (HIGH_RISK_CLASSES.includes(cls) && !path.some((s) => s.duty === 'subjects')) out.push({ rule: 'no-subjects-step', stepId: null, class: cls });
		// Art. 33(5): every breach is recorded, notified or not.
		if (!path.some((s) => s.duty === 'register')) out.push({ rule: 'no-register', stepId: null, class: cls });
		const due = dueHours(path);
		const aware = awarenessHours(path, due);
		let latestBefore = 0;
		const orders = [...new Set(path.map((s) => s.order))].sort((a, b) => a - b);
		for (const order of orders) {
			const group = path.filter((s) => s.order === order);
			for (const s of group) {
				const d = due.get(s.id);
				if (d === null || d === undefined) continue;
				if (d < latestBefore) out.push({ rule: 'deadline-backwards', stepId: s.id, class: cls });
				// The 72 hours run from when the agency becomes aware (Art. 33(1)), not from detection.
				if (s.duty === 'authority' && (aware === null || d - aware > AUTHORITY_LIMIT_HOURS)) out.push({ rule: 'authority-too-late', stepId: s.id, class: cls });
				if (s.childSafety && d > 0) out.push({ rule: 'child-safety-not-immediate', stepId: s.id, class: cls });
			}
			const groupDue = group.map((s) => due.get(s.id)).filter((v): v is number => typeof v === 'number');
			if (groupDue.length) latestBefore = Math.max(latestBefore, ...groupDue);
		}
	}
	// One warning per rule and step is enough, whichever class raised it first (a rule about a whole
	// path is kept once per class).
	const seen = new Set<string>();
	return out.filter((w) => {
		const key = `${w.rule}|${w.stepId}|${w.detail ?? ''}|${w.stepId === null && !w.detail ? w.class : ''}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

/** The roles for which each agency names a person of its own (those of steps that ask for it). */
export function namedRoles(steps: readonly ChainStep[]): string[] {
	return [...new Set(steps.filter((s) => s.namedPerAgency).map((s) => s.role.trim()).filter(Boolean))];
}

/** Which severity classes reach a step: a row of the exported procedure. */
export function appliesTo(step: ChainStep): Record<BreachClass, boolean> {
	return Object.fromEntries(BREACH_CLASSES.map((c) => [c, step.classes.includes(c)])) as Record<BreachClass, boolean>;
}

/** A step of a kit's default chain, in the workshop's language. */
export function stepFromKit(step: KitBreach['chain'][number], action: string): ChainStep {
	return {
		id: step.id,
		order: step.order,
		role: step.role,
		action,
		hours: step.hours,
		relativeTo: step.relativeTo,
		channel: step.channel,
		fallbackId: '',
		classes: [...step.classes],
		duty: step.duty ?? (step.notifiesAuthority ? 'authority' : ''),
		childSafety: step.childSafety,
		awareness: step.awareness,
		namedPerAgency: step.namedPerAgency
	};
}
