import fs from 'node:fs';
import path from 'node:path';
import type { AuditSpill } from './audit';

/** Audit entries the database could not take before the process stopped, one JSON line each, beside the database. */
export class FileAuditSpill implements AuditSpill {
	readonly #file: string;

	constructor(dataDir: string) {
		this.#file = path.join(dataDir, 'audit-pending.jsonl');
	}

	load() {
		if (!fs.existsSync(this.#file)) return [];
		return fs
			.readFileSync(this.#file, 'utf8')
			.split('\n')
			.filter(Boolean)
			.map((line) => JSON.parse(line));
	}

	save(pending: readonly object[]): void {
		fs.writeFileSync(this.#file, pending.map((p) => JSON.stringify(p)).join('\n') + '\n', { mode: 0o600 });
	}

	clear(): void {
		fs.rmSync(this.#file, { force: true });
	}
}
