import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { intlLocale, textDirection } from './i18n';

const load = (locale: string) => JSON.parse(readFileSync(new URL(`../../messages/${locale}.json`, import.meta.url), 'utf8')) as Record<string, string>;
const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const LOCALES = ['en', 'fr', 'ar', 'es'];
const en = load('en');
const keys = Object.keys(en).filter((k) => k !== '$schema');
/** Text a reader sees, without the parameters filled in at run time. */
const visible = (text: string) => text.replace(/\{\w+\}/g, '');

/** Names, formats and commands written the same in every language. */
const SAME_EVERYWHERE = new Set(['app_name', 'language_en', 'language_fr', 'language_ar', 'language_es', 'export_md']);
/** Latin-script words an Arabic message may hold: product and format names, units and commands. */
const LATIN_IN_ARABIC = new Set(['Accord', 'CPIMS+', 'Primero', 'CSV', 'DOCX', 'JSON', 'PDF', 'ZIP', 'Word', 'Markdown', 'SHA-256', 'UTC', 'Shift', 'http', 'https', 'npm', 'run', 'accord', 'verify', 'audit-verify', 'create-admin', 'export', 'file', 'fingerprint']);
/** Spanish messages that are rightly the same as the English ones (cognates and bare layouts). */
const SAME_IN_SPANISH = new Set(['no', 'home_agenda', 'board_agenda', 'preread_doc_agenda', 'sharing_short_no', 'live_extend', 'chain_tick_zero', 'chain_due_hours', 'followup_file_size']);

describe('message catalogue', () => {
	for (const locale of LOCALES.slice(1)) {
		it(`has every English message in ${locale}, with the same parameters`, () => {
			const other = load(locale);
			expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
			for (const key of keys) {
				expect(params(other[key]), key).toEqual(params(en[key]));
				expect(other[key].trim(), key).not.toBe('');
			}
		});
	}

	it('leaves no English in Arabic: every message is in Arabic script, with Latin words only for names and formats', () => {
		const ar = load('ar');
		for (const key of keys) {
			if (SAME_EVERYWHERE.has(key)) continue;
			const text = visible(ar[key]);
			if (!/[A-Za-z]/.test(text)) continue;
			expect(/[\u0600-\u06FF]/.test(text), `${key}: ${ar[key]}`).toBe(true);
			for (const word of text.match(/[A-Za-z][A-Za-z0-9+-]*/g) ?? []) expect(LATIN_IN_ARABIC.has(word), `${key}: "${word}"`).toBe(true);
		}
	});

	it('leaves no English in Spanish: a message is the same as the English one only where the words are', () => {
		const es = load('es');
		const same = keys.filter((k) => /[A-Za-z]{2}/.test(visible(en[k])) && es[k] === en[k] && !SAME_EVERYWHERE.has(k));
		expect(same.filter((k) => !SAME_IN_SPANISH.has(k))).toEqual([]);
	});

	it('knows which languages run right to left', () => {
		expect(textDirection('ar')).toBe('rtl');
		expect(textDirection('fr')).toBe('ltr');
		expect(textDirection('es')).toBe('ltr');
	});

	it('formats Arabic dates with Arabic month names and Western digits', () => {
		const date = new Intl.DateTimeFormat(intlLocale('ar'), { dateStyle: 'long', timeZone: 'UTC' }).format(new Date('2026-12-03T00:00:00Z'));
		expect(date).toContain('ديسمبر');
		expect(date).toContain('2026');
		expect(new Intl.NumberFormat(intlLocale('es')).format(12345.5)).toBe('12.345,5');
	});
});
