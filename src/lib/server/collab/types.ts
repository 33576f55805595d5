import type { IncomingMessage } from 'node:http';
import type * as Y from 'yjs';
import type { AccessRefusal } from '../../collab/close-codes';
import type { OnlineMember, PresenceIdentity } from '../../collab/protocol';
import type { UpdatePath } from './update-paths';

/**
 * The collaboration engine's vocabulary: what it is given (limits, storage, hooks) and what it
 * hands to the hooks. The engine knows rooms by a space (a workshop) and a board name, and knows
 * nothing of what a board holds or who may write it: the application says so through `CollabHooks`
 * (docs/architecture.md, "Adding a board").
 */

export type Logger = (line: string) => void;

/** Who is on the other end of a socket, as the application authorised them. */
export interface ConnectionIdentity extends PresenceIdentity {
	sessionId: string;
	workshopId: string;
	board: string;
	address: string | null;
}

export interface CollabLimits {
	/** Largest WebSocket frame accepted; larger ones close the connection with 1009. */
	maxMessageBytes: number;
	/** A document past this many stored bytes tells its users it is getting large. */
	docWarnBytes: number;
	/** A document past this many stored bytes refuses further writes. */
	docMaxBytes: number;
	/** How long an empty room stays in memory before it is unloaded. */
	roomUnloadMs: number;
	/** Boards loaded at once; past it, opening another board is refused (503) until one unloads. */
	maxRooms: number;
	/** Largest presence state (JSON) a client may publish. */
	awarenessStateMaxBytes: number;
	/** Presence messages per second per connection (burst allowed up to twice this). */
	awarenessRatePerSecond: number;
	/** How long presence changes are gathered before one broadcast per room. */
	awarenessFlushMs: number;
	/** Update-log rows or bytes that trigger a compaction into a snapshot. */
	compactAfterRows: number;
	compactAfterBytes: number;
	/** What one person may write to boards per minute (bytes, and updates); the excess is refused with 1013. */
	writeBytesPerMinute: number;
	writesPerMinute: number;
	/** Open board connections one person may hold at once (across tabs and devices). */
	maxConnectionsPerPerson: number;
	/** How often idle sockets are pinged; one that has not answered the last ping is closed. */
	pingIntervalMs: number;
}

export interface StoredDocument {
	snapshot: Uint8Array | null;
	updates: Uint8Array[];
	/** Bytes of the snapshot and the updates together. */
	bytes: number;
	/** The id of the last update in the log, folded or not (0 for none): where another node's updates follow on. */
	lastId?: number;
}

/** Where boards are kept: a snapshot and an append-only log of updates per document name. */
export interface DocumentStore {
	/** Everything stored for a document; empty for a new one. Throws if storage cannot be read. */
	load(name: string): StoredDocument;
	/** Appends one update durably; returns its row id. Throws if storage refuses the write. */
	append(name: string, update: Uint8Array): number;
	/** Appends several updates in one transaction: all of them, or none (and it throws). Returns their row ids. */
	appendMany(name: string, updates: readonly Uint8Array[]): number[];
	/** Removes an update appended by mistake (one the document then refused). */
	discard(name: string, rowId: number): void;
	/** Replaces the stored snapshot and updates by one merged snapshot, computed from what is stored. */
	compact(name: string, merge: (parts: Uint8Array[]) => Uint8Array): { before: number; after: number };
	/** Stores an initial snapshot for a new document. */
	seed(name: string, state: Uint8Array): void;
}

/** A loaded board as the hooks see it: its document, and the one way the server changes it. */
export interface BoardHandle {
	readonly name: string;
	readonly workshopId: string;
	readonly board: string;
	readonly doc: Y.Doc;
	/** One server transaction: stored with the turn's other writes, then sent to everyone. */
	serverTransact(fn: (doc: Y.Doc) => void): void;
}

/**
 * Which parts of a board a connection may write, checked on the server for every update before it
 * is stored. Returns the reason for a refusal, or null. Read-only connections never get this far:
 * their updates are refused before any policy runs. `doc` is the board as it is before the update.
 */
export type WritePolicy = (paths: readonly UpdatePath[], writer: ConnectionIdentity, doc: Y.Doc) => string | null;

/** What the server does after it accepted a write (stamping authors, a board's own follow-ups). */
export type AfterWrite = (board: BoardHandle, paths: readonly UpdatePath[], writer: ConnectionIdentity) => void;

