import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CORE_BOARDS, documentName, isBoardId, isStepBoard, type BoardId } from '../../domain/boards';
import { lockRefusal, type Lock } from '../../domain/facilitation/locks';
import { LiveDoc } from '../../collab/live-doc';
import { canEditBoards } from '../../domain/roles';
import { WriteBudget } from '../../domain/write-budget';
import { CloseCode, REFUSAL_STATUS, type AccessRefusal } from '../../collab/close-codes';
import type { OnlineMember } from '../../collab/protocol';
import type { AuditLog } from '../audit';
import type { SessionService } from '../auth/sessions';
import { SESSION_COOKIE } from '../auth/sessions';
import type { CollabLimits } from '../config';
import type { KitCatalogue } from '../kits';
import type { DocumentStore, WorkshopRepository } from '../repositories/types';
import { Connection, type ConnectionIdentity, type Logger } from './connection';
import { allOf, BOARD_AFTER_WRITE, BOARD_POLICIES, type WritePolicy } from './policies';
import type { UpdatePath } from './update-paths';
import { Room, type BackgroundCompaction } from './room';
import type * as Y from 'yjs';

export const COLLAB_PATH = /^\/collab\/([A-Za-z0-9_-]{1,64})\/([a-z-]{1,32})(?:\?.*)?$/;

/** The neutral colour of members without an agency (facilitators, usually). */
export const NO_AGENCY_COLOUR = '#5b6770';

export interface CollabDeps {
	origin: string;
	limits: CollabLimits;
	sessions: SessionService;
	workshops: WorkshopRepository;
	kits: KitCatalogue;
	documents: DocumentStore;
	audit: AuditLog;
	log: Logger;
	/** The client address of a request (honours X-Forwarded-For only when configured). */
	addressOf: (req: IncomingMessage) => string | null;
	/** Folds a board's stored log off the main thread; null (or absent) means do it here. */
	compactInBackground?: BackgroundCompaction;
	/** Keeps a board's state as a restore point (see BoardHistoryService). */
	keepRestorePoint?: (room: Room, reason: 'before-warning-size') => void;
}

export type Access = { ok: true; identity: ConnectionIdentity; readOnly: boolean } | { ok: false; refusal: AccessRefusal };

/** A server-side change was asked of a board that is frozen. */
export class FrozenBoardError extends Error {}

export function readCookie(header: string | undefined, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
	}
	return null;
}

/**
 * The collaboration server: authorises upgrades on /collab/<workshop>/<board> before anything is
 * loaded, keeps the registry of loaded rooms and open connections, and closes connections when
 * membership or sessions change.
 */
export class CollabServer {
	readonly rooms = new Map<string, Room>();
	readonly #listeners = new Map<BoardId, ((workshopId: string, paths: readonly UpdatePath[], writer: ConnectionIdentity) => void)[]>();
	readonly connections = new Set<Connection>();
	readonly #wss: WebSocketServer;
	/** Workshops whose protocol is frozen: their step boards are read-only for everyone. */
	readonly #frozen = new Set<string>();
	/** Each workshop's facilitator locks, read from its facilitation board once and kept current by `setLocks`. */
	readonly #locks = new Map<string, readonly Lock[]>();
	/** What each person may still write this minute, across boards. */
	readonly #writeBudget: WriteBudget;
	readonly #heartbeat: ReturnType<typeof setInterval>;
	/** Connections that have not answered the last ping. */
	readonly #silent = new WeakSet<Connection>();
	#closing = false;

	constructor(private readonly deps: CollabDeps) {
		this.#wss = new WebSocketServer({ noServer: true, maxPayload: deps.limits.maxMessageBytes, perMessageDeflate: false });
		this.#writeBudget = new WriteBudget({ bytesPerMinute: deps.limits.writeBytesPerMinute, writesPerMinute: deps.limits.writesPerMinute });
		this.#heartbeat = setInterval(() => this.#beat(), deps.limits.pingIntervalMs);
		this.#heartbeat.unref();
	}

