import * as Y from 'yjs';
import { CloseCode } from '../../collab/close-codes';
import type { BudgetState, OnlineMember } from '../../collab/protocol';
import type { CollabLimits } from '../config';
import type { DocumentStore } from '../repositories/types';
import type { Connection, ConnectionIdentity, Logger } from './connection';
import { syncStep1Frame, syncStep2Frame, updateFrame } from './messages';
import { prepareFrame, prepareFrames, type PreparedFrame } from './prepared-frame';
import { PresenceRelay } from './presence-relay';
import type { AfterWrite, WritePolicy } from './policies';
import { changesNothing, checkUpdate } from './update-guard';
import { touchedPaths } from './update-paths';

/** Compacts a stored board elsewhere (a worker thread); null when it cannot, and the room does it itself. */
export type BackgroundCompaction = (name: string) => Promise<{ before: number; after: number; folded: number }> | null;

/** What a room is given: its storage, its limits, and the rules and hooks of its board. */
export interface RoomDeps {
	store: DocumentStore;
	limits: CollabLimits;
	log: Logger;
	onUnload: (room: Room) => void;
	policy?: WritePolicy | null;
	afterWrite?: AfterWrite | null;
	background?: BackgroundCompaction | null;
	/** Counts a write against its author's budget; false refuses it (to that person only). */
	admitWrite?: ((writer: ConnectionIdentity, bytes: number) => boolean) | null;
	/** Keeps the board's state as a point it can be restored to (before it crosses its warning size). */
	keepRestorePoint?: ((room: Room, reason: 'before-warning-size') => void) | null;
}

/** The origin of transactions the server makes itself. */
export const SERVER_ORIGIN = { kind: 'server' } as const;

/**
 * Updates of one turn merged into one message, at most. Yjs's merge costs more than the sum of its
 * parts on large inputs (2,048 small updates: ~330 ms; in 64 merges of 32, ~5 ms); sixteen keeps a
 * busy turn's messages few and the cost per update flat.
 */
export const MERGE_AT_MOST = 16;

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

/**
 * One loaded board: its Y.Doc, its connections and its presence. The document is loaded from
 * storage synchronously in the constructor, so no client ever sees it empty. An update is checked,
 * applied, written to storage and only then sent to anyone: the first of a turn of the event loop
 * is stored at once, the ones that follow in the same turn together in one transaction at its end;
 * then the turn's updates go out together (docs/performance.md).
 */
export class Room {
	readonly doc = new Y.Doc();
	readonly connections = new Set<Connection>();
	readonly presence: PresenceRelay;
	storedBytes = 0;
	/** Applied in this turn, sent at its end. */
	readonly #outgoing: Uint8Array[] = [];
	/** Applied in this turn and not yet on disk: stored by `settle()`, before anyone sees them. */
	readonly #unstored: Uint8Array[] = [];
	/** This turn of the event loop has applied an update already: it is sent (and stored) at the turn's end. */
	#turnOpen = false;
	#rowsSinceCompact = 0;
	#bytesSinceCompact = 0;
	#compactScheduled = false;
	#compacting = false;
	#compactAgain = false;
	#unloadTimer: ReturnType<typeof setTimeout> | null = null;
	#quietTimer: ReturnType<typeof setTimeout> | null = null;
	#online: OnlineMember[] = [];
	#budget: BudgetState = 'ok';
	#destroyed = false;
	/** The whole document encoded once per version: what every newcomer with nothing asks for. */
	#fullState: PreparedFrame | null = null;

	private readonly store: DocumentStore;
	private readonly limits: CollabLimits;
	private readonly log: Logger;