/** A board's rules, asked for once each time its room loads. */
export interface BoardRules {
	policy: WritePolicy | null;
	afterWrite: AfterWrite | null;
}

export type Access = { ok: true; identity: ConnectionIdentity; readOnly: boolean } | { ok: false; refusal: AccessRefusal };

/** Compacts a stored board elsewhere (a worker thread); null when it cannot, and the room does it itself. */
export type BackgroundCompaction = (name: string) => Promise<{ before: number; after: number; folded: number }> | null;

/** How the application plugs into the engine (as Hocuspocus's extensions do). */
export interface CollabHooks {
	/** The session token an upgrade request carries (a cookie, usually). */
	credentialsOf(headers: { cookie?: string }): string | null;
	/** Who may open `board` of `workshopId`, and whether they may write. Capacity is the engine's to check. */
	authorise(workshopId: string, board: string, origin: string | undefined, token: string | null): Access;
	/** The write policy and after-write follow-ups of a board, asked for when its room loads. */
	rules(workshopId: string, board: string): BoardRules;
	/** A room was loaded from storage (an empty board may be seeded here); throwing refuses the load. */
	loaded?(board: BoardHandle): void;
	/** Updates another node stored were applied to a room here (several nodes): what the server keeps of that board may have changed. */
	changedElsewhere?(board: BoardHandle): void;
	/** Throws to refuse a change the server itself is about to make (a frozen board, say). */
	beforeServerWrite?(workshopId: string, board: string): void;
	/** Whether a session is still live (checked at each heartbeat); a dead one's sockets close with 4401. */
	sessionLive(sessionId: string): boolean;
	/** Counts a write against its author's budget; false refuses it (to that person only). */
	admitWrite?(writer: ConnectionIdentity, bytes: number): boolean;
	joined?(identity: ConnectionIdentity): void;
	left?(identity: ConnectionIdentity): void;
	/** A write was refused for lack of rights (reported once per connection). */
	writeRefused?(identity: ConnectionIdentity, reason: string): void;
	/** Keeps a board's state as a point it can be restored to (before it crosses its warning size). */
	keepRestorePoint?(board: BoardHandle, reason: 'before-warning-size'): void;
	/** Folds a board's stored log off the main thread; absent or null means the room does it. */
	compactInBackground?: BackgroundCompaction;
	/** The client address of a request (for the audit trail). */
	addressOf?(req: IncomingMessage): string | null;
	/** Called on each heartbeat (pruning per-minute budgets, say). */
	heartbeat?(): void;
}

/** Another node's updates to a board, read from the shared log after the ones applied here. */
export interface RemoteUpdates {
	/** The board's snapshot, when some of those updates were folded into it before they were read. */
	snapshot: Uint8Array | null;
	/** In id order. */
	updates: { id: number; data: Uint8Array }[];
}

/** A presence record as it travels between nodes (already policed by the node its owner reached). */
export interface RemotePresence {
	clientId: number;
	clock: number;
	json: string | null;
}

/** What one node tells the others beyond boards and presence: who must be disconnected, what changed. */
export type ClusterSignal =
	| { type: 'close-member'; workshopId: string; userId: string; code: number; reason: string }
	| { type: 'close-sessions'; sessionIds: string[] }
	| { type: 'board-state'; workshopId: string; key: string; value: unknown }
	/** Who is connected to a workshop through that node (sent on every change, and every ONLINE_REFRESH_MS). */
	| { type: 'online'; workshopId: string; node: string; members: OnlineMember[] }
	/** What each person wrote to boards through that node in the last second: writes and bytes. */
	| { type: 'spent'; spent: [userId: string, writes: number, bytes: number][] };

/** What a loaded room hears from the other nodes. */
export interface ClusterBoard {
	/** Another node stored updates to this board, up to this id; `data`: that update itself, when it travelled with the notice. */
	stored(lastId: number, data?: Uint8Array): void;
	presence(records: readonly RemotePresence[]): void;
}

/**
 * Several nodes on one database (cluster/postgres-cluster.ts). Null on a single node: then nothing
 * here is called and a room is exactly what it was.
 */
export interface ClusterLink {
	readonly nodeId: string;
	/** Follows a board while its room is loaded here; returns the way to stop. */
	join(name: string, board: ClusterBoard): () => void;
	readAfter(name: string, afterId: number): Promise<RemoteUpdates>;
	publishPresence(name: string, records: readonly RemotePresence[]): void;
	signal(signal: ClusterSignal): void;
	onSignal(handler: (signal: ClusterSignal) => void): void;
}

