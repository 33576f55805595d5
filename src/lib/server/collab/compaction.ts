import * as Y from 'yjs';
import type { BackgroundCompaction, CollabLimits, DocumentStore, Logger } from './types';

/**
 * A log worth folding is folded once nobody has written to the board for this long (or at once
 * past the hard cap of rows): the fold costs CPU, and on a small machine people typing would wait
 * for it (docs/performance.md).
 */
export const COMPACT_WHEN_QUIET_MS = 500;

/** Merges stored parts into one snapshot, letting Yjs drop deleted content. */
export function mergeParts(parts: Uint8Array[]): Uint8Array {
	const doc = new Y.Doc();
	doc.transact(() => {
		for (const part of parts) Y.applyUpdate(doc, part);
	});
	const merged = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return merged;
}

/** The room a schedule folds: what it has stored, and how to put this turn's writes on disk first. */
export interface CompactedRoom {
	readonly name: string;
	readonly destroyed: boolean;
	/** Bytes stored (snapshot and log); the schedule sets it after a fold. */
	storedBytes: number;
	/** Stores what this turn applied; false if storage refused (the room reloaded). */
	settle(): boolean;
	/** The stored size changed (the room re-evaluates its size budget). */
	resized(): void;
}

export interface CompactionDeps {
	store: DocumentStore;
	limits: CollabLimits;
	log: Logger;
	background?: BackgroundCompaction | null;
}

/**
 * When a room's update log is folded into its snapshot. Compaction rewrites the whole document, so
 * it waits until the log is worth it: past the row or byte threshold *and* at least half the size
 * of the last snapshot (so its cost stays in proportion to what was written, even for large boards
 * under heavy load), or past a hard cap of rows that keeps cold loads short. It runs once the board
 * has been quiet for COMPACT_WHEN_QUIET_MS, on the storage worker when there is one.
 */
export class CompactionSchedule {
	#rows = 0;
	#bytes = 0;
	#scheduled = false;
	#running = false;
	#again = false;
	#quietTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(
		private readonly room: CompactedRoom,
		private readonly deps: CompactionDeps,
		storedRows: number
	) {
		this.#rows = storedRows;
		if (storedRows > deps.limits.compactAfterRows) this.schedule();
	}

	/** Rows appended since the last fold. */
	get pendingRows(): number {
		return this.#rows;
	}

	counted(bytes: number): void {
		this.#rows++;
		this.#bytes += bytes;
	}

	#shouldCompact(): boolean {
		if (this.#pastHardCap()) return true;
		const over = this.#rows > this.deps.limits.compactAfterRows || this.#bytes > this.deps.limits.compactAfterBytes;
		return over && this.#bytes * 2 >= this.room.storedBytes - this.#bytes;
	}

	#pastHardCap(): boolean {
		return this.#rows > this.deps.limits.compactAfterRows * 20;
	}

	/** After a write: fold when it is worth it, once the board is quiet; past the hard cap, at once. Every write pushes the quiet moment back. */
	whenDue(): void {
		if (this.#pastHardCap()) return this.schedule();
		if (this.#quietTimer) return void this.#quietTimer.refresh();
		if (!this.#shouldCompact()) return;
		this.#quietTimer = setTimeout(() => {
			this.#quietTimer = null;
			if (!this.room.destroyed && this.#shouldCompact()) this.schedule();
		}, COMPACT_WHEN_QUIET_MS);
	}

	/** `whenDone`: if one is running, run again once it is done (the last person left, whatever the thresholds say). */
	schedule(whenDone = false): void {
		if (this.#running) {
			if (whenDone) this.#again = true;
			return;
		}
		if (this.#scheduled) return;
		if (this.#inBackground()) return;
		this.#scheduled = true;
		setImmediate(() => {
			this.#scheduled = false;
			if (!this.room.destroyed) this.now();
		});
	}

	/**
	 * Hands the compaction to the storage worker, so the board is not decoded and re-encoded on the
	 * thread that serves everyone. What is appended meanwhile stays in the log and counts towards
	 * the next compaction.
	 */
	#inBackground(): boolean {
		// the worker folds what is on disk: this turn's writes go there first
		if (!this.room.settle()) return true;
		const rows = this.#rows;
		const bytes = this.#bytes;
		const stored = this.room.storedBytes;
		const pending = this.deps.background?.(this.room.name);
		if (!pending) return false;
		this.#running = true;
		pending.then(
			({ after }) => {
				this.#running = false;
				if (this.room.destroyed) return;
				this.room.storedBytes = after + Math.max(0, this.room.storedBytes - stored);
				this.#rows = Math.max(0, this.#rows - rows);
				this.#bytes = Math.max(0, this.#bytes - bytes);
				this.room.resized();
				// what arrived while it merged may already be worth another pass: do not wait for the next edit
				const again = this.#again;
				this.#again = false;
				if (again) this.schedule();
				else this.whenDue();
			},
			(error: Error) => {
				this.#running = false;
				this.#again = false;
				if (!this.room.destroyed) this.deps.log(`collab: background compaction of ${this.room.name} failed, the update log is kept: ${error.message}`);
			}
		);
		return true;
	}

	/** Folds the stored update log into one snapshot here and now, from what is on disk. Failure keeps the log. */
	now(): void {
		if (!this.room.settle()) return;
		try {
			const { after } = this.deps.store.compact(this.room.name, mergeParts);
			this.room.storedBytes = after;
			this.#rows = 0;
			this.#bytes = 0;
			this.room.resized();
		} catch (error) {
			this.deps.log(`collab: compaction of ${this.room.name} failed, the update log is kept: ${(error as Error).message}`);
		}
	}

	destroy(): void {
		if (this.#quietTimer) clearTimeout(this.#quietTimer);
		this.#quietTimer = null;
	}
}
