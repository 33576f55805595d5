import type { Folded } from './document-log';

/** What the storage thread is started with. */
export interface StorageThreadData {
	file: string;
	/** The write-ahead log is truncated to this size when it starts over. */
	keepBytes: number;
	intervalMs: number;
}

export type ToStorageThread = { type: 'compact'; id: number; name: string } | { type: 'stop' };

export type FromStorageThread =
	| { type: 'checkpointed'; frames: number }
	| { type: 'checkpoint-failed'; error: string }
	| ({ type: 'compacted'; id: number } & ({ error: string } | Folded));
