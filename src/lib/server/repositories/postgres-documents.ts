import { DocumentLog, type Merge } from '../db/document-log';
import type { SqlDb } from '../db/sql';
import type { DocumentStore, StoredDocument } from './types';

/**
 * The channel on which a node announces each update it stored: `<board> <id> <node> <data>`, the data
 * in base64 when it is small enough for a notice (PostgreSQL's limit is 8,000 bytes), else empty (the
 * other nodes then read it from the log).
 */
export const STORED_CHANNEL = 'accord_stored';
/** Updates up to this size travel inside their notice (base64: a third more). */
export const INLINE_MAX_BYTES = 5_000;

const bytes = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
const view = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/**
 * Boards' snapshots and update logs in PostgreSQL, shared by every node. An append is one statement:
 * it advances the board's head (`doc_heads`, whose row lock holds the next writer of the same board
 * until this one commits), stores the update under that id, and announces it on STORED_CHANNEL,
 * which PostgreSQL delivers to the listening nodes when, and only if, the write commits. So a board's
 * ids follow one another without gaps in the order they commit, and a node that has applied up to
 * id n knows that what follows is n + 1 (cluster/postgres-cluster.ts reads it).
 */
export class PostgresDocumentStore implements DocumentStore {
	readonly #snapshot;
	readonly #updates;
	readonly #head;
	readonly #append;
	readonly #discard;
	readonly #log: DocumentLog;

	constructor(
		private readonly db: SqlDb,
		private readonly nodeId: string
	) {
		this.#snapshot = db.prepare('SELECT state FROM doc_snapshots WHERE name = ?').pluck();
		this.#updates = db.prepare('SELECT id, data FROM doc_updates WHERE name = ? ORDER BY id');
		this.#head = db.prepare('SELECT last_id FROM doc_heads WHERE name = ?').pluck();
		// numbered parameters (each is used more than once); this statement is PostgreSQL's alone
		this.#append = db
			.prepare(
				`WITH head AS (
					INSERT INTO doc_heads AS h (name, last_id) VALUES ($1::text, $2::bigint)
					ON CONFLICT (name) DO UPDATE SET last_id = h.last_id + excluded.last_id
					RETURNING last_id
				), stored AS (
					INSERT INTO doc_updates (name, id, data, created_at)
					SELECT $1::text, head.last_id - $2::bigint + u.ord, u.data, $3::bigint
					FROM head, unnest($4::bytea[]) WITH ORDINALITY AS u(data, ord)
					RETURNING id, data
				), stored_rows AS (SELECT id, data FROM stored ORDER BY id)
				SELECT max(head.last_id), count(pg_notify('${STORED_CHANNEL}', $1::text || ' ' || s.id || ' ' || $5::text || ' ' ||
					CASE WHEN octet_length(s.data) <= ${INLINE_MAX_BYTES} THEN encode(s.data, 'base64') ELSE '' END))
				FROM head, stored_rows s`
			)
			.pluck();
		this.#discard = db.prepare('DELETE FROM doc_updates WHERE name = ? AND id = ?');
		this.#log = new DocumentLog(db);
	}

	/**
	 * Reads the head, then the log, then the snapshot, each seeing what had committed when it ran
	 * (READ COMMITTED): whatever the log held up to the head is in the rows or, if folded meanwhile,
	 * in the snapshot read after them. Something committed later may come in too; applying it again
	 * when it is read from the log changes nothing (Yjs ignores what it has).
	 */
	load(name: string): StoredDocument {
		const head = (this.#head.get(name) as number | undefined) ?? 0;
		const rows = this.#updates.all(name) as { id: number; data: Buffer }[];
		const snapshot = this.#snapshot.get(name) as Buffer | undefined;
		const updates = rows.map((r) => view(r.data));
		const size = (snapshot?.byteLength ?? 0) + updates.reduce((s, u) => s + u.byteLength, 0);
		return { snapshot: snapshot ? view(snapshot) : null, updates, bytes: size, lastId: Math.max(head, rows.at(-1)?.id ?? 0) };
	}

	append(name: string, update: Uint8Array): number {
		return this.appendMany(name, [update])[0];
	}

	appendMany(name: string, updates: readonly Uint8Array[]): number[] {
		if (updates.length === 0) return [];
		const n = updates.length;
		const last = this.#append.get(name, n, Date.now(), updates.map(bytes), this.nodeId) as number;
		return updates.map((_, i) => last - n + 1 + i);
	}

	discard(name: string, rowId: number): void {
		this.#discard.run(name, rowId);
	}

	compact(name: string, merge: Merge): { before: number; after: number } {
		return this.#log.compact(name, merge, 'hold-lock');
	}

	seed(name: string, state: Uint8Array): void {
		this.db.prepare('INSERT INTO doc_snapshots (name, state, updated_at) VALUES (?, ?, ?)').run(name, bytes(state), Date.now());
	}
}
