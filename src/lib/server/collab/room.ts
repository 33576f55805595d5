import * as Y from 'yjs';
import { CloseCode } from '../../collab/close-codes';
import type { BudgetState, OnlineMember } from '../../collab/protocol';
import { serverOrigin } from '../../collab/origins';
import { admitUpdate, type AdmissionRules } from './admission';
import { CompactionSchedule } from './compaction';
import type { Connection } from './connection';
import { syncStep1Frame, syncStep2Frame } from './messages';
import { prepareFrame, prepareFrames, type PreparedFrame } from './prepared-frame';
import { PresenceRelay } from './presence-relay';
import { LogCursor } from './log-cursor';
import type { AfterWrite, BackgroundCompaction, BoardHandle, ClusterLink, CollabLimits, ConnectionIdentity, DocumentStore, Logger, RemoteUpdates, WritePolicy } from './types';
import { Turn } from './turn';

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
	keepRestorePoint?: ((room: BoardHandle, reason: 'before-warning-size') => void) | null;
	/** Several nodes on one database: the other nodes' updates and presence (null on one node). */
	cluster?: ClusterLink | null;
	/** Told after another node's updates were applied here. */
	changedElsewhere?: ((room: BoardHandle) => void) | null;
}

/** The origin of updates another node stored, applied here. */
export const remoteOrigin = Symbol('another node');

/**
 * One loaded board: its Y.Doc, its connections and its presence. The document is loaded from
 * storage synchronously in the constructor, so no client ever sees it empty. An update is checked,
 * applied, written to storage and only then sent to anyone: the first of a turn of the event loop
 * is stored at once, the ones that follow in the same turn together in one transaction at its end;
 * then the turn's updates go out together (docs/performance.md).
 */
