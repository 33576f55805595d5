import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './database';

/**
 * SQLite copies its write-ahead log back into the database file every thousand pages or so, inside
 * whichever write happens to cross the line: a stall of several milliseconds (the copy and an fsync)
 * in the middle of someone's keystroke, for every board on the server (measured in
 * docs/performance.md). Here the copying runs on a worker thread with its own connection, several
 * times a second and without ever holding writers up (PASSIVE). The log starts over by itself when
 * a write finds it fully copied, which happens in the pauses of normal use. Only under sustained
 * heavy writing, when the log grows past `longFrames`, does the main connection checkpoint again
 * (cheaply: the worker has already copied nearly everything) until the log is short.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 50');
db.pragma('journal_size_limit = ' + workerData.keepBytes);
const timer = setInterval(() => {
	try {
		parentPort.postMessage(db.pragma('wal_checkpoint(PASSIVE)')[0].log);
	} catch (error) {
		parentPort.postMessage('failed: ' + (error && error.message));
	}
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export interface Checkpointer {
	stop(): void;
}

const MAIN_THREAD_PAGES = 1000;

export function startCheckpointer(db: Db, file: string, log: (line: string) => void, options = { intervalMs: 250, longFrames: 8000 }): Checkpointer {
	if (file === ':memory:') return { stop() {} };
	const keepBytes = 32 * 1024 * 1024;
	db.pragma(`journal_size_limit = ${keepBytes}`);
	let worker: Worker;
	try {
		const driver = createRequire(import.meta.url).resolve('better-sqlite3');
		worker = new Worker(WORKER, { eval: true, workerData: { file, driver, keepBytes, intervalMs: options.intervalMs } });
	} catch (error) {
		log(`database: checkpoints stay on the main thread (${(error as Error).message})`);
		return { stop() {} };
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
	worker.on('message', (outcome: number | string) => {
		if (typeof outcome === 'number') {
			if (outcome > options.longFrames) mainThread(true);
			else if (outcome < options.longFrames / 4) mainThread(false);
		} else if (!complained) {
			complained = true;
			log(`database: a background checkpoint ${outcome}`);
		}
	});
	const ended = (why: string) => {
		if (stopped) return;
		stopped = true;
		log(`database: the checkpoint worker stopped (${why}); checkpoints are back on the main thread`);
		mainThread(true);
	};
	worker.on('error', (error) => ended(error.message));
	worker.on('exit', (code) => ended(`exit ${code}`));
	return {
		stop() {
			if (stopped) return;
			stopped = true;
			worker.postMessage('stop');
		}
	};
}
