import * as decoding from 'lib0/decoding';
import { SERVER_AWARENESS_ID, type PresenceIdentity } from '../../collab/protocol';
import { awarenessFrame, type PresenceRecord } from './messages';

/** What the relay needs to know of a connection. */
export interface PresenceOwner {
	readonly identity: PresenceIdentity;
	/** The one presence id this connection may publish, bound by its first non-empty state. */
	presenceId: number | null;
	/** Token bucket for the rate limit. */
	presenceTokens: number;
	presenceRefilledAt: number;
	noteViolation(kind: PresenceViolation): void;
}

export type PresenceViolation = 'spoofed-id' | 'state-too-large' | 'rate-limited' | 'not-an-object';

export interface PresenceLimits {
	stateMaxBytes: number;
	ratePerSecond: number;
	flushMs: number;
}

interface Entry extends PresenceRecord {
	owner: PresenceOwner | null;
	/** For a state relayed by another node: when it was last heard of (it expires if not renewed). */
	remoteAt?: number;
}

/** A stock client renews its state every 15 s: a state from another node not heard of for this long is gone (its node, say). */
export const REMOTE_PRESENCE_TTL_MS = 35_000;

const MAX_ENTRIES_PER_MESSAGE = 64;

/** How many broadcasts a room may send within `flushMs` before presence is gathered. */
export const PRESENCE_BURST = 4;

/** Removed states remembered per room, to tell a late echo from a forgery (a few bytes each). */
export const GONE_KEPT = 1024;

/**
 * The presence (awareness) of one room, policed and coalesced:
 * - each connection publishes under exactly one client id; other ids it sends are ignored;
 * - the server writes the connection's authenticated identity into its state (names cannot be faked);
 * - states over the size limit and messages over the rate limit are ignored;
 * - a change goes out at once (with whatever arrived in the same turn of the event loop) unless the
 *   room has already sent PRESENCE_BURST broadcasts within `flushMs`: only then, under load, are
 *   changes gathered, and go out as one message to everyone when the oldest of those leaves the window.
 */
export class PresenceRelay {
	readonly #entries = new Map<number, Entry>();
	readonly #dirty = new Set<number>();
	/**
	 * The last clock of states removed and relayed (a person left): a stock client may still echo
	 * such a state once it has already been removed here, and that echo is not an attempt to speak
	 * for someone. The oldest are forgotten past GONE_KEPT.
	 */
	readonly #gone = new Map<number, number>();
	/** Cancels the pending flush, if one is pending. */
	#pending: (() => void) | null = null;
	/** When the last PRESENCE_BURST broadcasts went out, oldest first. */
	readonly #recentFlushes: number[] = [];
	#serverClock = 0;

	constructor(
		private readonly limits: PresenceLimits,
		private readonly broadcast: (frame: Uint8Array) => void,
		/** Several nodes: the states of this node's connections, as they go out, for the other nodes. */
		private readonly publish: ((records: PresenceRecord[]) => void) | null = null
	) {}

	/**
	 * States relayed by another node, which policed them: they go out to this node's connections, and a
	 * connection here cannot take their ids. A removal, or no renewal for REMOTE_PRESENCE_TTL_MS, ends them.
	 */
	receiveRemote(records: readonly PresenceRecord[], now = Date.now()): void {
		for (const { clientId, clock, json } of records) {
			const current = this.#entries.get(clientId);
			if (clientId === SERVER_AWARENESS_ID || (current && current.remoteAt === undefined)) continue;
			if (current && current.clock > clock) continue;
			this.#set({ clientId, clock, json, owner: null, remoteAt: now });
		}
	}

	/** Ends the states of other nodes not renewed in time. */
	expireRemote(now = Date.now()): void {
		for (const entry of this.#entries.values()) {
			if (entry.remoteAt !== undefined && entry.json !== null && now - entry.remoteAt > REMOTE_PRESENCE_TTL_MS) {
				this.#set({ clientId: entry.clientId, clock: entry.clock + 1, json: null, owner: null, remoteAt: now });
			}
		}
	}

