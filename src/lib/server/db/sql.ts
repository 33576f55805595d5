/**
 * What the repositories ask of a database: the part of better-sqlite3's interface they use, which
 * better-sqlite3 itself and PostgresDb (postgres.ts) both provide. The repositories' SQL is written
 * once, in what SQLite and PostgreSQL both accept: `?` placeholders, `ON CONFLICT … DO …` rather than
 * `INSERT OR …`, `RETURNING` rather than the last row id, explicit ordering columns rather than rowid.
 */
export interface SqlStatement {
	run(...params: unknown[]): { changes: number };
	get(...params: unknown[]): unknown;
	all(...params: unknown[]): unknown[];
	iterate(...params: unknown[]): IterableIterator<unknown>;
	/** Rows as their first column's value. */
	pluck(on?: boolean): this;
}

export interface SqlTransaction<A extends unknown[], R> {
	(...args: A): R;
	/** SQLite: take the write lock at once (PostgreSQL takes row locks as it writes). */
	immediate(...args: A): R;
}

export interface SqlDb {
	prepare(sql: string): SqlStatement;
	exec(sql: string): unknown;
	transaction<A extends unknown[], R>(fn: (...args: A) => R): SqlTransaction<A, R>;
	close(): unknown;
}
