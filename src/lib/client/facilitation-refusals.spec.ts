import { describe, expect, it } from 'vitest';
import { refusalText } from './facilitation-refusals';

describe('facilitation refusals', () => {
	it('says what the server refused in words, never as a code', () => {
		expect(refusalText(409, { problem: 'vote-closed' })).toBe('This vote has closed: your dots were not counted.');
		expect(refusalText(409, { problem: 'too-many-dots' })).toBe('You placed more dots than you have.');
		expect(refusalText('offline', {})).toMatch(/offline/);
		// 403 covers a participant running the day and an observer voting alike
		expect(refusalText(403, { message: 'Forbidden' })).toBe('Your role in this workshop does not allow this.');
	});

	it('keeps a reason the server gave in its own words inside a sentence', () => {
		expect(refusalText(400, { message: 'invalid request: text: too long' })).toBe('That did not work (invalid request: text: too long).');
		// a code nobody mapped yet still reads as a sentence, and `constructor` is not a code
		expect(refusalText(409, { problem: 'constructor' })).toBe('That did not work (constructor).');
	});
});
