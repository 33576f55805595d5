import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './database';

/**
 * The database work that must not stop every board while it runs, done on a worker thread with its
 * own connection:
 *
 * - **Checkpoints.** SQLite copies its write-ahead log back into the database file every thousand
 *   pages or so, inside whichever write happens to cross the line: a stall of several milliseconds
 *   (the copy and an fsync) in the middle of someone's keystroke (measured in docs/performance.md).
 *   The worker copies several times a second without ever holding writers up (PASSIVE); the log
 *   starts over by itself when a write finds it fully copied, which happens in the pauses of normal
 *   use. Only under sustained heavy writing, when the log grows past `longFrames`, does the main
 *   connection checkpoint again (cheaply: nearly everything is copied already) until it is short.
 * - **Compaction.** Folding a board's update log into its snapshot decodes and re-encodes the whole
 *   board: 85–470 ms for boards of 1–10 MiB. The worker reads the snapshot and the log in one read
 *   transaction, merges them with no lock held, and writes the result only if none of the rows it
 *   read has been folded meanwhile (by a compaction on the main thread at shutdown, say). Rows
 *   appended while it merged stay in the log. It reads only what is on disk, as the main thread does.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const Y = require(workerData.yjs);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
db.pragma('journal_size_limit = ' + workerData.keepBytes);
const snapshotOf = db.prepare('SELECT state FROM doc_snapshots WHERE name = ?').pluck();
const rowsOf = db.prepare('SELECT id, data FROM doc_updates WHERE name = ? ORDER BY id');
const stillThere = db.prepare('SELECT count(*) FROM doc_updates WHERE name = ? AND id <= ?').pluck();
const saveSnapshot = db.prepare('INSERT INTO doc_snapshots (name, state, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at');
const fold = db.prepare('DELETE FROM doc_updates WHERE name = ? AND id <= ?');
const read = db.transaction((name) => ({ snapshot: snapshotOf.get(name), rows: rowsOf.all(name) }));
function compact(name) {
	const { snapshot, rows } = read(name);
	const parts = (snapshot ? [snapshot] : []).concat(rows.map((r) => r.data));
	const before = parts.reduce((sum, p) => sum + p.byteLength, 0);
	if (rows.length === 0) return { before, after: before, folded: 0 };
	const doc = new Y.Doc();
	doc.transact(() => { for (const part of parts) Y.applyUpdate(doc, part); });
	const merged = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	const last = rows[rows.length - 1].id;
	const written = db.transaction(() => {
		if (stillThere.get(name, last) !== rows.length) return false;
		saveSnapshot.run(name, Buffer.from(merged.buffer, merged.byteOffset, merged.byteLength), Date.now());
		fold.run(name, last);
		return true;
	}).immediate();
	if (!written) throw new Error('its update log was folded by another compaction meanwhile');
	return { before, after: merged.byteLength, folded: rows.length };
}
const timer = setInterval(() => {
	try {
		parentPort.postMessage(db.pragma('wal_checkpoint(PASSIVE)')[0].log);
	} catch (error) {
		parentPort.postMessage('checkpoint failed: ' + (error && error.message));
	}
}, workerData.intervalMs);
parentPort.on('message', (m) => {
	if (m.type === 'compact') {
		try {
			parentPort.postMessage({ type: 'compacted', id: m.id, ...compact(m.name) });
		} catch (error) {
			parentPort.postMessage({ type: 'compacted', id: m.id, error: String(error && error.message) });
		}
		return;
	}
	clearInterval(timer);
	db.close();
	parentPort.close();
});
`;

export interface Compacted {
	before: number;
	after: number;
	/** Rows of the update log folded into the snapshot. */
	folded: number;
}

export interface StorageWorker {
	/** Compacts a board's stored log in the background; null when the worker is not running. */
	compact(name: string): Promise<Compacted> | null;
	/** Stops the worker; resolves once its thread has exited (nothing is written after). */
	stop(): Promise<void>;
}

const MAIN_THREAD_PAGES = 1000;
const NONE: StorageWorker = { compact: () => null, stop: async () => {} };

export function startStorageWorker(db: Db, file: string, log: (line: string) => void, options = { intervalMs: 250, longFrames: 8000 }): StorageWorker {
	if (file === ':memory:') return NONE;
	const keepBytes = 32 * 1024 * 1024;
	db.pragma(`journal_size_limit = ${keepBytes}`);
	let worker: Worker;
	try {
		const require = createRequire(import.meta.url);
		worker = new Worker(WORKER, { eval: true, workerData: { file, driver: require.resolve('better-sqlite3'), yjs: require.resolve('yjs'), keepBytes, intervalMs: options.intervalMs } });
	} catch (error) {
		log(`database: checkpoints and compaction stay on the main thread (${(error as Error).message})`);
		return NONE;
	}
	worker.unref();
	let onMainThread = true;
	const mainThread = (yes: boolean) => {
		if (yes === onMainThread) return;
		onMainThread = yes;
		try {
			db.pragma(`wal_autocheckpoint = ${yes ? MAIN_THREAD_PAGES : 0}`);
		} catch {
			// the database is closing
		}
	};
	mainThread(false);
	let stopped = false;
	let complained = false;
	let nextId = 0;
	const waiting = new Map<number, { resolve: (c: Compacted) => void; reject: (e: Error) => void }>();
	worker.on('message', (message: number | string | ({ type: 'compacted'; id: number; error?: string } & Compacted)) => {
		if (typeof message === 'number') {
			if (message > options.longFrames) mainThread(true);
			else if (message < options.longFrames / 4) mainThread(false);
		} else if (typeof message === 'string') {
			if (!complained) log(`database: a background ${message}`);
			complained = true;
		} else {
			const w = waiting.get(message.id);
			waiting.delete(message.id);
			if (message.error) w?.reject(new Error(message.error));
			else w?.resolve({ before: message.before, after: message.after, folded: message.folded });
		}
	});
	const ended = (why: string) => {
		if (stopped) return;
		stopped = true;
		log(`database: the storage worker stopped (${why}); checkpoints and compaction are back on the main thread`);
		mainThread(true);
		for (const w of waiting.values()) w.reject(new Error('the storage worker stopped'));
		waiting.clear();
	};
	const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
	worker.on('error', (error) => ended(error.message));
	worker.on('exit', (code) => ended(`exit ${code}`));
	return {
		compact(name) {
			if (stopped) return null;
			const id = nextId++;
			worker.postMessage({ type: 'compact', id, name });
			return new Promise<Compacted>((resolve, reject) => waiting.set(id, { resolve, reject }));
		},
		stop() {
			if (!stopped) {
				stopped = true;
				for (const w of waiting.values()) w.reject(new Error('the server is stopping'));
				waiting.clear();
				// held until it has exited, so that a process with nothing else to do waits for it
				worker.ref();
				worker.postMessage({ type: 'stop' });
			}
			return exited;
		}
	};
}