export class Room implements BoardHandle {
	readonly doc = new Y.Doc();
	readonly connections = new Set<Connection>();
	readonly presence: PresenceRelay;
	storedBytes = 0;
	/** This turn's writes: stored, then sent at its end (turn.ts). */
	readonly #turn: Turn;
	readonly #compaction: CompactionSchedule;
	readonly #admission: AdmissionRules;
	#unloadTimer: ReturnType<typeof setTimeout> | null = null;
	#online: OnlineMember[] = [];
	#budget: BudgetState = 'ok';
	#destroyed = false;
	/** The whole document encoded once per version: what every newcomer with nothing asks for. */
	#fullState: PreparedFrame | null = null;
	/** How far the shared log is applied here: several nodes only (one node's ids are not a board's own). */
	readonly #cursor: LogCursor | null;
	#leaveCluster: (() => void) | null = null;
	#expireTimer: ReturnType<typeof setInterval> | null = null;
	#reading = false;
	#readAgain = false;

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
		this.#budget = this.#budgetFor(this.storedBytes);
		const cluster = deps.cluster ?? null;
		this.presence = new PresenceRelay(
			{ stateMaxBytes: limits.awarenessStateMaxBytes, ratePerSecond: limits.awarenessRatePerSecond, flushMs: limits.awarenessFlushMs },
			(frame) => this.broadcast(frame),
			cluster && ((records) => cluster.publishPresence(name, records))
		);
		this.#cursor = cluster ? new LogCursor(stored.lastId ?? 0) : null;
		this.#turn = new Turn({
			name,
			store,
			log: deps.log,
			storageFailed: () => this.#reload(),
			anyoneThere: () => !this.#destroyed && this.connections.size > 0,
			send: (messages) => this.#broadcastPrepared(prepareFrames(messages)),
			storedAs: (ids) => ids.forEach((id) => this.#cursor?.own(id))
		});
		this.#admission = { policy: deps.policy, needsPaths: Boolean(deps.policy || deps.afterWrite), admitWrite: deps.admitWrite };
		this.#compaction = new CompactionSchedule(this, { store, limits, log: deps.log, background: deps.background }, stored.updates.length);
		if (cluster) {
			// joined in the same turn as the load: a notice of anything stored after it reaches this room
			this.#leaveCluster = cluster.join(name, { stored: (lastId, data) => this.#remoteStored(lastId, data), presence: (records) => this.presence.receiveRemote(records) });
			this.#expireTimer = setInterval(() => this.presence.expireRemote(), 5_000);
			this.#expireTimer.unref();
		}
	}

	/**
	 * Another node stored updates to this board. The next one in order, when it came with its notice,
	 * is applied at once; otherwise what follows what is applied here is read from the log (one read
	 * at a time).
	 */
	#remoteStored(lastId: number, data?: Uint8Array): void {
		const cursor = this.#cursor;
		if (this.#destroyed || !cursor || lastId <= cursor.applied) return;
		if (data && !this.#reading && lastId === cursor.next) return this.#applyRemote({ snapshot: null, updates: [{ id: lastId, data }] });
		if (this.#reading) {
			this.#readAgain = true;
			return;
		}
		this.#reading = true;
		this.deps.cluster!.readAfter(this.name, cursor.applied)
			.then(
				(remote) => this.#applyRemote(remote),
				(error: Error) => this.log(`collab: could not read other nodes' updates to ${this.name} (${error.message}); trying again at the next one`)
			)
			.finally(() => {
				this.#reading = false;
				if (this.#readAgain) {
					this.#readAgain = false;
					this.#remoteStored(Number.MAX_SAFE_INTEGER);
				}
			});
	}

	/** Applies another node's stored updates, each once and in order, and sends them on with this turn's. */
	#applyRemote({ snapshot, updates }: RemoteUpdates): void {
		if (this.#destroyed || !this.#cursor) return;
		const { apply, complete } = this.#cursor.take(updates);
		try {
			if (!complete && snapshot) {
				// some were folded before they were read: the snapshot brings them (what is here already changes nothing)
				const before = Y.encodeStateVector(this.doc);
				Y.applyUpdate(this.doc, snapshot, remoteOrigin);
				for (const u of apply) Y.applyUpdate(this.doc, u.data, remoteOrigin);
				const diff = Y.encodeStateAsUpdate(this.doc, before);
				this.#counted(diff);
				this.#turn.stored(diff);
			} else {
				for (const u of apply) {
					Y.applyUpdate(this.doc, u.data, remoteOrigin);
					this.#counted(u.data);
					this.#turn.stored(u.data);
				}
			}
			if (this.doc.store.pendingStructs || this.doc.store.pendingDs) throw new Error('left pending content');
			if (apply.length > 0 || !complete) this.deps.changedElsewhere?.(this);
		} catch (error) {
			this.log(`collab: another node's update to ${this.name} failed to apply (${(error as Error).message}); reloading the room`);
			this.#reload();
		}
	}

	get destroyed(): boolean {
		return this.#destroyed;
	}

	/** How close the board is to its size limit. */
	get budget(): BudgetState {
		return this.#budget;
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
			if (this.#compaction.pendingRows > 0) this.#compaction.schedule(true);
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
		const admitted = admitUpdate(this, conn, update, this.#admission);
		if (!admitted) return;
		const { diff, decoded, paths } = admitted;
		if (this.#budget === 'ok' && this.storedBytes + diff.byteLength >= this.limits.docWarnBytes) {
			try {
				this.deps.keepRestorePoint?.(this, 'before-warning-size');
			} catch (error) {
				this.log(`collab: could not keep a restore point of ${this.name}: ${(error as Error).message}`);
			}
		}
		// the first write of a turn is stored on its own at once (a failure concerns its writer alone); later ones at the turn's end
		const now = !this.#turn.open;
		let rowId = -1;
		if (now) {
			try {
				rowId = this.store.append(this.name, diff);
				this.#cursor?.own(rowId);
			} catch (error) {
				this.log(`collab: could not store an update to ${this.name}: ${(error as Error).message}`);
				return conn.close(CloseCode.StorageUnavailable, 'storage is unavailable; your change is kept on your device');
			}
		}
		try {
			Y.applyUpdate(this.doc, diff, conn);
			if (this.doc.store.pendingStructs || this.doc.store.pendingDs) throw new Error('update left pending content');
		} catch (error) {
			if (now) this.store.discard(this.name, rowId);
			this.log(`collab: update to ${this.name} failed to apply (${(error as Error).message}); reloading the room`);
			this.#reload();
			return;
		}
		this.#counted(diff);
		if (now) this.#turn.stored(diff);
		else this.#turn.unstored(diff);
		if (this.deps.afterWrite) {
			try {
				this.deps.afterWrite(this, paths, conn.identity);
			} catch (error) {
				this.log(`collab: follow-up of a write to ${this.name} failed: ${(error as Error).message}`);
			}
		}
		if (this.#budget === 'full' && decoded.structs.length === 0) this.#compaction.schedule();
		else this.#compaction.whenDue();
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
			if (origin === serverOrigin) update = u;
		};
		this.doc.on('update', capture);
		try {
			this.doc.transact(() => fn(this.doc), serverOrigin);
		} finally {
			this.doc.off('update', capture);
		}
		if (!update) return;
		const change: Uint8Array = update;
		if (this.#turn.open) {
			this.#counted(change);
			return this.#turn.unstored(change);
		}
		try {
			const rowId = this.store.append(this.name, change);
			this.#cursor?.own(rowId);
		} catch (error) {
			this.log(`collab: could not store a server change to ${this.name}: ${(error as Error).message}`);
			this.#reload();
			throw error;
		}
		this.#counted(change);
		this.#turn.stored(change);
	}

	/** Stores what this turn applied and has not stored yet; false if storage refused (the room then reloads). */
	settle(): boolean {
		return !this.#destroyed && this.#turn.settle();
	}

	/** Like `settle()`, for the server's own reads and writes: throws if storage refused. */
	settleOrThrow(): void {
		if (!this.settle()) throw new Error(`storage refused the changes to ${this.name}; the board was reloaded`);
	}

	#counted(update: Uint8Array): void {
		this.storedBytes += update.byteLength;
		this.#compaction.counted(update.byteLength);
		this.resized();
	}

	/** Drops the document in memory (it holds something not stored): everyone reconnects to what is on disk. */
	#reload(): void {
		this.#turn.drop();
		this.closeAll(CloseCode.StorageUnavailable, 'the board is reloading');
		this.unload();
	}

	/** Starts the unload timer of a room nobody is connected to (after a server-side read or write). */
	releaseIfIdle(): void {
		if (this.connections.size === 0 && !this.#unloadTimer && !this.#destroyed) {
			this.#unloadTimer = setTimeout(() => this.unload(), this.limits.roomUnloadMs);
		}
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
		return bytes >= this.limits.docMaxBytes ? 'full' : bytes >= this.limits.docWarnBytes ? 'warn' : 'ok';
	}

	/** The stored size changed: the size budget follows (and everyone is told when it moves). */
	resized(): void {
		const budget = this.#budgetFor(this.storedBytes);
		if (budget !== this.#budget) {
			this.#budget = budget;
			this.#publishServerState();
		}
	}

	/** Folds the stored update log into one snapshot now, from what is on disk. Failure keeps the log. */
	compact(): void {
		this.#compaction.now();
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
		this.#leaveCluster?.();
		if (this.#expireTimer) clearInterval(this.#expireTimer);
		this.#compaction.destroy();
		this.presence.destroy();
		this.doc.destroy();
		this.deps.onUnload(this);
	}
}
