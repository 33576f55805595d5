import * as decoding from 'lib0/decoding';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../../collab/close-codes';
import { MessageType, SyncStep } from '../../collab/protocol';
import { sendPrepared, type PreparedFrame } from './prepared-frame';
import type { PresenceOwner, PresenceViolation } from './presence-relay';
import type { ConnectionIdentity, Logger } from './types';

/** Where a connection's messages go: the room it joined (which knows connections, not the reverse). */
export interface MessageSink {
	sendStep2(conn: Connection, stateVector: Uint8Array): void;
	receiveUpdate(conn: Connection, update: Uint8Array): void;
	readonly presence: { receive(owner: PresenceOwner, update: Uint8Array): void; snapshotFrame(): Uint8Array | null };
}

/** What may wait to be sent to one socket before it is closed as too slow (far more than any board). */
export const MAX_BACKLOG_BYTES = 64 * 1024 * 1024;

/**
 * One WebSocket to one room. Decodes each frame (a fresh copy, so a truncated frame can never read
 * past its own end), dispatches by message type, and closes itself on the first bad frame with a
 * documented code and at most one log line.
 */
export class Connection implements PresenceOwner {
	presenceId: number | null = null;
	presenceTokens: number;
	presenceRefilledAt = Date.now();
	#logged = false;
	#closed = false;
	droppedWrites = 0;
	/** Told (once per connection) when a write of this connection is refused for lack of rights. */
	onWriteRefused: ((reason: string) => void) | null = null;

	constructor(
		readonly ws: WebSocket,
		readonly room: MessageSink,
		readonly identity: ConnectionIdentity,
		readonly readOnly: boolean,
		private readonly log: Logger,
		presenceBurst: number
	) {
		this.presenceTokens = presenceBurst;
		ws.on('message', (data, isBinary) => this.#onMessage(data as Buffer, isBinary));
	}

	get closed(): boolean {
		return this.#closed;
	}

	send(frame: Uint8Array): void {
		if (!this.#writable()) return;
		this.ws.send(frame, { binary: true });
	}

	/** Sends a frame encoded once for many (a broadcast, the whole board for newcomers). */
	sendPrepared(frame: PreparedFrame): void {
		if (!this.#writable()) return;
		sendPrepared(this.ws, frame);
	}

	/**
	 * Whether more may be queued for this socket. A reader that cannot keep up (a frozen tab, a
	 * dying link) is not given an ever-growing backlog: past `MAX_BACKLOG_BYTES` waiting to be sent,
	 * it is closed with 1013 and its browser reconnects and catches up with one sync.
	 */
	#writable(): boolean {
		if (this.#closed || this.ws.readyState !== this.ws.OPEN) return false;
		if (this.ws.bufferedAmount <= MAX_BACKLOG_BYTES) return true;
		this.#logOnce(`collab: closed ${this.identity.userId} on ${this.identity.workshopId}/${this.identity.board}: ${this.ws.bufferedAmount} bytes waiting to be sent (too slow a reader)`);
		this.close(CloseCode.SlowDown, 'you fell behind; reconnecting brings you up to date');
		return false;
	}

	close(code: number, reason: string): void {
		if (this.#closed) return;
		this.#closed = true;
		try {
			this.ws.close(code, reason.slice(0, 120));
		} catch {
			this.ws.terminate();
		}
	}

	/** Closes the connection because of something it sent; logs once per connection. */
	fail(code: number, reason: string): void {
		if (code === CloseCode.ForbiddenWrite && this.onWriteRefused) {
			const report = this.onWriteRefused;
			this.onWriteRefused = null;
			report(reason);
		}
		this.#logOnce(`collab: closed ${this.identity.userId} on ${this.identity.workshopId}/${this.identity.board}: ${reason} (${code})`);
		this.close(code, reason);
	}

	noteViolation(kind: PresenceViolation): void {
		this.#logOnce(`collab: ignored presence from ${this.identity.userId} on ${this.identity.workshopId}/${this.identity.board}: ${kind}`);
	}

	#logOnce(line: string): void {
		if (this.#logged) return;
		this.#logged = true;
		this.log(line);
	}

	#onMessage(data: Buffer, isBinary: boolean): void {
		if (this.#closed) return;
		if (!isBinary) return this.fail(CloseCode.MalformedMessage, 'text frames are not part of the protocol');
		const frame = new Uint8Array(data);
		try {
			const decoder = decoding.createDecoder(frame);
			const type = decoding.readVarUint(decoder);
			switch (type) {
				case MessageType.Sync: {
					const step = decoding.readVarUint(decoder);
					const payload = decoding.readVarUint8Array(decoder);
					if (step === SyncStep.Step1) {
						Y.decodeStateVector(payload);
						this.room.sendStep2(this, payload);
					} else if (step === SyncStep.Step2 || step === SyncStep.Update) {
						this.room.receiveUpdate(this, payload);
					} else {
						this.fail(CloseCode.MalformedMessage, `unknown sync step ${step}`);
					}
					return;
				}
				case MessageType.Awareness:
					this.room.presence.receive(this, decoding.readVarUint8Array(decoder));
					return;
				case MessageType.QueryAwareness: {
					const snapshot = this.room.presence.snapshotFrame();
					if (snapshot) this.send(snapshot);
					return;
				}
				default:
					this.fail(CloseCode.MalformedMessage, `unknown message type ${type}`);
			}
		} catch {
			this.fail(CloseCode.MalformedMessage, 'frame could not be decoded');
		}
	}
}