	/** Applies one awareness update from a connection. Throws if it does not decode. */
	receive(owner: PresenceOwner, update: Uint8Array, now = Date.now()): void {
		const refill = ((now - owner.presenceRefilledAt) / 1000) * this.limits.ratePerSecond;
		owner.presenceTokens = Math.min(this.limits.ratePerSecond * 2, owner.presenceTokens + refill);
		owner.presenceRefilledAt = now;
		const decoder = decoding.createDecoder(update);
		const count = decoding.readVarUint(decoder);
		if (count > MAX_ENTRIES_PER_MESSAGE) throw new Error('too many presence entries');
		const records: { clientId: number; clock: number; json: string }[] = [];
		for (let i = 0; i < count; i++) {
			records.push({ clientId: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), json: decoding.readVarString(decoder) });
		}
		// Only what a connection says about itself costs from its budget: the stock client echoes every
		// presence message it receives, so in a busy room the echoes alone would exhaust it.
		const own = records.filter((r) => owner.presenceId === null || r.clientId === owner.presenceId);
		for (const record of records) if (!own.includes(record)) this.#accept(owner, record);
		if (own.length === 0) return;
		if (owner.presenceTokens < 1) {
			owner.noteViolation('rate-limited');
			return;
		}
		owner.presenceTokens -= 1;
		for (const record of own) this.#accept(owner, record);
	}

	#accept(owner: PresenceOwner, { clientId, clock, json }: { clientId: number; clock: number; json: string }): void {
		const removing = json === 'null';
		if (owner.presenceId === null && !removing) {
			const held = this.#entries.get(clientId);
			const heldByOther = held && (held.remoteAt !== undefined ? held.json !== null : held.owner && held.owner !== owner);
			if (clientId === SERVER_AWARENESS_ID || heldByOther) return owner.noteViolation('spoofed-id');
			owner.presenceId = clientId;
			this.#gone.delete(clientId);
		}
		if (clientId !== owner.presenceId) {
			// The stock client echoes every presence it receives (same id, clock already seen) and relays
			// removals of states that timed out: both harmless. Anything else is an attempt to speak for someone.
			const heldClock = this.#entries.get(clientId)?.clock ?? this.#gone.get(clientId);
			if (!removing && !(heldClock !== undefined && clock <= heldClock)) owner.noteViolation('spoofed-id');
			return;
		}
		const current = this.#entries.get(clientId);
		if (current && (current.clock > clock || (current.clock === clock && !(removing && current.json !== null)))) return;
		if (removing) {
			this.#set({ clientId, clock, json: null, owner });
			return;
		}
		if (json.length > this.limits.stateMaxBytes) return owner.noteViolation('state-too-large');
		let state: unknown;
		try {
			state = JSON.parse(json);
		} catch {
			return owner.noteViolation('not-an-object');
		}
		if (!state || typeof state !== 'object' || Array.isArray(state)) return owner.noteViolation('not-an-object');
		// Only these fields are published: never the session, the address or anything else the server knows.
		const { userId, name, agencyId, colour, role } = owner.identity;
		this.#set({ clientId, clock, json: JSON.stringify({ ...state, user: { userId, name, agencyId, colour, color: colour, role } }), owner });
	}

	#set(entry: Entry): void {
		this.#entries.set(entry.clientId, entry);
		this.#dirty.add(entry.clientId);
		this.#schedule();
	}

	/** The server's own entry: facts only the server knows (who is online, the size budget). */
	setServerState(state: object): void {
		this.#set({ clientId: SERVER_AWARENESS_ID, clock: ++this.#serverClock, json: JSON.stringify(state), owner: null });
	}

	/** A connection left: its state is removed for everyone. */
	removeOwner(owner: PresenceOwner): void {
		if (owner.presenceId === null) return;
		const entry = this.#entries.get(owner.presenceId);
		if (entry && entry.owner === owner && entry.json !== null) this.#set({ clientId: entry.clientId, clock: entry.clock + 1, json: null, owner });
	}

	/** Every present state, for a newcomer or a query. */
	snapshotFrame(): Uint8Array | null {
		const present = [...this.#entries.values()].filter((e) => e.json !== null);
		return present.length > 0 ? awarenessFrame(present) : null;
	}

	get size(): number {
		return this.#entries.size;
	}

	/**
	 * At the end of this turn of the event loop (what arrived in the same turn goes with it), unless
	 * the room is busy: PRESENCE_BURST broadcasts within `flushMs` already. Then changes are gathered
	 * until the oldest of those is `flushMs` old, so a room where everyone moves at once costs at most
	 * PRESENCE_BURST messages per `flushMs`, while presence spread over time is relayed without delay.
	 */
	#schedule(): void {
		if (this.#pending) return;
		const window = this.#recentFlushes;
		const wait = window.length < PRESENCE_BURST ? 0 : this.limits.flushMs - (Date.now() - window[0]);
		if (wait <= 0) {
			const immediate = setImmediate(() => this.flush());
			this.#pending = () => clearImmediate(immediate);
		} else {
			const timer = setTimeout(() => this.flush(), wait);
			this.#pending = () => clearTimeout(timer);
		}
	}

	flush(): void {
		this.#pending?.();
		this.#pending = null;
		if (this.#dirty.size === 0) return;
		this.#recentFlushes.push(Date.now());
		if (this.#recentFlushes.length > PRESENCE_BURST) this.#recentFlushes.shift();
		const records: Entry[] = [];
		for (const id of this.#dirty) {
			const entry = this.#entries.get(id);
			if (!entry) continue;
			records.push(entry);
			if (entry.json === null) this.#forget(entry);
		}
		this.#dirty.clear();
		this.broadcast(awarenessFrame(records));
		if (this.publish) {
			const mine = records.filter((r) => r.owner !== null);
			if (mine.length > 0) this.publish(mine.map(({ clientId, clock, json }) => ({ clientId, clock, json })));
		}
	}

	#forget(entry: Entry): void {
		this.#entries.delete(entry.clientId);
		this.#gone.set(entry.clientId, entry.clock);
		if (this.#gone.size > GONE_KEPT) this.#gone.delete(this.#gone.keys().next().value!);
	}

	destroy(): void {
		this.#pending?.();
		this.#pending = null;
		this.#entries.clear();
		this.#gone.clear();
		this.#dirty.clear();
	}
}
