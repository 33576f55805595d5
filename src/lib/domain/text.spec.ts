import { describe, expect, it } from 'vitest';
import { cleanLine, cleanParagraph, isolate, nameKey, printable, wellFormed } from './text';

describe('well-formed text', () => {
	it('replaces lone surrogates everywhere in a value, and keeps everything else', () => {
		expect(wellFormed('a\ud800b')).toBe('a\ufffdb');
		expect(wellFormed('😀 نص')).toBe('😀 نص');
		expect(wellFormed({ name: '\udc00', list: ['x\ud83d', 3, null, true], nested: { k: 'ok' } })).toEqual({ name: '\ufffd', list: ['x\ufffd', 3, null, true], nested: { k: 'ok' } });
		expect(wellFormed({ ['\ud800']: 1 })).toEqual({ '\ufffd': 1 });
	});
});

describe('names and titles as typed', () => {
	it('loses control characters, bidirectional overrides and invisible characters, and keeps direction marks', () => {
		expect(cleanLine('Amal\u0000 Haddad')).toBe('Amal Haddad');
		// "Director" reading backwards through a right-to-left override
		expect(cleanLine('\u202eDirector\u202c of\tfinance\n')).toBe('Director of finance');
		expect(cleanLine('Am\u200bal')).toBe('Amal');
		expect(cleanLine('مدير\u200f البرنامج')).toBe('مدير\u200f البرنامج');
		expect(cleanParagraph('line one\r\nline two\u2066 hidden\u2069')).toBe('line one\nline two hidden');
	});

	it('tells two names apart only by their letters and digits', () => {
		expect(nameKey('Amal  Haddad')).toBe(nameKey('amal haddad'));
		expect(nameKey('Amál Haddad')).toBe(nameKey('Amal Haddad'));
		expect(nameKey('Ａｍａｌ')).toBe(nameKey('Amal'));
		expect(nameKey('Amal Haddad (UNICEF)')).not.toBe(nameKey('Amal Haddad'));
	});
});

describe('names shown to people', () => {
	it('are printed with their hidden characters visible, and isolated inside sentences', () => {
		expect(printable('Eve\u202eretsinim')).toBe('Eve\\u{202e}retsinim');
		expect(printable('plain name')).toBe('plain name');
		expect(isolate('Eve\u202eretsinim')).toBe('\u2068Everetsinim\u2069');
	});
});