	/** Runs every check an upgrade needs. Also answers the browser's "why was I refused?" question. */
	authorize(workshopId: string, board: string, origin: string | undefined, token: string | null): Access {
		if (origin !== this.deps.origin) return { ok: false, refusal: 'bad-origin' };
		const valid = this.deps.sessions.validate(token);
		if (!valid) return { ok: false, refusal: 'unauthenticated' };
		const member = this.deps.workshops.member(workshopId, valid.user.id);
		if (!member) return { ok: false, refusal: 'not-member' };
		const workshop = this.deps.workshops.get(workshopId);
		const kit = workshop ? this.deps.kits.get(workshop.kitId) : null;
		if (!isBoardId(board) || !kit || !(CORE_BOARDS.includes(board) || (kit.manifest.boards as readonly string[]).includes(board))) return { ok: false, refusal: 'unknown-board' };
		// The room cap: a board already loaded is always served; a new one only while there is room.
		if (this.rooms.size >= this.deps.limits.maxRooms && !this.rooms.get(documentName(workshopId, board))) return { ok: false, refusal: 'busy' };
		// One person holds at most so many sockets (a script opening thousands cannot exhaust the server).
		if (this.#connectionsOf(valid.user.id) >= this.deps.limits.maxConnectionsPerPerson) return { ok: false, refusal: 'too-many-connections' };
		const agency = member.agencyId ? this.deps.workshops.agencies(workshopId).find((a) => a.id === member.agencyId) : undefined;
		return {
			ok: true,
			readOnly: !canEditBoards(member.role) || this.isFrozen(workshopId, board),
			identity: {
				userId: valid.user.id,
				// the name the workshop knows them by (told apart from a namesake, see addMember)
				name: member.name,
				agencyId: member.agencyId,
				colour: agency?.colour ?? NO_AGENCY_COLOUR,
				role: member.role,
				sessionId: valid.session.id,
				workshopId,
				board,
				address: null
			}
		};
	}

	/** Handles an HTTP upgrade. Returns false if the path is not a collaboration path. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
		const match = COLLAB_PATH.exec(req.url ?? '');
		if (!match) return false;
		socket.on('error', () => socket.destroy());
		if (this.#closing) return reject(socket, 503, 'Service Unavailable');
		const [, workshopId, board] = match;
		let access: Access;
		try {
			access = this.authorize(workshopId, board, req.headers.origin, readCookie(req.headers.cookie, SESSION_COOKIE));
		} catch (error) {
			// the database could not be read (locked, failing): refuse this upgrade, never the process
			this.deps.log(`collab: could not check access to ${workshopId}/${board}: ${(error as Error).message}`);
			return reject(socket, 500, 'load-failed');
		}
		if (!access.ok) return reject(socket, REFUSAL_STATUS[access.refusal], access.refusal);
		let room: Room;
		try {
			room = this.#room(workshopId, board as BoardId);
		} catch (error) {
			this.deps.log(`collab: could not load ${workshopId}/${board}: ${(error as Error).message}`);
			return reject(socket, 500, 'load-failed');
		}
		room.cancelUnload();
		const identity = { ...access.identity, address: this.deps.addressOf(req) };
		this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, room, identity, access.readOnly));
		return true;
	}

	#room(workshopId: string, board: BoardId): Room {
		const name = documentName(workshopId, board);
		let room = this.rooms.get(name);
		if (!room || room.destroyed) {
			room = new Room(name, workshopId, board, {
				store: this.deps.documents,
				limits: this.deps.limits,
				log: this.deps.log,
				onUnload: (r) => {
					if (this.rooms.get(r.name) === r) this.rooms.delete(r.name);
				},
				policy: this.#policyFor(workshopId, board),
				// Only boards someone reacts to pay for working out which paths an update touched.
				afterWrite:
					BOARD_AFTER_WRITE[board] || this.#listeners.has(board)
						? (r, paths, writer) => {
								BOARD_AFTER_WRITE[board]?.(r, paths, writer);
								for (const listener of this.#listeners.get(board) ?? []) listener(r.workshopId, paths, writer);
							}
						: null,
				background: this.deps.compactInBackground ?? null,
				admitWrite: (writer, bytes) => this.#writeBudget.spend(writer.userId, bytes),
				keepRestorePoint: this.deps.keepRestorePoint ?? null
			});
			this.rooms.set(name, room);
		}
		return room;
	}

	/** The board's own write rules, plus the facilitators' locks on the step boards. */
	#policyFor(workshopId: string, board: BoardId): WritePolicy | null {
		const own = BOARD_POLICIES[board] ?? null;
		if (!isStepBoard(board)) return own;
		const locked: WritePolicy = (paths, writer) => {
			const lock = lockRefusal(this.locks(workshopId), board, paths, writer.role);
			return lock ? `locked by ${lock.by}` : null;
		};
		return own ? allOf(own, locked) : locked;
	}

