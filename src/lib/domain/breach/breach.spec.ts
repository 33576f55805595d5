import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { kitBreachSchema } from '../kit-schema';
import { dueHours, namedRoles, pathFor, stepFromKit, validateChain, type ChainStep } from './chain';
import { checkMark, drillStatus, missedDeadlines, scenarioHours, speedFor, type DrillMark } from './drill';
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
	duty: '',
	childSafety: false,
	awareness: false,
	namedPerAgency: true,
	...patch
});

const everyoneNamed = (steps: ChainStep[], agencies: string[]) => new Map(steps.map((s) => [s.role, new Map(agencies.map((a) => [a, `${s.role} of ${a}`]))]));

/** The legal steps every sound chain has: the authority decision and the register for every class, the data-subject decision for high risks. */
const legal = (from: number) => [
	step('register', from, { hours: 24, relativeTo: 'detection', duty: 'register' }),
	step('subjects', from, { hours: 24, relativeTo: 'detection', duty: 'subjects', classes: ['high', 'very-high'] }),
	step('authority', from, { hours: 48, relativeTo: 'detection', duty: 'authority' })
];
const rulesOf = (steps: ChainStep[]) => validateChain(steps, everyoneNamed(steps, ['x', 'y']), ['x', 'y']).map((w) => `${w.rule}:${w.stepId ?? w.class}`);

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
		const steps = [step('a', 0, { hours: 0, relativeTo: 'detection', childSafety: true }), step('b', 1, { hours: 24 }), ...legal(2)];
		expect(validateChain(steps, everyoneNamed(steps, ['x', 'y']), ['x', 'y'])).toEqual([]);
	});

	it('passes the cpims-plus kit’s default chain through every rule', () => {
		const kit = kitBreachSchema.parse(JSON.parse(readFileSync(new URL('../../../../workshop-kits/cpims-plus/breach.json', import.meta.url), 'utf8')));
		const steps = kit.chain.map((s) => stepFromKit(s, s.action.en));
		expect(rulesOf(steps)).toEqual([]);
		// removing the data-subject step is seen on both high-risk paths
		expect(rulesOf(steps.filter((s) => s.duty !== 'subjects'))).toEqual(['no-subjects-step:high', 'no-subjects-step:very-high']);
		// whoever detects a breach is not a named person per agency; the DPO is
		expect(namedRoles(steps)).not.toContain('detector');
		expect(namedRoles(steps)).toContain('dpo');
	});

	it('sends every severity to the authority decision (Art. 33(1)), not only high ones', () => {
		const steps = [step('a', 0, { hours: 0, relativeTo: 'detection' }), ...legal(1)];
		steps[3] = { ...steps[3], classes: ['high', 'very-high'] };
		expect(rulesOf(steps)).toEqual(['authority-not-every-class:low', 'authority-not-every-class:medium']);
	});

	it('asks for the breach register on every path (Art. 33(5))', () => {
		const steps = [step('a', 0, { hours: 0, relativeTo: 'detection' }), ...legal(1).filter((s) => s.duty !== 'register')];
		expect(rulesOf(steps)).toEqual(['no-register:low', 'no-register:medium', 'no-register:high', 'no-register:very-high']);
	});

	it('counts the authority’s 72 hours from the agency becoming aware, not from detection', () => {
		// aware 10 hours after detection; the authority is notified 80 hours after detection, 70 after awareness
		const steps = [step('a', 0, { hours: 10, relativeTo: 'detection', awareness: true }), ...legal(1)];
		steps[3] = { ...steps[3], hours: 70, relativeTo: 'awareness' };
		expect(dueHours(pathFor(steps, 'low')).get('authority')).toBe(80);
		expect(rulesOf(steps)).toEqual([]);
		// 73 hours after awareness is too late, whichever anchor the step counts from
		expect(rulesOf([steps[0], steps[1], steps[2], { ...steps[3], hours: 73 }])).toContain('authority-too-late:authority');
		expect(rulesOf([steps[0], steps[1], steps[2], { ...steps[3], hours: 84, relativeTo: 'detection' }])).toContain('authority-too-late:authority');
		// with no step marking awareness, the hours count from detection
		expect(rulesOf([{ ...steps[0], awareness: false }, steps[1], steps[2], { ...steps[3], hours: 80, relativeTo: 'detection' }])).toContain('authority-too-late:authority');
	});

	it('asks a named person only for the roles whose steps ask each agency for one', () => {
		const steps = [step('a', 0, { role: 'detector', hours: 0, relativeTo: 'detection', namedPerAgency: false }), ...legal(1)];
		const people = everyoneNamed(steps.slice(1), ['x']);
		expect(validateChain(steps, people, ['x'])).toEqual([]);
		expect(validateChain(steps.map((s) => ({ ...s, namedPerAgency: true })), people, ['x']).map((w) => w.detail)).toEqual(['detector|x']);
	});

	it('names each broken rule and the step that raised it', () => {
		const steps = [
			step('a', 0, { role: ' ', hours: null }),
			step('b', 1, { hours: 10, relativeTo: 'detection' }),
			step('c', 2, { hours: 5, relativeTo: 'detection' }),
			step('d', 3, { hours: 80, relativeTo: 'detection', duty: 'authority' }),
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
		const steps = [step('a', 0, { hours: 10, relativeTo: 'detection', classes: ['high'] }), step('b', 1, { hours: 2, relativeTo: 'detection', classes: ['high', 'low'] }), ...legal(2)];
		const warnings = validateChain(steps, everyoneNamed(steps, ['x']), ['x']);
		expect(warnings).toEqual([{ rule: 'deadline-backwards', stepId: 'b', class: 'high' }]);
	});
});

