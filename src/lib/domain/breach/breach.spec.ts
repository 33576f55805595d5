import { describe, expect, it } from 'vitest';
import { dueHours, pathFor, validateChain, type ChainStep } from './chain';
import { drillStatus, missedDeadlines } from './drill';
import { breachClass, breachScore, classOfScore } from './severity';

const base = { dpc: 4, ei: 1, confidentiality: 0.5, integrity: 0, availability: 0, malicious: false, childSafetyOverride: false };

describe('breach severity', () => {
	it('computes DPC × EI + CB and its class', () => {
		expect(breachScore(base)).toBe(4.5);
		expect(breachClass(base)).toEqual({ score: 4.5, class: 'very-high', overridden: false });
		expect(breachClass({ ...base, dpc: 2, ei: 0.5, confidentiality: 0.25 })).toMatchObject({ score: 1.25, class: 'low' });
		expect(breachScore({ ...base, dpc: 1, ei: 1, confidentiality: 0.5, integrity: 0.5, malicious: true })).toBe(2.5);
	});
	it('bands at 2, 3 and 4', () => {
		expect([1.99, 2, 2.99, 3, 3.99, 4].map(classOfScore)).toEqual(['low', 'medium', 'medium', 'high', 'high', 'very-high']);
	});
	it('lets the child-safety override make any breach very high', () => {
		expect(breachClass({ ...base, dpc: 1, ei: 0.25, confidentiality: 0, childSafetyOverride: true })).toMatchObject({ class: 'very-high', overridden: true });
	});
	it('keeps inputs within their scales', () => {
		expect(breachScore({ ...base, dpc: 9, ei: 5, confidentiality: 3 })).toBe(4.5);
	});
});

const step = (id: string, order: number, patch: Partial<ChainStep> = {}): ChainStep => ({
	id,
	order,
	role: `Role ${id}`,
	action: '',
	hours: 1,
	relativeTo: 'previous',
	channel: 'phone',
	fallbackId: '',
	classes: ['low', 'medium', 'high', 'very-high'],
	notifiesAuthority: false,
	childSafety: false,
	...patch
});

const everyoneNamed = (steps: ChainStep[], agencies: string[]) => new Map(steps.map((s) => [s.role, new Map(agencies.map((a) => [a, `${s.role} of ${a}`]))]));

describe('escalation chain', () => {
	it('computes due times with parallel steps and relative deadlines', () => {
		const steps = [step('a', 0, { hours: 0, relativeTo: 'detection' }), step('b', 1, { hours: 2 }), step('c', 1, { hours: 4 }), step('d', 2, { hours: 20 })];
		expect([...dueHours(pathFor(steps, 'high'))]).toEqual([
			['a', 0],
			['b', 2],
			['c', 4],
			['d', 24]
		]);
	});

	it('accepts a sound chain', () => {
		const steps = [step('a', 0, { hours: 0, relativeTo: 'detection', childSafety: true }), step('b', 1, { hours: 24 }), step('c', 2, { hours: 48, notifiesAuthority: true })];
		expect(validateChain(steps, everyoneNamed(steps, ['x', 'y']), ['x', 'y'])).toEqual([]);
	});

	it('names each broken rule and the step that raised it', () => {
		const steps = [
			step('a', 0, { role: ' ', hours: null }),
			step('b', 1, { hours: 10, relativeTo: 'detection' }),
			step('c', 2, { hours: 5, relativeTo: 'detection' }),
			step('d', 3, { hours: 80, relativeTo: 'detection', notifiesAuthority: true }),
			step('e', 4, { hours: 1, childSafety: true, fallbackId: 'f' }),
			step('f', 5, { fallbackId: 'e' }),
			step('g', 6, { fallbackId: 'nope' })
		];
		const rules = validateChain(steps, everyoneNamed(steps.slice(1, 6), ['x']), ['x']).map((w) => `${w.rule}:${w.stepId ?? w.detail}`);
		expect(rules).toEqual(
			expect.arrayContaining([
				'missing-owner:a',
				'missing-deadline:a',
				'deadline-backwards:c',
				'authority-too-late:d',
				'child-safety-not-immediate:e',
				'fallback-cycle:e',
				'fallback-cycle:f',
				'unknown-fallback:g',
				'role-without-person:Role g|x'
			])
		);
	});

	it('checks each severity class’s own path', () => {
		const steps = [step('a', 0, { hours: 10, relativeTo: 'detection', classes: ['high'] }), step('b', 1, { hours: 2, relativeTo: 'detection', classes: ['high', 'low'] })];
		const warnings = validateChain(steps, everyoneNamed(steps, ['x']), ['x']);
		expect(warnings).toEqual([{ rule: 'deadline-backwards', stepId: 'b', class: 'high' }]);
	});
});

describe('drill', () => {
	const steps = [step('a', 0, { hours: 0, relativeTo: 'detection' }), step('b', 1, { hours: 1 }), step('c', 2, { hours: 2 })];
	it('records on-time, late, missed and pending steps', () => {
		const start = 1_000_000;
		const hour = 60_000; // speed 60: one scenario hour per real minute
		const status = drillStatus(steps, 'high', start, 60, [{ stepId: 'a', doneAt: start, by: 'x', note: '' }, { stepId: 'b', doneAt: start + 1.5 * hour, by: 'y', note: '' }], start + 2.5 * hour);
		expect(status.map((s) => s.state)).toEqual(['done-on-time', 'done-late', 'pending']);
		const later = drillStatus(steps, 'high', start, 60, [], start + 4 * hour);
		expect(later.map((s) => s.state)).toEqual(['missed', 'missed', 'missed']);
		expect(missedDeadlines(status).map((s) => s.step.id)).toEqual(['b']);
	});
});
