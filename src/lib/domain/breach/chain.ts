import { BREACH_CLASSES, type BreachClass } from './severity';

/**
 * The escalation chain: ordered steps; steps with the same order run in parallel. A deadline is
 * counted from detection or from the previous group of steps. Each step may have a fallback step
 * for when nobody answers in time. Different severity classes can take different paths.
 */
export interface ChainStep {
	id: string;
	order: number;
	role: string;
	action: string;
	/** Hours allowed; null when not set. */
	hours: number | null;
	relativeTo: 'detection' | 'previous';
	channel: string;
	fallbackId: string;
	classes: BreachClass[];
	notifiesAuthority: boolean;
	childSafety: boolean;
}

export type ChainRule =
	| 'missing-owner'
	| 'missing-deadline'
	| 'deadline-backwards'
	| 'authority-too-late'
	| 'child-safety-not-immediate'
	| 'role-without-person'
	| 'fallback-cycle'
	| 'unknown-fallback';

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

/** Hours after detection by which each step of a path is due (null if a deadline is missing). */
export function dueHours(path: readonly ChainStep[]): Map<string, number | null> {
	const due = new Map<string, number | null>();
	const orders = [...new Set(path.map((s) => s.order))].sort((a, b) => a - b);
	let previous: number | null = 0;
	for (const order of orders) {
		const group = path.filter((s) => s.order === order);
		const groupDue: (number | null)[] = [];
		for (const s of group) {
			const value = s.hours === null ? null : s.relativeTo === 'detection' ? s.hours : previous === null ? null : previous + s.hours;
			due.set(s.id, value);
			groupDue.push(value);
		}
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
	// A role used in the chain needs a named person in every agency.
	for (const role of [...new Set(steps.map((s) => s.role.trim()).filter(Boolean))]) {
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
		const due = dueHours(path);
		let latestBefore = 0;
		const orders = [...new Set(path.map((s) => s.order))].sort((a, b) => a - b);
		for (const order of orders) {
			const group = path.filter((s) => s.order === order);
			for (const s of group) {
				const d = due.get(s.id);
				if (d === null || d === undefined) continue;
				if (d < latestBefore) out.push({ rule: 'deadline-backwards', stepId: s.id, class: cls });
				if (s.notifiesAuthority && d > AUTHORITY_LIMIT_HOURS) out.push({ rule: 'authority-too-late', stepId: s.id, class: cls });
				if (s.childSafety && d > 0) out.push({ rule: 'child-safety-not-immediate', stepId: s.id, class: cls });
			}
			const groupDue = group.map((s) => due.get(s.id)).filter((v): v is number => typeof v === 'number');
			if (groupDue.length) latestBefore = Math.max(latestBefore, ...groupDue);
		}
	}
	// One warning per rule and step is enough, whichever class raised it first.
	const seen = new Set<string>();
	return out.filter((w) => {
		const key = `${w.rule}|${w.stepId}|${w.detail ?? ''}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}