	/** The workshop's locks (loading the facilitation board the first time they are asked for). */
	locks(workshopId: string): readonly Lock[] {
		let locks = this.#locks.get(workshopId);
		if (!locks) {
			locks = this.read(workshopId, 'live', (doc) => new LiveDoc(doc).locks());
			this.#locks.set(workshopId, locks);
		}
		return locks;
	}

	/** Called by the facilitation service, the only writer of locks, after each change. */
	setLocks(workshopId: string, locks: readonly Lock[]): void {
		this.#locks.set(workshopId, locks);
	}

	#accept(ws: WebSocket, room: Room, identity: ConnectionIdentity, readOnly: boolean): void {
		if (room.destroyed) {
			ws.close(CloseCode.StorageUnavailable, 'the board is reloading');
			return;
		}
		const conn = new Connection(ws, room, identity, readOnly, this.deps.log, this.deps.limits.awarenessRatePerSecond * 2);
		conn.onWriteRefused = (reason) => this.#audit('collab.write-refused', identity, { reason });
		this.connections.add(conn);
		ws.on('error', () => ws.terminate());
		// any sign of life counts as an answer to the last ping
		ws.on('pong', () => this.#silent.delete(conn));
		ws.on('message', () => this.#silent.delete(conn));
		ws.on('close', () => {
			this.connections.delete(conn);
			room.leave(conn);
			this.#publishOnline(identity.workshopId);
			this.#audit('board.left', identity);
		});
		room.join(conn);
		this.#publishOnline(identity.workshopId);
		this.#audit('board.joined', identity);
	}

	#audit(action: 'board.joined' | 'board.left' | 'collab.write-refused', id: ConnectionIdentity, details?: Record<string, unknown>): void {
		try {
			this.deps.audit.record(
				action,
				{ userId: id.userId, label: id.name, agency: id.agencyId, role: id.role, address: id.address },
				{ workshopId: id.workshopId, target: id.board, details }
			);
		} catch (error) {
			this.deps.log(`audit: could not record ${action}: ${(error as Error).message}`);
		}
	}

	isFrozen(workshopId: string, board: string): boolean {
		return isStepBoard(board) && this.#frozen.has(workshopId);
	}

	/** Freezes or reopens a workshop's step boards; people on them reconnect with their new rights. */
	setFrozen(workshopId: string, frozen: boolean): void {
		if (frozen === this.#frozen.has(workshopId)) return;
		if (frozen) this.#frozen.add(workshopId);
		else this.#frozen.delete(workshopId);
		this.closeWhere((id) => id.workshopId === workshopId && isStepBoard(id.board), CloseCode.PermissionsChanged, frozen ? 'the protocol was frozen' : 'the protocol was reopened');
	}

	#connectionsOf(userId: string): number {
		let n = 0;
		for (const c of this.connections) if (c.identity.userId === userId && !c.closed) n++;
		return n;
	}

