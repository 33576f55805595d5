import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportJsonSchema, parseExport } from './export-schema';

describe('the published schema of accord.export/1', () => {
	it('is the one generated from the definition the code checks with (npm run schema writes it)', () => {
		expect(fs.readFileSync('docs/accord-export-1.schema.json', 'utf8')).toBe(`${JSON.stringify(exportJsonSchema(), null, '\t')}\n`);
	});

	it('is closed: unknown fields make a file non-conforming, and the first problem is named with its place', () => {
		expect(exportJsonSchema()).toMatchObject({ $id: 'urn:accord:schema:export:1', additionalProperties: false });
		expect(parseExport({ schema: 'accord.export/1' })).toMatchObject({ ok: false, where: 'digest' });
		expect(parseExport('nope')).toMatchObject({ ok: false, where: '(top)' });
	});
});
