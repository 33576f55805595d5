import type { SqlDb } from './sql';

/** Merges stored parts (a snapshot, then the log in order) into one snapshot. */
export type Merge = (parts: Uint8Array[]) => Uint8Array;

export interface Folded {
	before: number;
	after: number;
	/** Rows of the update log folded into the snapshot. */
	folded: number;
}

const view = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/**
 * Folding a board's update log into its snapshot, with the same statements on whichever connection
 * does it: the document store on the main thread, or the storage worker on its own connection.
 *
 * - `hold-lock`: read, merge and write in one IMMEDIATE transaction (the main thread, which is the
 *   only writer anyway: at shutdown, after a restore, when there is no worker).
 * - `merge-unlocked`: read in one read transaction, merge with no lock held, then write only if
 *   exactly the rows read are still there (the worker: the main thread keeps appending meanwhile,
 *   and may have folded the log itself). Rows appended while it merged stay in the log.
 */
export class DocumentLog {
	readonly #snapshotOf;
	readonly #rowsOf;
	readonly #stillThere;
	readonly #saveSnapshot;
	readonly #fold;

	constructor(private readonly db: SqlDb) {
		this.#snapshotOf = db.prepare('SELECT state FROM doc_snapshots WHERE name = ?').pluck();
		this.#rowsOf = db.prepare('SELECT id, data FROM doc_updates WHERE name = ? ORDER BY id');
		this.#stillThere = db.prepare('SELECT count(*) FROM doc_updates WHERE name = ? AND id <= ?').pluck();
		this.#saveSnapshot = db.prepare(
			'INSERT INTO doc_snapshots (name, state, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at'
		);
		this.#fold = db.prepare('DELETE FROM doc_updates WHERE name = ? AND id <= ?');
	}

	compact(name: string, merge: Merge, mode: 'hold-lock' | 'merge-unlocked'): Folded {
		if (mode === 'hold-lock') return this.db.transaction(() => this.#foldRead(name, this.#read(name), merge, false)).immediate();
		return this.#foldRead(name, this.db.transaction(() => this.#read(name))(), merge, true);
	}

	#read(name: string): { parts: Uint8Array[]; rows: number; lastId: number } {
		const snapshot = this.#snapshotOf.get(name) as Buffer | undefined;
		const rows = this.#rowsOf.all(name) as { id: number; data: Buffer }[];
		return { parts: [...(snapshot ? [view(snapshot)] : []), ...rows.map((r) => view(r.data))], rows: rows.length, lastId: rows.at(-1)?.id ?? 0 };
	}

	#foldRead(name: string, read: { parts: Uint8Array[]; rows: number; lastId: number }, merge: Merge, check: boolean): Folded {
		const before = read.parts.reduce((sum, p) => sum + p.byteLength, 0);
		if (read.rows === 0) return { before, after: before, folded: 0 };
		const merged = merge(read.parts);
		const write = () => {
			if (check && this.#stillThere.get(name, read.lastId) !== read.rows) return false;
			this.#saveSnapshot.run(name, Buffer.from(merged.buffer, merged.byteOffset, merged.byteLength), Date.now());
			this.#fold.run(name, read.lastId);
			return true;
		};
		const written = check ? this.db.transaction(write).immediate() : write();
		if (!written) throw new Error('its update log was folded by another compaction meanwhile');
		return { before, after: merged.byteLength, folded: read.rows };
	}
}
