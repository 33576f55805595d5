// Writes the published JSON Schema of accord.export/1 (docs/accord-export-1.schema.json) from its
// zod definition: `npm run schema`. A unit test fails while the committed file is out of date.
import fs from 'node:fs';
import { exportJsonSchema } from '../src/lib/domain/protocol/export-schema';

export const SCHEMA_FILE = 'docs/accord-export-1.schema.json';
export const schemaText = () => `${JSON.stringify(exportJsonSchema(), null, '\t')}\n`;

if (process.argv[1]?.endsWith('export-schema.ts')) {
	fs.writeFileSync(SCHEMA_FILE, schemaText());
	console.log(`wrote ${SCHEMA_FILE}`);
}
