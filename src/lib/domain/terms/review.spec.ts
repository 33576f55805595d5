import { describe, expect, it } from 'vitest';
import { organisationStatus, type Review } from './review';

const items = ['access', 'liability'];
const r = (itemId: string, value: Review['value'], version = 2, agencyId = 'a'): Review => ({ agencyId, itemId, value, version });

describe('terms review', () => {
	it('goes from not started to reviewing to ready', () => {
		expect(organisationStatus('a', items, [], 2)).toBe('not-started');
		expect(organisationStatus('a', items, [r('access', 'accepted')], 2)).toBe('reviewing');
		expect(organisationStatus('a', items, [r('access', 'accepted'), r('liability', 'accepted')], 2)).toBe('ready');
	});
	it('shows open queries', () => {
		expect(organisationStatus('a', items, [r('access', 'accepted'), r('liability', 'queried')], 2)).toBe('queries-open');
	});
	it('puts organisations back to reviewing when a new version appears', () => {
		expect(organisationStatus('a', items, [r('access', 'accepted', 1), r('liability', 'accepted', 1)], 2)).toBe('reviewing');
	});
	it('keeps organisations apart', () => {
		expect(organisationStatus('b', items, [r('access', 'accepted')], 2)).toBe('not-started');
	});
});