	/**
	 * Every `pingIntervalMs`: a socket that did not answer the previous ping is dead (a laptop shut,
	 * a network gone) and is closed, so its presence and its slot go; every other one is pinged. A
	 * session that has ended meanwhile (expired, idle too long, revoked) closes its sockets with 4401.
	 */
	#beat(): void {
		const sessions = new Map<string, boolean>();
		for (const conn of [...this.connections]) {
			if (this.#silent.has(conn)) {
				conn.ws.terminate();
				continue;
			}
			const id = conn.identity.sessionId;
			if (!sessions.has(id)) sessions.set(id, this.deps.sessions.isLive(id));
			if (!sessions.get(id)) {
				conn.close(CloseCode.SessionEnded, 'session ended');
				continue;
			}
			this.#silent.add(conn);
			try {
				conn.ws.ping();
			} catch {
				conn.ws.terminate();
			}
		}
		this.#writeBudget.prune();
	}

	/** Lets a service react when someone's write to a board was accepted (after it was stored and sent). */
	onWrite(board: BoardId, listener: (workshopId: string, paths: readonly UpdatePath[], writer: ConnectionIdentity) => void): void {
		this.#listeners.set(board, [...(this.#listeners.get(board) ?? []), listener]);
	}

	/** Reads a board on the server (loading it if nobody has it open). */
	read<T>(workshopId: string, board: BoardId, fn: (doc: Y.Doc) => T): T {
		const room = this.#room(workshopId, board);
		try {
			// what the server reads is what is stored: this turn's writes first go to disk
			room.settleOrThrow();
			return fn(room.doc);
		} finally {
			room.releaseIfIdle();
		}
	}

	/** Changes a board as the server: one transaction, stored, then sent to everyone on it. Frozen boards refuse. */
	transact(workshopId: string, board: BoardId, fn: (doc: Y.Doc) => void): void {
		if (this.isFrozen(workshopId, board)) throw new FrozenBoardError(`${board} is frozen`);
		const room = this.#room(workshopId, board);
		try {
			room.serverTransact(fn);
			// stored before the service answers anyone
			room.settleOrThrow();
		} finally {
			if (!room.destroyed) room.releaseIfIdle();
		}
	}

	/** Folds a board's update log into its snapshot now (after a restore, so its size reflects it). */
	compact(workshopId: string, board: BoardId): void {
		const room = this.#room(workshopId, board);
		try {
			room.compact();
		} finally {
			if (!room.destroyed) room.releaseIfIdle();
		}
	}

	/** Who is online in a workshop, one entry per person and board. */
	online(workshopId: string): OnlineMember[] {
		const seen = new Map<string, OnlineMember>();
		for (const c of this.connections) {
			const id = c.identity;
			if (id.workshopId !== workshopId) continue;
			const key = `${id.userId}/${id.board}`;
			if (!seen.has(key)) seen.set(key, { userId: id.userId, name: id.name, agencyId: id.agencyId, colour: id.colour, role: id.role, board: id.board });
		}
		return [...seen.values()];
	}

	#publishOnline(workshopId: string): void {
		const online = this.online(workshopId);
		for (const room of this.rooms.values()) if (room.workshopId === workshopId && !room.destroyed) room.setOnline(online);
	}

	closeWhere(predicate: (id: ConnectionIdentity) => boolean, code: number, reason: string): number {
		let n = 0;
		for (const conn of [...this.connections]) {
			if (predicate(conn.identity)) {
				conn.close(code, reason);
				n++;
			}
		}
		return n;
	}

	/** A member was removed or their role changed: their open boards close at once. */
	closeMember(workshopId: string, userId: string, code: number, reason: string): number {
		return this.closeWhere((id) => id.workshopId === workshopId && id.userId === userId, code, reason);
	}

	closeSessions(sessionIds: readonly string[]): number {
		const ids = new Set(sessionIds);
		return this.closeWhere((id) => ids.has(id.sessionId), CloseCode.SessionEnded, 'signed out');
	}

	/** Stop accepting, store what can be stored, close every socket with 1012 (service restart). */
	shutdown(): void {
		this.#closing = true;
		clearInterval(this.#heartbeat);
		for (const room of [...this.rooms.values()]) {
			room.compact();
			room.closeAll(CloseCode.ServiceRestart, 'server restarting');
			room.unload();
		}
		for (const conn of this.connections) conn.close(CloseCode.ServiceRestart, 'server restarting');
		this.#wss.close();
	}
}

function reject(socket: Duplex, status: number, reason: string): true {
	const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 503: 'Service Unavailable' }[status] ?? 'Error';
	socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
	return true;
}
