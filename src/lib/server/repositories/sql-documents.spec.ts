import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../db/database';
import { MIGRATIONS } from '../db/migrations';
import { SqlDocumentStore } from './sql-documents';

const opened: Db[] = [];
afterEach(() => {
	for (const db of opened.splice(0)) db.close();
});

function tempFile(): string {
	return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'accord-log-')), 'accord.sqlite');
}

function open(file: string): Db {
	const db = openDatabase(file);
	opened.push(db);
	return db;
}

const bytes = (...b: number[]) => new Uint8Array(b);
const idsOf = (db: Db, name: string) => db.prepare('SELECT id FROM doc_updates WHERE name = ? ORDER BY id').pluck().all(name) as number[];

describe('the update log', () => {
	it('keeps the rows and their order when a database from before the keyed log is migrated', () => {
		const file = tempFile();
		const old = new Database(file);
		old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
		for (const m of MIGRATIONS.filter((m) => m.version <= 5)) {
			old.exec(m.sql);
			old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, 0);
		}
		const insert = old.prepare('INSERT INTO doc_updates (name, data, created_at) VALUES (?, ?, ?)');
		for (let i = 0; i < 6; i++) insert.run(i % 2 ? 'w/agenda' : 'w/dpia', Buffer.from([i]), i);
		// an id removed before a restart may be given again: nothing running still holds it
		old.prepare('DELETE FROM doc_updates WHERE id = 6').run();
		old.close();

		const db = open(file);
		expect(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'doc_updates'").pluck().get()).toMatch(/WITHOUT ROWID/);
		expect(idsOf(db, 'w/dpia')).toEqual([1, 3, 5]);
		expect(idsOf(db, 'w/agenda')).toEqual([2, 4]);
		const store = new SqlDocumentStore(db);
		expect(store.load('w/dpia').updates.map((u) => u[0])).toEqual([0, 2, 4]);
		expect(store.append('w/agenda', bytes(9))).toBe(6);
		expect(migrate(db)).toBe(0);
	});

	it('never gives an id twice while it runs, even after a discard or a fold, and starts past the highest id on disk', () => {
		const file = tempFile();
		const db = open(file);
		const store = new SqlDocumentStore(db);
		const a = store.append('w/agenda', bytes(1));
		const b = store.append('w/dpia', bytes(2));
		const c = store.append('w/agenda', bytes(3));
		expect([a, b, c]).toEqual([1, 2, 3]);
		store.discard('w/agenda', c);
		expect(store.append('w/agenda', bytes(4))).toBe(4);
		store.compact('w/agenda', (parts) => parts.at(-1)!);
		expect(idsOf(db, 'w/agenda')).toEqual([]);
		expect(store.append('w/agenda', bytes(5))).toBe(5);
		db.close();
		opened.splice(0);

		const again = new SqlDocumentStore(open(file));
		expect(again.append('w/dpia', bytes(6))).toBe(6);
		expect(again.load('w/dpia').updates.map((u) => u[0])).toEqual([2, 6]);
	});

	it('goes on after rows that something else wrote with its ids', () => {
		const db = open(tempFile());
		const store = new SqlDocumentStore(db);
		store.append('w/agenda', bytes(1));
		db.prepare('INSERT INTO doc_updates (name, id, data, created_at) VALUES (?, ?, ?, ?)').run('w/agenda', 2, Buffer.from([2]), 0);
		db.prepare('INSERT INTO doc_updates (name, id, data, created_at) VALUES (?, ?, ?, ?)').run('w/agenda', 7, Buffer.from([7]), 0);
		expect(store.append('w/agenda', bytes(8))).toBe(8);
		expect(store.load('w/agenda').updates.map((u) => u[0])).toEqual([1, 2, 7, 8]);
	});
});
