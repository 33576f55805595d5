import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { mergeParts } from '../collab/compaction';
import { SqlDocumentStore } from '../repositories/sql-documents';
import { openDatabase, type Db } from './database';
import { startStorageWorker, type StorageWorker, type StorageWorkerOptions } from './storage-worker';
import { ensureBundle } from '../../../../scripts/bundle.js';

let db: Db | null = null;
let worker: StorageWorker | null = null;
afterEach(async () => {
	await worker?.stop();
	db?.close();
});

/** A database with its storage worker running (the thread is bundled from storage-thread.ts as in production). */
async function open(options?: StorageWorkerOptions) {
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'accord-storage-')), 'accord.sqlite');
	db = openDatabase(file);
	worker = startStorageWorker(db, file, () => {}, () => ensureBundle('storage-worker', 'src/lib/server/db/storage-thread.ts'), options);
	expect(await worker.ready).toBe(true);
	return { db, worker, store: new SqlDocumentStore(db) };
}

/** A board typed into `n` times, each keystroke one stored update. */
function typed(store: SqlDocumentStore, name: string, n: number, from = 0): Y.Doc {
	const doc = new Y.Doc();
	doc.on('update', (u: Uint8Array) => store.append(name, u));
	for (let i = from; i < from + n; i++) doc.getText('t').insert(doc.getText('t').length, `w${i} `);
	return doc;
}

function textOf(snapshot: Uint8Array | null, updates: Uint8Array[]): string {
	const doc = new Y.Doc();
	if (snapshot) Y.applyUpdate(doc, snapshot);
	for (const u of updates) Y.applyUpdate(doc, u);
	return doc.getText('t').toString();
}

describe('the storage worker', () => {
	it('keeps the write-ahead log short while the main connection only writes', async () => {
		const { db, store } = await open({ intervalMs: 50, longFrames: 400 });
		expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
		// frames in the log since it last started over (a passive checkpoint only reports and copies)
		const walPages = () => (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0].log;
		for (let i = 0; i < 3000; i++) {
			store.append(`w/${i % 10}`, new Uint8Array(200));
			if (i % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
		}
		// without any checkpoint the log would hold several thousand pages by now
		await vi.waitFor(() => {
			store.append('w/last', new Uint8Array(200));
			expect(walPages()).toBeLessThan(500);
		}, { timeout: 10_000, interval: 100 });
	});

	it('folds a board’s stored log into its snapshot off the main thread, keeping rows written meanwhile', async () => {
		const { worker, store } = await open();
		const doc = typed(store, 'w/board', 300);
		const compacting = worker.compact('w/board')!;
		// typed while the worker merges: these rows must survive
		typed(store, 'w/board', 0);
		doc.on('update', (u: Uint8Array) => store.append('w/board', u));
		doc.getText('t').insert(0, 'late ');
		const result = await compacting;
		expect(result.folded).toBeGreaterThan(0);
		const after = store.load('w/board');
		expect(after.snapshot).not.toBeNull();
		expect(after.updates.length).toBeLessThan(300);
		expect(textOf(after.snapshot, after.updates)).toBe(doc.getText('t').toString());
		expect(textOf(after.snapshot, after.updates).startsWith('late ')).toBe(true);
	});

	it('loses nothing when a compaction on the main thread races it', async () => {
		const { worker, store } = await open();
		const doc = typed(store, 'w/board', 200);
		const compacting = worker.compact('w/board')!;
		store.compact('w/board', mergeParts);
		// Either the worker read after the main thread folded (nothing left to fold), or it read before
		// and must then refuse to write its now outdated merge, or it finished first.
		const outcome = await compacting.then(
			(r) => `folded ${r.folded}`,
			(e: Error) => e.message
		);
		expect(outcome).toMatch(/^folded \d+$|folded by another compaction/);
		const after = store.load('w/board');
		expect(textOf(after.snapshot, after.updates)).toBe(doc.getText('t').toString());
	});
});