	constructor(
		readonly name: string,
		readonly workshopId: string,
		readonly board: string,
		private readonly deps: RoomDeps
	) {
		({ store: this.store, limits: this.limits, log: this.log } = deps);
		const { store, limits } = deps;
		const stored = store.load(name);
		this.doc.transact(() => {
			if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot);
			for (const update of stored.updates) Y.applyUpdate(this.doc, update);
		});
		if (this.doc.store.pendingStructs || this.doc.store.pendingDs) {
			this.doc.destroy();
			throw new Error(`stored document ${name} is incomplete`);
		}
		this.doc.on('afterTransaction', () => (this.#fullState = null));
		this.storedBytes = stored.bytes;
		this.#rowsSinceCompact = stored.updates.length;
		this.#budget = this.#budgetFor(this.storedBytes);
		this.presence = new PresenceRelay(
			{ stateMaxBytes: limits.awarenessStateMaxBytes, ratePerSecond: limits.awarenessRatePerSecond, flushMs: limits.awarenessFlushMs },
			(frame) => this.broadcast(frame)
		);
		if (this.#rowsSinceCompact > limits.compactAfterRows) this.#scheduleCompaction();
	}

	get destroyed(): boolean {
		return this.#destroyed;
	}

	join(conn: Connection): void {
		this.cancelUnload();
		this.connections.add(conn);
		conn.send(syncStep1Frame(Y.encodeStateVector(this.doc)));
		const presence = this.presence.snapshotFrame();
		if (presence) conn.send(presence);
	}

	leave(conn: Connection): void {
		if (!this.connections.delete(conn) || this.#destroyed) return;
		this.presence.removeOwner(conn);
		if (this.connections.size === 0) {
			if (this.#rowsSinceCompact > 0) this.#scheduleCompaction(true);
			this.#unloadTimer = setTimeout(() => this.unload(), this.limits.roomUnloadMs);
		}
	}

	cancelUnload(): void {
		if (this.#unloadTimer) clearTimeout(this.#unloadTimer);
		this.#unloadTimer = null;
	}

	/**
	 * Answers a sync step 1. A join storm (everyone opening the board at once, each with nothing)
	 * costs one encoding of the document, not one per person: the frame is kept until the next change.
	 */
	sendStep2(conn: Connection, stateVector: Uint8Array): void {
		if (!this.settle()) return;
		if (stateVector.byteLength === 1 && stateVector[0] === 0) {
			this.#fullState ??= prepareFrame(syncStep2Frame(Y.encodeStateAsUpdate(this.doc)));
			return conn.sendPrepared(this.#fullState);
		}
		conn.send(syncStep2Frame(Y.encodeStateAsUpdate(this.doc, stateVector)));
	}

	receiveUpdate(conn: Connection, update: Uint8Array): void {
		if (conn.readOnly) {
			// Nothing new (a sync reply, with the deletions the browser has seen) is fine; new content
			// is an edit this person may not make, usually one made offline before their rights
			// changed: they are told, and keep it.
			const verdict = checkUpdate(update, this.doc);
			if (verdict.ok && changesNothing(verdict.diff, this.doc, verdict.decoded)) return;
			conn.droppedWrites++;
			return conn.fail(CloseCode.ForbiddenWrite, 'write refused: you may only read this board');
		}
		const verdict = checkUpdate(update, this.doc);
		if (!verdict.ok) {
			return conn.fail(verdict.reason === 'malformed' ? CloseCode.MalformedMessage : CloseCode.MissingDependencies, `update refused: ${verdict.reason}`);
		}
		// a reconnecting browser's copy of what the board already has: nothing to store or send
		if (changesNothing(verdict.diff, this.doc, verdict.decoded)) return;
		const decoded = verdict.decoded ?? Y.decodeUpdate(verdict.diff);
		// A full board still takes deletions, so people can clean it up themselves.
		if (this.#budget === 'full' && decoded.structs.length > 0) {
			this.compact();
			if (this.#budget === 'full') return conn.fail(CloseCode.DocumentTooLarge, 'the board has reached its size limit');
		}
		const paths = this.deps.policy || this.deps.afterWrite ? touchedPaths(verdict.diff, this.doc, decoded) : [];
		if (this.deps.policy) {
			const refusal = this.deps.policy(paths, conn.identity, this.doc);
			if (refusal) return conn.fail(CloseCode.ForbiddenWrite, `write refused: ${refusal}`);
		}
		if (this.deps.admitWrite && !this.deps.admitWrite(conn.identity, verdict.diff.byteLength)) {
			return conn.fail(CloseCode.SlowDown, 'you are writing more than a board accepts per minute; your change is kept on your device');
		}
		if (this.#budget === 'ok' && this.storedBytes + verdict.diff.byteLength >= this.limits.docWarnBytes) {
			try {
				this.deps.keepRestorePoint?.(this, 'before-warning-size');
			} catch (error) {
				this.log(`collab: could not keep a restore point of ${this.name}: ${(error as Error).message}`);
			}
		}
		// the first write of a turn is stored on its own at once (a failure concerns its writer alone); later ones at the turn's end
		const now = !this.#turnOpen;
		let rowId = -1;
		if (now) {
			try {
				rowId = this.store.append(this.name, verdict.diff);
			} catch (error) {
				this.log(`collab: could not store an update to ${this.name}: ${(error as Error).message}`);
				return conn.close(CloseCode.StorageUnavailable, 'storage is unavailable; your change is kept on your device');
			}
		}
		try {
			Y.applyUpdate(this.doc, verdict.diff, conn);
			if (this.doc.store.pendingStructs || this.doc.store.pendingDs) throw new Error('update left pending content');
		} catch (error) {
			if (now) this.store.discard(this.name, rowId);
			this.log(`collab: update to ${this.name} failed to apply (${(error as Error).message}); reloading the room`);
			this.#reload();
			return;
		}
		this.#counted(verdict.diff);
		if (now) this.#queue(verdict.diff);
		else this.#defer(verdict.diff);
		if (this.deps.afterWrite) {
			try {
				this.deps.afterWrite(this, paths, conn.identity);
			} catch (error) {
				this.log(`collab: follow-up of a write to ${this.name} failed: ${(error as Error).message}`);
			}
		}
		if (this.#budget === 'full' && decoded.structs.length === 0) this.#scheduleCompaction();
		else this.#compactWhenDue();
	}

	/**
	 * Runs a change made by the server itself (seeding, revealing a round, stamping the author of a
	 * write) as one transaction, stores it and sends it to everyone. Within a busy turn it is stored
	 * with the turn's other writes; `settle()` stores it at once (services call both). If storage
	 * refuses it, the room reloads from disk and the error is thrown, so nothing unstored stays in
	 * memory.
	 */
	serverTransact(fn: (doc: Y.Doc) => void): void {
		let update: Uint8Array | null = null;
		const capture = (u: Uint8Array, origin: unknown) => {
			if (origin === SERVER_ORIGIN) update = u;
		};
		this.doc.on('update', capture);
		try {
			this.doc.transact(() => fn(this.doc), SERVER_ORIGIN);
		} finally {
			this.doc.off('update', capture);
		}
		if (!update) return;
		const change: Uint8Array = update;
		if (this.#turnOpen) {
			this.#counted(change);
			return this.#defer(change);
		}
		try {
			this.store.append(this.name, change);
		} catch (error) {
			this.log(`collab: could not store a server change to ${this.name}: ${(error as Error).message}`);
			this.#reload();
			throw error;
		}
		this.#counted(change);
		this.#queue(change);
	}

	/**
	 * Stores what this turn applied and has not stored yet, in one transaction. If storage refuses
	 * it, everyone is closed (their browsers keep their changes and send them again on reconnecting)
	 * and the room reloads from disk, so nobody is ever sent what is not stored; returns false.
	 */
	settle(): boolean {
		if (this.#destroyed) return false;
		if (this.#unstored.length === 0) return true;
		const batch = this.#unstored.splice(0);
		try {
			this.store.appendMany(this.name, batch);
			return true;
		} catch (error) {
			this.log(`collab: could not store ${batch.length} updates to ${this.name}: ${(error as Error).message}`);
			this.#reload();
			return false;
		}
	}

	/** Like `settle()`, for the server's own reads and writes: throws if storage refused. */
	settleOrThrow(): void {
		if (!this.settle()) throw new Error(`storage refused the changes to ${this.name}; the board was reloaded`);
	}

	#counted(update: Uint8Array): void {
		this.storedBytes += update.byteLength;
		this.#rowsSinceCompact++;
		this.#bytesSinceCompact += update.byteLength;
		this.#updateBudget();
	}

	/** Drops the document in memory (it holds something not stored): everyone reconnects to what is on disk. */
	#reload(): void {
		this.#unstored.length = 0;
		this.#outgoing.length = 0;
		this.closeAll(CloseCode.StorageUnavailable, 'the board is reloading');
		this.unload();
	}

	/** Starts the unload timer of a room nobody is connected to (after a server-side read or write). */
	releaseIfIdle(): void {
		if (this.connections.size === 0 && !this.#unloadTimer && !this.#destroyed) {
			this.#unloadTimer = setTimeout(() => this.unload(), this.limits.roomUnloadMs);
		}
	}

	/**
	 * Everything a turn of the event loop applies goes out at its end, once stored: the first update
	 * of a turn is stored on its own as it arrives (so a failed write is refused to its writer
	 * alone), the ones that follow are stored together in one transaction at the end of the turn.
	 * Then the turn's updates go out merged by at most MERGE_AT_MOST into messages that everyone
	 * receives, senders included (a client applying its own update again changes nothing), all of
	 * them in one socket write per person. Merging "the others' updates" per sender cost senders ×
	 * batch size, one merge of a whole backlog costs more than its size (Yjs sorts its inputs as it
	 * goes), one transaction per update cost more than the rest of the write, and sending the first
	 * update at once doubled the socket writes of a busy room: all grew with load until the server
	 * collapsed or lagged (docs/performance.md). Now the cost per update is flat however busy the turn.
	 */
	/** Sends an update already stored at the end of this turn, with the turn's others. */
	#queue(update: Uint8Array): void {
		this.#outgoing.push(update);
		if (this.#turnOpen) return;
		this.#turnOpen = true;
		setImmediate(() => this.#flushUpdates());
	}

	/** Stores and sends an update at the end of this turn, with the turn's others. */
	#defer(update: Uint8Array): void {
		this.#unstored.push(update);
		this.#queue(update);
	}

	#flushUpdates(): void {
		this.#turnOpen = false;
		if (!this.settle()) return;
		const batch = this.#outgoing.splice(0);
		if (batch.length === 0 || this.connections.size === 0) return;
		const messages: Uint8Array[] = [];
		for (let i = 0; i < batch.length; i += MERGE_AT_MOST) {
			const part = batch.slice(i, i + MERGE_AT_MOST);
			messages.push(updateFrame(part.length === 1 ? part[0] : Y.mergeUpdates(part)));
		}
		this.#broadcastPrepared(prepareFrames(messages));
	}

	broadcast(frame: Uint8Array): void {
		// framed once, and only if someone is there to receive it
		if (this.connections.size > 0) this.#broadcastPrepared(prepareFrame(frame));
	}

	#broadcastPrepared(prepared: PreparedFrame): void {
		for (const conn of this.connections) conn.sendPrepared(prepared);
	}

	setOnline(online: OnlineMember[]): void {
		this.#online = online;
		this.#publishServerState();
	}

	#publishServerState(): void {
		this.presence.setServerState({ server: { online: this.#online, budget: this.#budget } });
	}

	#budgetFor(bytes: number): BudgetState {
		if (bytes >= this.limits.docMaxBytes) return 'full';
		if (bytes >= this.limits.docWarnBytes) return 'warn';
		return 'ok';
	}

	#updateBudget(): void {
		const budget = this.#budgetFor(this.storedBytes);
		if (budget !== this.#budget) {
			this.#budget = budget;
			this.#publishServerState();
		}
	}

	/**
	 * Compaction rewrites the whole document, so it waits until the log is worth it: past the row
	 * or byte threshold *and* at least half the size of the last snapshot (so its cost stays in
	 * proportion to what was written, even for large boards under heavy load), or past a hard cap
	 * of rows that keeps cold loads short.
	 */
	#shouldCompact(): boolean {
		const rows = this.#rowsSinceCompact;
		const bytes = this.#bytesSinceCompact;
		if (this.#pastHardCap()) return true;
		const over = rows > this.limits.compactAfterRows || bytes > this.limits.compactAfterBytes;
		return over && bytes * 2 >= this.storedBytes - bytes;
	}

	#pastHardCap(): boolean {
		return this.#rowsSinceCompact > this.limits.compactAfterRows * 20;
	}

	/**
	 * Folds the log when it is worth it (`#shouldCompact`), once the board has been quiet for
	 * COMPACT_WHEN_QUIET_MS; past the hard cap, at once. Every write pushes the quiet moment back.
	 */
	#compactWhenDue(): void {
		if (this.#pastHardCap()) return this.#scheduleCompaction();
		if (this.#quietTimer) return void this.#quietTimer.refresh();
		if (!this.#shouldCompact()) return;
		this.#quietTimer = setTimeout(() => {
			this.#quietTimer = null;
			if (!this.#destroyed && this.#shouldCompact()) this.#scheduleCompaction();
		}, COMPACT_WHEN_QUIET_MS);
	}

	/** `whenDone`: if one is running, run again once it is done (the last person left, whatever the thresholds say). */
	#scheduleCompaction(whenDone = false): void {
		if (this.#compacting) {
			if (whenDone) this.#compactAgain = true;
			return;
		}
		if (this.#compactScheduled) return;
		if (this.#compactInBackground()) return;
		this.#compactScheduled = true;
		setImmediate(() => {
			this.#compactScheduled = false;
			if (!this.#destroyed) this.compact();
		});
	}

	/**
	 * Hands the compaction to the storage worker, so the board is not decoded and re-encoded on the
	 * thread that serves everyone. What is appended meanwhile stays in the log and counts towards
	 * the next compaction.
	 */
	#compactInBackground(): boolean {
		// the worker folds what is on disk: this turn's writes go there first
		if (!this.settle()) return true;
		const rows = this.#rowsSinceCompact;
		const bytes = this.#bytesSinceCompact;
		const stored = this.storedBytes;
		const pending = this.deps.background?.(this.name);
		if (!pending) return false;
		this.#compacting = true;
		pending.then(
			({ after }) => {
				this.#compacting = false;
				if (this.#destroyed) return;
				this.storedBytes = after + Math.max(0, this.storedBytes - stored);
				this.#rowsSinceCompact = Math.max(0, this.#rowsSinceCompact - rows);
				this.#bytesSinceCompact = Math.max(0, this.#bytesSinceCompact - bytes);
				this.#updateBudget();
				// what arrived while it merged may already be worth another pass: do not wait for the next edit
				const again = this.#compactAgain;
				this.#compactAgain = false;
				if (again) this.#scheduleCompaction();
				else this.#compactWhenDue();
			},
			(error: Error) => {
				this.#compacting = false;
				this.#compactAgain = false;
				if (!this.#destroyed) this.log(`collab: background compaction of ${this.name} failed, the update log is kept: ${error.message}`);
			}
		);
		return true;
	}

	/** Folds the stored update log into one snapshot, from what is on disk. Failure keeps the log. */
	compact(): void {
		if (!this.settle()) return;
		try {
			const { after } = this.store.compact(this.name, mergeParts);
			this.storedBytes = after;
			this.#rowsSinceCompact = 0;
			this.#bytesSinceCompact = 0;
			this.#updateBudget();
		} catch (error) {
			this.log(`collab: compaction of ${this.name} failed, the update log is kept: ${(error as Error).message}`);
		}
	}

	closeAll(code: number, reason: string): void {
		for (const conn of [...this.connections]) conn.close(code, reason);
	}

	unload(): void {
		if (this.#destroyed) return;
		// what this turn applied is stored before the document goes (a failure reloads it, and ends here)
		this.settle();
		if (this.#destroyed) return;
		this.#destroyed = true;
		this.cancelUnload();
		if (this.#quietTimer) clearTimeout(this.#quietTimer);
		this.presence.destroy();
		this.doc.destroy();
		this.deps.onUnload(this);
	}
}
