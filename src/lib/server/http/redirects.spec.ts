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

describe('redirect targets that browsers would take off-site', () => {
	it('drops tabs and line breaks and still refuses what leaves the site', () => {
		expect(safeRedirectTarget('/\t/evil.example/phish')).toBe('/');
		expect(safeRedirectTarget('/\r\n/evil.example')).toBe('/');
		expect(safeRedirectTarget('/workshops/\r\nSet-Cookie: x=y')).toBe('/workshops/Set-Cookie:%20x=y');
		expect(safeRedirectTarget('/a\\..\\..\\/evil.example')).toBe('/');
		expect(safeRedirectTarget('/.//evil.example')).toBe('/');
		expect(safeRedirectTarget('/\\/evil.example')).toBe('/');
		expect(safeRedirectTarget('/workshops/abc#agenda')).toBe('/workshops/abc#agenda');
	});
});
