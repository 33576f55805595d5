import { describe, expect, it } from 'vitest';
import { safeRedirectTarget } from './redirects';

describe('redirect targets', () => {
	it('follows same-site paths only', () => {
		expect(safeRedirectTarget('/workshops/abc?x=1')).toBe('/workshops/abc?x=1');
		expect(safeRedirectTarget('//evil.example/')).toBe('/');
		expect(safeRedirectTarget('/\\evil.example')).toBe('/');
		expect(safeRedirectTarget('https://evil.example')).toBe('/');
		expect(safeRedirectTarget(null)).toBe('/');
	});
});
