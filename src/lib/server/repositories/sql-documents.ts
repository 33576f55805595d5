import type { SqlDb } from '../db/sql';
import { DocumentLog, type Merge } from '../db/document-log';
import type { DocumentStore, StoredDocument } from './types';

/**
 * Boards' snapshots and update logs in SQLite. The log is one B-tree keyed by board and id, so an
 * append writes one page. Ids come from one sequence this store keeps, starting past the highest id
 * on disk: they never go back while the server runs, which the storage worker relies on (it folds
 * rows up to an id only if exactly the rows it read are still there). Only one server writes a
 * database at a time.
 */
export class SqlDocumentStore implements DocumentStore {
	readonly #snapshot;
	readonly #updates;
	readonly #append;
	readonly #discard;
	readonly #highest;
	readonly #log: DocumentLog;
	#lastId: number;

	constructor(private readonly db: SqlDb) {
		this.#snapshot = db.prepare('SELECT state FROM doc_snapshots WHERE name = ?').pluck();
		this.#updates = db.prepare('SELECT id, data FROM doc_updates WHERE name = ? ORDER BY id');
		this.#append = db.prepare('INSERT INTO doc_updates (name, id, data, created_at) VALUES (?, ?, ?, ?)');
		this.#discard = db.prepare('DELETE FROM doc_updates WHERE name = ? AND id = ?');
		this.#highest = db.prepare('SELECT coalesce(max(id), 0) FROM doc_updates').pluck();
		this.#lastId = this.#highest.get() as number;
		this.#log = new DocumentLog(db);
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
		const data = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
		try {
			return this.#insert(name, data);
		} catch (error) {
			if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw error;
			// something else wrote to the log (it should not): go on after the highest id on disk
			this.#lastId = this.#highest.get() as number;
			return this.#insert(name, data);
		}
	}

	appendMany(name: string, updates: readonly Uint8Array[]): number[] {
		return this.db.transaction(() => updates.map((update) => this.append(name, update)))();
	}

	#insert(name: string, data: Buffer): number {
		const id = this.#lastId + 1;
		this.#append.run(name, id, data, Date.now());
		this.#lastId = id;
		return id;
	}

	discard(name: string, rowId: number): void {
		this.#discard.run(name, rowId);
	}

	/** Folds the log into the snapshot, holding the write lock throughout (the storage worker folds without it). */
	compact(name: string, merge: Merge): { before: number; after: number } {
		return this.#log.compact(name, merge, 'hold-lock');
	}

	seed(name: string, state: Uint8Array): void {
		this.db
			.prepare('INSERT INTO doc_snapshots (name, state, updated_at) VALUES (?, ?, ?)')
			.run(name, Buffer.from(state.buffer, state.byteOffset, state.byteLength), Date.now());
	}
}
