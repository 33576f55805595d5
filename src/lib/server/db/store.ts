import { ensureBundle } from '../../../../scripts/bundle.js';
import type { Config } from '../config';
import { openDatabase, type Db } from './database';
import { openPostgres } from './postgres';
import type { SqlDb } from './sql';
import type { DocumentStore } from '../collab/types';
import { PostgresDocumentStore } from '../repositories/postgres-documents';
import { SqlDocumentStore } from '../repositories/sql-documents';
import { NO_STORAGE_WORKER, startStorageWorker, type StorageWorker } from './storage-worker';

/** Where Accord keeps its data: the embedded SQLite file (the default), or PostgreSQL (`DATABASE_URL`). */
export interface Store {
	db: SqlDb;
	/** Boards' snapshots and update logs. */
	documents: DocumentStore;
	/** The SQLite connection itself, for what only SQLite has (pragmas, online backup); null on PostgreSQL. */
	sqlite: Db | null;
	/** Checkpoints and compaction off the main thread (SQLite); PostgreSQL checkpoints by itself. */
	storage: StorageWorker;
}

/** Bundles the PostgreSQL connections' thread (postgres-thread.ts) if a source changed; returns its file. */
export function postgresWorkerFile(): Promise<string> {
	return ensureBundle('postgres-worker', 'src/lib/server/db/postgres-thread.ts', process.cwd());
}

/**
 * Opens the store the configuration names, creating or migrating its schema. PostgreSQL needs its
 * connections' thread bundled first (`postgresWorkerFile()`, which the asynchronous start does).
 */
export function openStore(config: Config, log: (line: string) => void, postgres?: { workerFile: string; nodeId: string }): Store {
	if (config.databaseUrl) {
		if (!postgres) throw new Error('PostgreSQL needs its connection thread: pass postgresWorkerFile()');
		const db = openPostgres(config.databaseUrl, { workerFile: postgres.workerFile });
		return { db, documents: new PostgresDocumentStore(db, postgres.nodeId), sqlite: null, storage: NO_STORAGE_WORKER };
	}
	const db = openDatabase(config.databaseFile, config.dbBusyTimeoutMs);
	// checkpoints and compaction on a thread of their own, from a bundle of storage-thread.ts
	const storage = startStorageWorker(db, config.databaseFile, log, () => ensureBundle('storage-worker', 'src/lib/server/db/storage-thread.ts', process.cwd()));
	return { db, documents: new SqlDocumentStore(db), sqlite: db, storage };
}
