import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

/**
 * Opens (and on first start creates) the SQLite database in WAL mode and applies pending
 * migrations in one transaction each. `file` may be ':memory:' for tests.
 */
export function openDatabase(file: string, busyTimeoutMs = 100): Db {
	if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL');
	db.pragma('foreign_keys = ON');
	// better-sqlite3 waits for a lock synchronously, blocking every board: keep the wait short and
	// let the write fail (the user is told, the change stays on their device and is resent).
	db.pragma(`busy_timeout = ${Math.floor(busyTimeoutMs)}`);
	migrate(db);
	return db;
}

export function migrate(db: Db): number {
	db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
	const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
	let count = 0;
	for (const m of MIGRATIONS) {
		if (applied.has(m.version)) continue;
		db.transaction(() => {
			db.exec(m.sql);
			db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
		})();
		count++;
	}
	return count;
}

/** A consistent copy of the live database (SQLite's online backup), safe while Accord runs. */
export async function backupDatabase(db: Db, destination: string): Promise<void> {
	fs.mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
	await db.backup(destination);
}
