import type { Db } from '../db/database';
import type { DocumentStore, StoredDocument } from './types';

export class SqliteDocumentStore implements DocumentStore {
	readonly #snapshot;
	readonly #updates;
	readonly #append;
	readonly #discard;

	constructor(private readonly db: Db) {
		this.#snapshot = db.prepare('SELECT state FROM doc_snapshots WHERE name = ?').pluck();
		this.#updates = db.prepare('SELECT id, data FROM doc_updates WHERE name = ? ORDER BY id');
		this.#append = db.prepare('INSERT INTO doc_updates (name, data, created_at) VALUES (?, ?, ?)');
		this.#discard = db.prepare('DELETE FROM doc_updates WHERE id = ?');
	}

	load(name: string): StoredDocument {
		return this.db.transaction(() => {
			const snapshot = this.#snapshot.get(name) as Buffer | undefined;
			const updates = (this.#updates.all(name) as { data: Buffer }[]).map((r) => new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength));
			const bytes = (snapshot?.byteLength ?? 0) + updates.reduce((s, u) => s + u.byteLength, 0);
			return { snapshot: snapshot ? new Uint8Array(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength) : null, updates, bytes };
		})();
	}

	append(name: string, update: Uint8Array): number {
		return Number(this.#append.run(name, Buffer.from(update.buffer, update.byteOffset, update.byteLength), Date.now()).lastInsertRowid);
	}

	discard(rowId: number): void {
		this.#discard.run(rowId);
	}

	compact(name: string, merge: (parts: Uint8Array[]) => Uint8Array): { before: number; after: number } {
		return this.db
			.transaction(() => {
				const snapshot = this.#snapshot.get(name) as Buffer | undefined;
				const rows = this.#updates.all(name) as { id: number; data: Buffer }[];
				const parts = [...(snapshot ? [snapshot] : []), ...rows.map((r) => r.data)].map((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
				const before = parts.reduce((s, p) => s + p.byteLength, 0);
				if (rows.length === 0) return { before, after: before };
				const merged = merge(parts);
				this.db
					.prepare('INSERT INTO doc_snapshots (name, state, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at')
					.run(name, Buffer.from(merged.buffer, merged.byteOffset, merged.byteLength), Date.now());
				this.db.prepare('DELETE FROM doc_updates WHERE name = ? AND id <= ?').run(name, rows[rows.length - 1].id);
				return { before, after: merged.byteLength };
			})
			.immediate();
	}

	seed(name: string, state: Uint8Array): void {
		this.db
			.prepare('INSERT INTO doc_snapshots (name, state, updated_at) VALUES (?, ?, ?)')
			.run(name, Buffer.from(state.buffer, state.byteOffset, state.byteLength), Date.now());
	}
}
