import { describe, expect, it } from 'vitest';
import { documentName, isBoardId, isBoardRequired } from './boards';

describe('boards', () => {
	it('knows the board ids', () => {
		expect(isBoardId('agenda')).toBe(true);
		expect(isBoardId('dpia')).toBe(true);
		expect(isBoardId('../etc')).toBe(false);
	});

	it('does not require a DPIA for government-only rollouts', () => {
		expect(isBoardRequired('dpia', 'government-only')).toBe(false);
		expect(isBoardRequired('dpia', 'inter-agency')).toBe(true);
		expect(isBoardRequired('terms', 'government-only')).toBe(true);
	});

	it('names documents by workshop and board', () => {
		expect(documentName('w1', 'agenda')).toBe('w1/agenda');
	});
});
