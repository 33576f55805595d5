import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './database';

/**
 * SQLite copies its write-ahead log back into the database file every thousand pages or so, inside
 * whichever write happens to cross the line: a stall of several milliseconds (the copy and an fsync)
 * in the middle of someone's keystroke, for every board on the server (measured in
 * docs/performance.md). Here the copy runs on a worker thread with its own connection instead: once
 * a second without holding writers up (PASSIVE), and when the log has grown long it is started over
 * (RESTART), which holds writers only for what arrived since the copy. The main connection stops
 * checkpointing by itself, and takes it back whenever the worker cannot keep the log short.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 50');
db.pragma('journal_size_limit = ' + workerData.keepBytes);
const timer = setInterval(() => {
	try {
		const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)');
		if (log > workerData.restartFrames) parentPort.postMessage(db.pragma('wal_checkpoint(RESTART)')[0].busy ? 'busy' : 'restarted');
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

export function startCheckpointer(db: Db, file: string, log: (line: string) => void, options = { intervalMs: 1000, restartFrames: 2000 }): Checkpointer {
	if (file === ':memory:') return { stop() {} };
	const keepBytes = 32 * 1024 * 1024;
	db.pragma(`journal_size_limit = ${keepBytes}`);
	let worker: Worker;
	try {
		const driver = createRequire(import.meta.url).resolve('better-sqlite3');
		worker = new Worker(WORKER, { eval: true, workerData: { file, driver, keepBytes, ...options } });
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
	let busy = 0;
	let stopped = false;
	let complained = false;
	worker.on('message', (outcome: string) => {
		if (outcome === 'restarted') {
			busy = 0;
			mainThread(false);
		} else if (outcome === 'busy') {
			// three seconds without managing to start the log over: the main thread keeps it short meanwhile
			if (++busy >= 3) mainThread(true);
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
