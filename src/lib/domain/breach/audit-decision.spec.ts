import { describe, expect, it } from 'vitest';
import { auditDecisionSentence } from './audit-decision';

describe('audit-log decision sentence', () => {
	const template = 'Only {viewers} may view it, for {purposes}; reviewed {frequency}; findings to {findingsTo}; kept {retention}.';
	it('fills every part, listing names in the workshop language', () => {
		expect(auditDecisionSentence(template, { viewers: ['A', 'B'], purposes: ['x'], frequency: 'monthly', findingsTo: 'the group', retention: 'a year' }, 'fr')).toBe(
			'Only A et B may view it, for x; reviewed monthly; findings to the group; kept a year.'
		);
	});
	it('writes nothing until someone may view the log, and marks missing parts', () => {
		expect(auditDecisionSentence(template, { viewers: [], purposes: [], frequency: '', findingsTo: '', retention: '' }, 'en')).toBe('');
		expect(auditDecisionSentence(template, { viewers: ['A'], purposes: [], frequency: '', findingsTo: '', retention: '' }, 'en')).toContain('for —');
	});
});
