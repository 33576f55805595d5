// The storage worker's thread (started by storage-worker.ts from a bundle of this file): checkpoints
// the write-ahead log several times a second and folds boards' logs into their snapshots on request,
// on a database connection of its own.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { mergeParts } from '../collab/compaction';
import { DocumentLog } from './document-log';
import type { FromStorageThread, StorageThreadData, ToStorageThread } from './storage-messages';

const port = parentPort!;
const data = workerData as StorageThreadData;
const db = new Database(data.file);
db.pragma('busy_timeout = 1000');
db.pragma(`journal_size_limit = ${data.keepBytes}`);
const log = new DocumentLog(db);
const post = (message: FromStorageThread) => port.postMessage(message);

const timer = setInterval(() => {
	try {
		post({ type: 'checkpointed', frames: (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0].log });
	} catch (error) {
		post({ type: 'checkpoint-failed', error: (error as Error).message });
	}
}, data.intervalMs);

port.on('message', (message: ToStorageThread) => {
	if (message.type === 'compact') {
		try {
			post({ type: 'compacted', id: message.id, ...log.compact(message.name, mergeParts, 'merge-unlocked') });
		} catch (error) {
			post({ type: 'compacted', id: message.id, error: (error as Error).message });
		}
		return;
	}
	clearInterval(timer);
	db.close();
	port.close();
});
