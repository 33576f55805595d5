import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv';

describe('CSV', () => {
	it('quotes fields, doubles quotes and keeps accents', () => {
		expect(csvField('Réunion "sécurité", étape 2')).toBe('"Réunion ""sécurité"", étape 2"');
	});
	it('neutralises spreadsheet formulas', () => {
		expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
		expect(csvField('-1')).toBe('"\'-1"');
	});
	it('starts with a byte-order mark and ends rows with CRLF', () => {
		const csv = toCsv([
			['a', 1],
			['b', null]
		]);
		expect(csv.startsWith('\uFEFF"a","1"\r\n')).toBe(true);
		expect(csv.endsWith('"b",""\r\n')).toBe(true);
	});
});
