import { describe, expect, it } from 'vitest';
import { boardOfPath, isPresenting, presentHref, presenterDestination } from './presenting';

describe('the presenter view', () => {
	it('is a board page with ?present, keeping nothing of the board view the facilitator had', () => {
		expect(presentHref('/workshops/w1/boards/dpia?view=matrix')).toBe('/workshops/w1/boards/dpia?present=1');
		expect(isPresenting(new URL('http://x/workshops/w1/boards/dpia?present=1'))).toBe(true);
		expect(isPresenting(new URL('http://x/workshops/w1/boards/dpia'))).toBe(false);
	});

	it('knows the step board of a path, in this workshop only', () => {
		expect(boardOfPath('w1', '/workshops/w1/boards/dpisp?view=sharing')).toBe('dpisp');
		expect(boardOfPath('w1', '/workshops/w2/boards/dpisp')).toBeNull();
		expect(boardOfPath('w1', '/workshops/w1/people')).toBeNull();
	});

	it('follows the facilitator to another board, and stays put otherwise', () => {
		expect(presenterDestination('w1', '/workshops/w1/boards/breach?view=drill', '/workshops/w1/boards/dpia?present=1')).toBe('/workshops/w1/boards/breach?present=1');
		expect(presenterDestination('w1', '/workshops/w1/boards/dpia?view=risks', '/workshops/w1/boards/dpia?present=1')).toBeNull();
		expect(presenterDestination('w1', '/workshops/w1/people', '/workshops/w1/boards/dpia?present=1')).toBeNull();
		expect(presenterDestination('w1', '/workshops/w2/boards/terms', '/workshops/w1/boards/dpia?present=1')).toBeNull();
		expect(presenterDestination('w1', '', '/workshops/w1/boards/dpia?present=1')).toBeNull();
	});
});
