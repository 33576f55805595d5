import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from './database';
import { startCheckpointer, type Checkpointer } from './checkpointer';

let db: Db | null = null;
let checkpointer: Checkpointer | null = null;
afterEach(() => {
	checkpointer?.stop();
	db?.close();
});

describe('background checkpoints', () => {
	it('keep the write-ahead log short while the main connection only writes', async () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'accord-ckpt-')), 'accord.sqlite');
		db = openDatabase(file);
		checkpointer = startCheckpointer(db, file, () => {}, { intervalMs: 50, longFrames: 400 });
		expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
		const insert = db.prepare('INSERT INTO doc_updates (name, data, created_at) VALUES (?, ?, ?)');
		// frames in the log since it last started over (a passive checkpoint only reports and copies)
		const walPages = () => (db!.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0].log;
		for (let i = 0; i < 3000; i++) {
			insert.run(`w/${i % 10}`, Buffer.alloc(200), i);
			if (i % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
		}
		// without any checkpoint the log would hold several thousand pages by now
		await vi.waitFor(() => {
			insert.run('w/last', Buffer.alloc(200), 0);
			expect(walPages()).toBeLessThan(500);
		}, { timeout: 10_000, interval: 100 });
		expect(db.prepare('SELECT count(*) FROM doc_updates').pluck().get()).toBeGreaterThanOrEqual(3001);
	});
});
