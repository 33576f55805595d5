import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';
import type { SqlDb } from './sql';

/**
 * Moves an instance's data from its SQLite file into an empty PostgreSQL database (whose schema
 * openPostgres has created), in one transaction: all of it, or nothing. Tables go in the order their
 * references need. What changes on the way:
 * - each board's update log is numbered again from 1 (SQLite numbers all boards' updates in one
 *   sequence; on PostgreSQL a board's ids follow one another, which the nodes rely on), and its head
 *   is set to its last id;
 * - identity columns continue after the highest id copied;
 * - rows of the tables ordered as inserted keep that order.
 * The audit log, its head and its anchors are copied as they are: the hash chain and the anchors'
 * signatures cover the ids, times and texts, so the chain verifies afterwards as it did before.
 */

/** In the order their foreign keys need. */
const TABLES = [
	'users',
	'sessions',
	'setup_tokens',
	'workshops',
	'agencies',
	'memberships',
	'invitations',
	'doc_snapshots',
	'audit_log',
	'audit_head',
	'audit_anchors',
	'scoring_ratings',
	'protocol_versions',
	'protocol_freezes',
	'protocol_signatures',
	'vote_ballots',
	'board_restore_points',
	'protocol_exports',
	'terms_signatures',
	'follow_up_events',
	'follow_up_files',
	'mail_log',
	'reminder_quiet',
	'kit_changes'
] as const;

/** Identity columns on PostgreSQL that are given explicitly here, and continue after the copy. */
const IDENTITIES: Record<string, string> = { audit_anchors: 'id', follow_up_events: 'seq', kit_changes: 'seq' };

export interface MigrationReport {
	/** Rows copied per table (doc_updates included). */
	rows: Record<string, number>;
}

export class MigrationError extends Error {}

export function migrateToPostgres(sqliteFile: string, target: SqlDb): MigrationReport {
	const source = new Database(sqliteFile, { readonly: true, fileMustExist: true });
	try {
		const version = source.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null;
		const latest = MIGRATIONS.at(-1)!.version;
		if (version !== latest) throw new MigrationError(`${sqliteFile} is at schema version ${version ?? 'none'}, not ${latest}: start this version of Accord on it once first`);
		const occupied = target.prepare('SELECT count(*) FROM users').pluck().get() as number;
		if (occupied > 0) throw new MigrationError('the PostgreSQL database already holds accounts: migrate into an empty database');
		const rows: Record<string, number> = {};
		target.transaction(() => {
			for (const table of TABLES) rows[table] = copyTable(source, target, table);
			rows.doc_updates = copyUpdateLogs(source, target);
			for (const [table, column] of Object.entries(IDENTITIES)) {
				target.prepare(`SELECT setval(pg_get_serial_sequence('${table}', '${column}'), coalesce((SELECT max(${column}) FROM ${table}), 0) + 1, false)`).get();
			}
		})();
		return { rows };
	} finally {
		source.close();
	}
}

function copyTable(source: Database.Database, target: SqlDb, table: string): number {
	const columns = (source.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
	const insert = target.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
	let n = 0;
	// in the order they were inserted, which the tables ordered by rowid keep on PostgreSQL too
	for (const row of source.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY rowid`).raw().iterate() as IterableIterator<unknown[]>) {
		insert.run(...row);
		n++;
	}
	return n;
}

function copyUpdateLogs(source: Database.Database, target: SqlDb): number {
	const insert = target.prepare('INSERT INTO doc_updates (name, id, data, created_at) VALUES (?, ?, ?, ?)');
	const head = target.prepare('INSERT INTO doc_heads (name, last_id) VALUES (?, ?)');
	let name: string | null = null;
	let id = 0;
	let n = 0;
	for (const row of source.prepare('SELECT name, data, created_at FROM doc_updates ORDER BY name, id').iterate() as IterableIterator<{ name: string; data: Buffer; created_at: number }>) {
		if (row.name !== name) {
			if (name !== null) head.run(name, id);
			name = row.name;
			id = 0;
		}
		insert.run(row.name, ++id, row.data, row.created_at);
		n++;
	}
	if (name !== null) head.run(name, id);
	return n;
}
