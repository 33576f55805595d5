import { describe, expect, it } from 'vitest';
import { screeningConclusion } from './screening';

describe('screening', () => {
	it('needs no DPIA for government-only rollouts', () => {
		expect(screeningConclusion('government-only', 5)).toBe('not-needed-government');
	});
	it('requires one from two high-risk criteria', () => {
		expect(screeningConclusion('inter-agency', 2)).toBe('required');
		expect(screeningConclusion('refugee', 1)).toBe('recommended');
		expect(screeningConclusion('inter-agency', 0)).toBe('not-indicated');
	});
});