describe('drill', () => {
	const steps = [step('a', 0, { hours: 0, relativeTo: 'detection' }), step('b', 1, { hours: 1 }), step('c', 2, { hours: 2 })];
	it('records on-time, late, missed and pending steps', () => {
		const start = 1_000_000;
		const hour = 60_000; // speed 60: one scenario hour per real minute
		const done = (stepId: string, doneAt: number, by: string): DrillMark => ({ stepId, doneAt, by, note: '', outcome: '', safetyChecked: false });
		const status = drillStatus(steps, 'high', start, 60, [done('a', start, 'x'), done('b', start + 1.5 * hour, 'y')], start + 2.5 * hour);
		expect(status.map((s) => s.state)).toEqual(['done-on-time', 'done-late', 'pending']);
		const later = drillStatus(steps, 'high', start, 60, [], start + 4 * hour);
		expect(later.map((s) => s.state)).toEqual(['missed', 'missed', 'missed']);
		expect(missedDeadlines(status).map((s) => s.step.id)).toEqual(['b']);
	});

	it('takes its speed as scenario hours per real minute', () => {
		expect(speedFor(1)).toBe(60);
		expect(speedFor(2)).toBe(120);
		expect(speedFor(0.25)).toBe(15);
		expect(speedFor(1000)).toBe(3600);
		expect(speedFor(0)).toBe(1);
		expect(speedFor(Number.NaN)).toBe(60);
		// 2 hours a minute: after 90 real seconds, 3 scenario hours have passed
		expect(scenarioHours(0, 90_000, speedFor(2))).toBe(3);
	});

	it('never shows a negative scenario time when the browser clock is behind', () => {
		expect(scenarioHours(10_000, 9_000, 60)).toBe(0);
	});
});

describe('decisions recorded in a drill', () => {
	const reason = 'The exposed forms held no protection details.';
	it('asks the authority step what was decided, and why when not notifying', () => {
		expect(checkMark('authority', { outcome: '', note: '', safetyChecked: false })).toBe('outcome-needed');
		expect(checkMark('authority', { outcome: 'told', note: '', safetyChecked: false })).toBe('outcome-needed');
		expect(checkMark('authority', { outcome: 'notified', note: '', safetyChecked: false })).toBeNull();
		expect(checkMark('authority', { outcome: 'not-notified', note: 'no', safetyChecked: false })).toBe('reason-needed');
		expect(checkMark('authority', { outcome: 'not-notified', note: reason, safetyChecked: false })).toBeNull();
	});
	it('tells or does not tell the children and caregivers only after the safety check, and says why not', () => {
		expect(checkMark('subjects', { outcome: 'told', note: '', safetyChecked: false })).toBe('safety-check-needed');
		expect(checkMark('subjects', { outcome: 'told', note: '', safetyChecked: true })).toBeNull();
		expect(checkMark('subjects', { outcome: 'not-told', note: '', safetyChecked: true })).toBe('reason-needed');
		expect(checkMark('subjects', { outcome: 'not-told', note: reason, safetyChecked: true })).toBeNull();
	});
	it('lets other steps be simply done', () => {
		expect(checkMark('', { outcome: '', note: '', safetyChecked: false })).toBeNull();
		expect(checkMark('register', { outcome: 'notified', note: '', safetyChecked: false })).toBe('outcome-needed');
	});
});
