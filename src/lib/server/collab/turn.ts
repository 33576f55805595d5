import * as Y from 'yjs';
import { updateFrame } from './messages';
import type { DocumentStore, Logger } from './types';

/**
 * Updates of one turn merged into one message, at most. Yjs's merge costs more than the sum of its
 * parts on large inputs (2,048 small updates: ~330 ms; in 64 merges of 32, ~5 ms); sixteen keeps a
 * busy turn's messages few and the cost per update flat.
 */
export const MERGE_AT_MOST = 16;

export interface TurnDeps {
	name: string;
	store: DocumentStore;
	log: Logger;
	/** Storage refused this turn's writes: the room drops its document and everyone reconnects. */
	storageFailed(): void;
	/** Whether anyone is connected to receive this turn's updates (if not, they are not even merged). */
	anyoneThere(): boolean;
	/** Sends this turn's update messages to everyone in the room, in one socket write each. */
	send(messages: Uint8Array[]): void;
	/** The row ids the turn's writes were stored under. */
	storedAs?(ids: number[]): void;
}

/**
 * One room's writes within a turn of the event loop. Everything a turn applies goes out at its end,
 * once stored: the first update of a turn is stored on its own as it arrives (so a failed write is
 * refused to its writer alone), the ones that follow are stored together in one transaction at the
 * end of the turn. Then the turn's updates go out merged by at most MERGE_AT_MOST into messages that
 * everyone receives, senders included (a client applying its own update again changes nothing), all
 * of them in one socket write per person. Merging "the others' updates" per sender cost senders ×
 * batch size, one merge of a whole backlog costs more than its size (Yjs sorts its inputs as it
 * goes), one transaction per update cost more than the rest of the write, and sending the first
 * update at once doubled the socket writes of a busy room: all grew with load until the server
 * collapsed or lagged (docs/performance.md). Now the cost per update is flat however busy the turn.
 */
export class Turn {
	/** Applied in this turn, sent at its end. */
	readonly #outgoing: Uint8Array[] = [];
	/** Applied in this turn and not yet on disk: stored by `settle()`, before anyone sees them. */
	readonly #unstored: Uint8Array[] = [];
	#open = false;

	constructor(private readonly deps: TurnDeps) {}

	/** This turn has applied an update already: what follows is stored and sent at its end. */
	get open(): boolean {
		return this.#open;
	}

	/** Sends an update already stored at the end of this turn, with the turn's others. */
	stored(update: Uint8Array): void {
		this.#outgoing.push(update);
		if (this.#open) return;
		this.#open = true;
		setImmediate(() => this.#end());
	}

	/** Stores and sends an update at the end of this turn, with the turn's others. */
	unstored(update: Uint8Array): void {
		this.#unstored.push(update);
		this.stored(update);
	}

	/**
	 * Stores what this turn applied and has not stored yet, in one transaction. If storage refuses
	 * it, the room is told (it closes everyone, whose browsers keep their changes and send them
	 * again on reconnecting, and reloads from disk), so nobody is ever sent what is not stored.
	 */
	settle(): boolean {
		if (this.#unstored.length === 0) return true;
		const batch = this.#unstored.splice(0);
		try {
			const ids = this.deps.store.appendMany(this.deps.name, batch);
			this.deps.storedAs?.(ids);
			return true;
		} catch (error) {
			this.deps.log(`collab: could not store ${batch.length} updates to ${this.deps.name}: ${(error as Error).message}`);
			this.drop();
			this.deps.storageFailed();
			return false;
		}
	}

	/** Forgets what this turn applied (the room is reloading from disk). */
	drop(): void {
		this.#unstored.length = 0;
		this.#outgoing.length = 0;
	}

	#end(): void {
		this.#open = false;
		if (!this.settle()) return;
		const batch = this.#outgoing.splice(0);
		if (batch.length === 0 || !this.deps.anyoneThere()) return;
		const messages: Uint8Array[] = [];
		for (let i = 0; i < batch.length; i += MERGE_AT_MOST) {
			const part = batch.slice(i, i + MERGE_AT_MOST);
			messages.push(updateFrame(part.length === 1 ? part[0] : Y.mergeUpdates(part)));
		}
		this.deps.send(messages);
	}
}
