import { createSyncFn } from 'synckit';
import type { PgAnswer, PgCall, PgValue } from './postgres-messages';
import { migratePostgres } from './postgres-schema';
import type { SqlDb, SqlStatement, SqlTransaction } from './sql';

/**
 * PostgreSQL behind the same synchronous interface as better-sqlite3 (`SqlDb`), so that one set of
 * repositories serves both stores. The `pg` driver runs on a thread of its own (postgres-thread.ts);
 * each call waits for its answer with `Atomics.wait` (synckit), as a call to SQLite waits for the
 * disk. That keeps every caller as it is; the price is that the node waits for each round trip, so
 * every statement has a timeout and the hot path of the boards (the update log) stays short.
 * docs/architecture.md, "Past one machine", explains the choice.
 */
export interface PostgresOptions {
	/** The bundled postgres-thread.ts (scripts/bundle.js). */
	workerFile: string;
	statementTimeoutMs?: number;
	connectTimeoutMs?: number;
}

type Call = (call: PgCall) => PgAnswer;

const callers = new Map<string, Call>();

/** synckit keeps one thread per worker file; every connection of this process shares it. */
function callerFor(file: string, timeoutMs: number): Call {
	let call = callers.get(file);
	if (!call) {
		call = createSyncFn<(call: PgCall) => Promise<PgAnswer>>(file, { timeout: timeoutMs });
		callers.set(file, call);
	}
	return call;
}

/** The advisory lock that stands for SQLite's write lock in `transaction(…).immediate()`. */
const IMMEDIATE_LOCK = 0x6163_636f; // "acco"

export class PostgresError extends Error {
	constructor(
		message: string,
		readonly code: string | undefined
	) {
		super(message);
		this.name = 'PostgresError';
	}
}

/** SQLite's `?` placeholders as PostgreSQL's `$1, $2…`, leaving quoted text and identifiers alone. */
export function numberPlaceholders(sql: string): string {
	let n = 0;
	let out = '';
	let quote: string | null = null;
	for (const ch of sql) {
		if (quote) {
			if (ch === quote) quote = null;
			out += ch;
		} else if (ch === "'" || ch === '"') {
			quote = ch;
			out += ch;
		} else out += ch === '?' ? `$${++n}` : ch;
	}
	return out;
}

/** Values from the other thread: byte arrays become Buffers again, as better-sqlite3 returns BLOBs. */
function asBuffers<T>(row: T): T {
	if (row instanceof Uint8Array) return Buffer.from(row.buffer, row.byteOffset, row.byteLength) as T;
	if (Array.isArray(row)) return row.map(asBuffers) as T;
	if (row && typeof row === 'object') {
		for (const [key, value] of Object.entries(row)) if (value instanceof Uint8Array) (row as Record<string, unknown>)[key] = asBuffers(value);
	}
	return row;
}

export class PostgresDb implements SqlDb {
	readonly #call: Call;
	readonly #handle: number;
	#depth = 0;
	#open = true;

	constructor(url: string, options: PostgresOptions) {
		const statementTimeoutMs = options.statementTimeoutMs ?? 10_000;
		const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
		// the thread gives up on a statement before the caller gives up on the thread
		this.#call = callerFor(options.workerFile, Math.max(statementTimeoutMs, connectTimeoutMs) + 5_000);
		this.#handle = this.#ask({ op: 'open', url, statementTimeoutMs, connectTimeoutMs }).handle!;
	}

	#ask(call: PgCall): PgAnswer {
		const answer = this.#call(call);
		if (answer.error) throw new PostgresError(answer.error.message, answer.error.code);
		return answer;
	}

	query(sql: string, params: PgValue[], rowMode?: 'array'): { rows: unknown[]; changes: number } {
		if (!this.#open) throw new Error('the PostgreSQL connection is closed');
		const answer = this.#ask({ op: 'query', handle: this.#handle, sql, params, rowMode });
		return { rows: (answer.rows ?? []).map(asBuffers), changes: answer.changes ?? 0 };
	}

	prepare(sql: string): SqlStatement {
		return new PostgresStatement(this, numberPlaceholders(sql));
	}

	exec(sql: string): this {
		this.#ask({ op: 'exec', handle: this.#handle, sql });
		return this;
	}

	/** Like better-sqlite3's: the outermost call is a transaction, nested ones savepoints. */
	transaction<A extends unknown[], R>(fn: (...args: A) => R): SqlTransaction<A, R> {
		const body = (immediate: boolean) => (...args: A): R => {
			const savepoint = this.#depth > 0 ? `accord_${this.#depth}` : null;
			this.exec(savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN');
			// SQLite's IMMEDIATE: one such transaction at a time, across every node on this database
			if (immediate && !savepoint) this.exec(`SELECT pg_advisory_xact_lock(${IMMEDIATE_LOCK})`);
			this.#depth++;
			try {
				const result = fn(...args);
				this.#depth--;
				this.exec(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT');
				return result;
			} catch (error) {
				this.#depth--;
				try {
					this.exec(savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}` : 'ROLLBACK');
				} catch {
					// the connection is gone: PostgreSQL has rolled back already
				}
				throw error;
			}
		};
		return Object.assign(body(false), { immediate: body(true) });
	}

	close(): void {
		if (!this.#open) return;
		this.#open = false;
		this.#ask({ op: 'close', handle: this.#handle });
	}
}

class PostgresStatement implements SqlStatement {
	#pluck = false;

	constructor(
		private readonly db: PostgresDb,
		private readonly sql: string
	) {}

	pluck(on = true): this {
		this.#pluck = on;
		return this;
	}

	#rows(params: unknown[]): unknown[] {
		const { rows } = this.db.query(this.sql, params as PgValue[], this.#pluck ? 'array' : undefined);
		return this.#pluck ? rows.map((r) => (r as unknown[])[0]) : rows;
	}

	run(...params: unknown[]): { changes: number } {
		return { changes: this.db.query(this.sql, params as PgValue[]).changes };
	}

	get(...params: unknown[]): unknown {
		return this.#rows(params)[0];
	}

	all(...params: unknown[]): unknown[] {
		return this.#rows(params);
	}

	iterate(...params: unknown[]): IterableIterator<unknown> {
		return this.#rows(params)[Symbol.iterator]();
	}
}

/** Connects to PostgreSQL and creates or migrates Accord's schema (postgres-schema.ts). */
export function openPostgres(url: string, options: PostgresOptions): PostgresDb {
	const db = new PostgresDb(url, options);
	try {
		migratePostgres(db);
	} catch (error) {
		db.close();
		throw error;
	}
	return db;
}
