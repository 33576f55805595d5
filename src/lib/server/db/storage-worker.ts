import { Worker } from 'node:worker_threads';
import type { Db } from './database';
import type { Folded } from './document-log';
import type { FromStorageThread, StorageThreadData, ToStorageThread } from './storage-messages';

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
 *   appended while it merged stay in the log. It reads only what is on disk, as the main thread does,
 *   with the same code (document-log.ts).
 *
 * The thread runs storage-thread.ts, bundled (scripts/bundle.js) the first time and whenever a
 * source changed; until it is running, both jobs stay on the main thread as without a worker.
 */
export type Compacted = Folded;

export interface StorageWorker {
	/** Compacts a board's stored log in the background; null when the worker is not running. */
	compact(name: string): Promise<Compacted> | null;
	/** Stops the worker; resolves once its thread has exited (nothing is written after). */
	stop(): Promise<void>;
	/** Resolves once the thread runs (true), or could not be started (false). */
	readonly ready: Promise<boolean>;
}

const MAIN_THREAD_PAGES = 1000;
export const NO_STORAGE_WORKER: StorageWorker = { compact: () => null, stop: async () => {}, ready: Promise.resolve(false) };

export interface StorageWorkerOptions {
	intervalMs: number;
	/** Past this many frames in the write-ahead log, the main connection checkpoints again. */
	longFrames: number;
}

/**
 * Starts the storage worker for the database in `file`; `threadFile` gives the bundled
 * storage-thread.ts. Returns at once: until the thread runs, checkpoints and compaction stay here.
 */
export function startStorageWorker(db: Db, file: string, log: (line: string) => void, threadFile: () => Promise<string>, options: StorageWorkerOptions = { intervalMs: 250, longFrames: 8000 }): StorageWorker {
	if (file === ':memory:') return NO_STORAGE_WORKER;
	const keepBytes = 32 * 1024 * 1024;
	db.pragma(`journal_size_limit = ${keepBytes}`);
	let worker: Worker | null = null;
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
	let stopped = false;
	let complained = false;
	let nextId = 0;
	const waiting = new Map<number, { resolve: (c: Compacted) => void; reject: (e: Error) => void }>();
	const ended = (why: string) => {
		if (stopped) return;
		stopped = true;
		log(`database: the storage worker stopped (${why}); checkpoints and compaction are back on the main thread`);
		mainThread(true);
		for (const w of waiting.values()) w.reject(new Error('the storage worker stopped'));
		waiting.clear();
	};
	const onMessage = (message: FromStorageThread) => {
		if (message.type === 'checkpointed') {
			if (message.frames > options.longFrames) mainThread(true);
			else if (message.frames < options.longFrames / 4) mainThread(false);
		} else if (message.type === 'checkpoint-failed') {
			if (!complained) log(`database: a background checkpoint failed: ${message.error}`);
			complained = true;
		} else {
			const w = waiting.get(message.id);
			waiting.delete(message.id);
			if ('error' in message) w?.reject(new Error(message.error));
			else w?.resolve({ before: message.before, after: message.after, folded: message.folded });
		}
	};
	let exited: Promise<void> = Promise.resolve();
	const ready = threadFile().then(
		(threadPath) => {
			if (stopped) return false;
			const workerData: StorageThreadData = { file, keepBytes, intervalMs: options.intervalMs };
			const started = new Worker(threadPath, { workerData });
			started.unref();
			exited = new Promise<void>((resolve) => started.once('exit', () => resolve()));
			started.on('message', onMessage);
			started.on('error', (error) => ended(error.message));
			started.on('exit', (code) => ended(`exit ${code}`));
			worker = started;
			mainThread(false);
			return true;
		},
		(error: Error) => {
			log(`database: checkpoints and compaction stay on the main thread (${error.message})`);
			return false;
		}
	);
	const send = (message: ToStorageThread) => worker?.postMessage(message);
	return {
		ready,
		compact(name) {
			if (stopped || !worker) return null;
			const id = nextId++;
			send({ type: 'compact', id, name });
			return new Promise<Compacted>((resolve, reject) => waiting.set(id, { resolve, reject }));
		},
		async stop() {
			if (!stopped) {
				stopped = true;
				for (const w of waiting.values()) w.reject(new Error('the server is stopping'));
				waiting.clear();
			}
			await ready;
			if (worker) {
				// held until it has exited, so that a process with nothing else to do waits for it
				worker.ref();
				send({ type: 'stop' });
			}
			return exited;
		}
	};
}
