import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { textDirection } from './i18n';

const load = (locale: string) => JSON.parse(readFileSync(new URL(`../../messages/${locale}.json`, import.meta.url), 'utf8')) as Record<string, string>;
const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogue', () => {
	it('has every English message in French, with the same parameters', () => {
		const en = load('en');
		const fr = load('fr');
		expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
		for (const key of Object.keys(en)) {
			if (key === '$schema') continue;
			expect(params(fr[key]), key).toEqual(params(en[key]));
			expect(fr[key].trim(), key).not.toBe('');
		}
	});

	it('knows which languages run right to left', () => {
		expect(textDirection('ar')).toBe('rtl');
		expect(textDirection('fr')).toBe('ltr');
	});
});
