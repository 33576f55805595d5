import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type * as Y from 'yjs';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode, REFUSAL_STATUS } from '../../collab/close-codes';
import type { OnlineMember } from '../../collab/protocol';
import { Connection } from './connection';
import { Room } from './room';
import type { Access, ClusterLink, ClusterSignal, CollabHooks, CollabLimits, ConnectionIdentity, DocumentStore, Logger } from './types';

export const COLLAB_PATH = /^\/collab\/([A-Za-z0-9_-]{1,64})\/([a-z-]{1,32})(?:\?.*)?$/;

export interface CollabDeps {
	origin: string;
	limits: CollabLimits;
	documents: DocumentStore;
	log: Logger;
	hooks: CollabHooks;
	/** Several nodes on one database (cluster/postgres-cluster.ts); absent on one node. */
	cluster?: ClusterLink | null;
}

/** How often a node tells the others who is connected through it; silent for three times that, it is forgotten. */
export const ONLINE_REFRESH_MS = 10_000;

/** Rooms are stored under one name per workshop board. */
export const roomName = (workshopId: string, board: string): string => `${workshopId}/${board}`;

export function readCookie(header: string | undefined, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
	}
	return null;
}

/**
 * The collaboration engine: authorises upgrades on /collab/<workshop>/<board> (through the
 * application's `authorise` hook, then its own capacity limits) before anything is loaded, keeps the
 * registry of loaded rooms and open connections, and closes connections when sessions end or the
 * application asks. It knows no board: each room's write policy and follow-ups come from the
 * `rules` hook when the room loads (docs/architecture.md, "Adding a board").
 */
export class CollabServer {
	readonly rooms = new Map<string, Room>();
	readonly connections = new Set<Connection>();
	readonly #wss: WebSocketServer;
	readonly #heartbeat: ReturnType<typeof setInterval>;
	/** Connections that have not answered the last ping. */
	readonly #silent = new WeakSet<Connection>();
	#closing = false;
	/** Several nodes: who is connected to each workshop through the other nodes, as they last said. */
	readonly #elsewhere = new Map<string, Map<string, { members: OnlineMember[]; at: number }>>();
	#onlineRefresh: ReturnType<typeof setInterval> | null = null;

	constructor(private readonly deps: CollabDeps) {
		this.#wss = new WebSocketServer({ noServer: true, maxPayload: deps.limits.maxMessageBytes, perMessageDeflate: false });
		this.#heartbeat = setInterval(() => this.#beat(), deps.limits.pingIntervalMs);
		this.#heartbeat.unref();
		deps.cluster?.onSignal((signal) => this.#heard(signal));
		if (deps.cluster) {
			this.#onlineRefresh = setInterval(() => this.#refreshOnline(), ONLINE_REFRESH_MS);
			this.#onlineRefresh.unref();
		}
	}

	/** Tells the other nodes again who is here (a node that stops saying so is forgotten), and forgets the silent ones. */
	#refreshOnline(): void {
		const here = new Set([...this.connections].map((c) => c.identity.workshopId));
		for (const workshopId of here) this.deps.cluster?.signal({ type: 'online', workshopId, node: this.deps.cluster.nodeId, members: this.#onlineHere(workshopId) });
		const now = Date.now();
		for (const [workshopId, nodes] of this.#elsewhere) {
			let changed = false;
			for (const [node, said] of nodes) {
				if (now - said.at > ONLINE_REFRESH_MS * 3) {
					nodes.delete(node);
					changed = true;
				}
			}
			if (nodes.size === 0) this.#elsewhere.delete(workshopId);
			if (changed) this.#showOnline(workshopId);
		}
	}

	/** Runs every check an upgrade needs. Also answers the browser's "why was I refused?" question. */
	authorize(workshopId: string, board: string, origin: string | undefined, token: string | null): Access {
		if (origin !== this.deps.origin) return { ok: false, refusal: 'bad-origin' };
		const access = this.deps.hooks.authorise(workshopId, board, origin, token);
		if (!access.ok) return access;
		// The room cap: a board already loaded is always served; a new one only while there is room.
		if (this.rooms.size >= this.deps.limits.maxRooms && !this.rooms.get(roomName(workshopId, board))) return { ok: false, refusal: 'busy' };
		// One person holds at most so many sockets (a script opening thousands cannot exhaust the server).
		if (this.#connectionsOf(access.identity.userId) >= this.deps.limits.maxConnectionsPerPerson) return { ok: false, refusal: 'too-many-connections' };
		return access;
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
			access = this.authorize(workshopId, board, req.headers.origin, this.deps.hooks.credentialsOf(req.headers));
		} catch (error) {
			// the database could not be read (locked, failing): refuse this upgrade, never the process
			this.deps.log(`collab: could not check access to ${workshopId}/${board}: ${(error as Error).message}`);
			return reject(socket, 500, 'load-failed');
		}
		if (!access.ok) return reject(socket, REFUSAL_STATUS[access.refusal], access.refusal);
		let room: Room;
		try {
			room = this.#room(workshopId, board);
		} catch (error) {
			this.deps.log(`collab: could not load ${workshopId}/${board}: ${(error as Error).message}`);
			return reject(socket, 500, 'load-failed');
		}
		room.cancelUnload();
		const identity = { ...access.identity, address: this.deps.hooks.addressOf?.(req) ?? null };
		this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, room, identity, access.readOnly));
		return true;
	}

	#room(workshopId: string, board: string): Room {
		const name = roomName(workshopId, board);
		let room = this.rooms.get(name);
		if (!room || room.destroyed) {
			const { hooks } = this.deps;
			const rules = hooks.rules(workshopId, board);
			room = new Room(name, workshopId, board, {
				store: this.deps.documents,
				limits: this.deps.limits,
				log: this.deps.log,
				onUnload: (r) => {
					if (this.rooms.get(r.name) === r) this.rooms.delete(r.name);
				},
				policy: rules.policy,
				afterWrite: rules.afterWrite,
				background: hooks.compactInBackground ?? null,
				admitWrite: hooks.admitWrite ? (writer, bytes) => hooks.admitWrite!(writer, bytes) : null,
				keepRestorePoint: hooks.keepRestorePoint ? (r, reason) => hooks.keepRestorePoint!(r, reason) : null,
				cluster: this.deps.cluster ?? null,
				changedElsewhere: hooks.changedElsewhere ? (r) => hooks.changedElsewhere!(r) : null
			});
			try {
				hooks.loaded?.(room);
			} catch (error) {
				room.unload();
				throw error;
			}
			this.rooms.set(name, room);
		}
		return room;
	}

	#accept(ws: WebSocket, room: Room, identity: ConnectionIdentity, readOnly: boolean): void {
		if (room.destroyed) {
			ws.close(CloseCode.StorageUnavailable, 'the board is reloading');
			return;
		}
		const conn = new Connection(ws, room, identity, readOnly, this.deps.log, this.deps.limits.awarenessRatePerSecond * 2);
		conn.onWriteRefused = (reason) => this.#tell('writeRefused', identity, reason);
		this.connections.add(conn);
		ws.on('error', () => ws.terminate());
		// any sign of life counts as an answer to the last ping
		ws.on('pong', () => this.#silent.delete(conn));
		ws.on('message', () => this.#silent.delete(conn));
		ws.on('close', () => {
			this.connections.delete(conn);
			room.leave(conn);
			this.#publishOnline(identity.workshopId);
			this.#tell('left', identity);
		});
		room.join(conn);
		this.#publishOnline(identity.workshopId);
		this.#tell('joined', identity);
	}

	/** Tells the application; a failing hook never stops the socket's own work. */
	#tell(hook: 'joined' | 'left' | 'writeRefused', identity: ConnectionIdentity, reason = ''): void {
		try {
			const { hooks } = this.deps;
			if (hook === 'writeRefused') hooks.writeRefused?.(identity, reason);
			else hooks[hook]?.(identity);
		} catch (error) {
			this.deps.log(`collab: the ${hook} hook failed: ${(error as Error).message}`);
		}
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
			if (!sessions.has(id)) sessions.set(id, this.deps.hooks.sessionLive(id));
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
		this.deps.hooks.heartbeat?.();
	}

	/** Reads a board on the server (loading it if nobody has it open). */
	read<T>(workshopId: string, board: string, fn: (doc: Y.Doc) => T): T {
		const room = this.#room(workshopId, board);
		try {
			// what the server reads is what is stored: this turn's writes first go to disk
			room.settleOrThrow();
			return fn(room.doc);
		} finally {
			room.releaseIfIdle();
		}
	}

	/** Changes a board as the server: one transaction, stored, then sent to everyone on it. The `beforeServerWrite` hook may refuse (a frozen board). */
	transact(workshopId: string, board: string, fn: (doc: Y.Doc) => void): void {
		this.deps.hooks.beforeServerWrite?.(workshopId, board);
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
	compact(workshopId: string, board: string): void {
		const room = this.#room(workshopId, board);
		try {
			room.compact();
		} finally {
			if (!room.destroyed) room.releaseIfIdle();
		}
	}

	/** Who is online in a workshop, one entry per person and board, through whichever node. */
	online(workshopId: string): OnlineMember[] {
		const seen = new Map<string, OnlineMember>();
		const elsewhere = [...(this.#elsewhere.get(workshopId)?.values() ?? [])].flatMap((n) => n.members);
		for (const m of [...this.#onlineHere(workshopId), ...elsewhere]) {
			const key = `${m.userId}/${m.board}`;
			if (!seen.has(key)) seen.set(key, m);
		}
		return [...seen.values()];
	}

	#onlineHere(workshopId: string): OnlineMember[] {
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
		const cluster = this.deps.cluster;
		if (cluster) cluster.signal({ type: 'online', workshopId, node: cluster.nodeId, members: this.#onlineHere(workshopId) });
		this.#showOnline(workshopId);
	}

	#showOnline(workshopId: string): void {
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

	/** A member was removed or their role changed: their open boards close at once, on every node. */
	closeMember(workshopId: string, userId: string, code: number, reason: string): number {
		this.deps.cluster?.signal({ type: 'close-member', workshopId, userId, code, reason });
		return this.#closeMemberHere(workshopId, userId, code, reason);
	}

	#closeMemberHere(workshopId: string, userId: string, code: number, reason: string): number {
		return this.closeWhere((id) => id.workshopId === workshopId && id.userId === userId, code, reason);
	}

	/** Sessions ended (signed out, everywhere, or a password changed): their sockets close on every node. */
	closeSessions(sessionIds: readonly string[]): number {
		this.deps.cluster?.signal({ type: 'close-sessions', sessionIds: [...sessionIds] });
		return this.#closeSessionsHere(sessionIds);
	}

	#closeSessionsHere(sessionIds: readonly string[]): number {
		const ids = new Set(sessionIds);
		return this.closeWhere((id) => ids.has(id.sessionId), CloseCode.SessionEnded, 'signed out');
	}

	/** What another node says: someone's sockets close here too. */
	#heard(signal: ClusterSignal): void {
		if (signal.type === 'close-member') this.#closeMemberHere(signal.workshopId, signal.userId, signal.code, signal.reason);
		else if (signal.type === 'close-sessions') this.#closeSessionsHere(signal.sessionIds);
		else if (signal.type === 'online') {
			let nodes = this.#elsewhere.get(signal.workshopId);
			if (!nodes) this.#elsewhere.set(signal.workshopId, (nodes = new Map()));
			nodes.set(signal.node, { members: signal.members, at: Date.now() });
			this.#showOnline(signal.workshopId);
		}
	}

	/** Stop accepting, store what can be stored, close every socket with 1012 (service restart). */
	shutdown(): void {
		this.#closing = true;
		clearInterval(this.#heartbeat);
		if (this.#onlineRefresh) clearInterval(this.#onlineRefresh);
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
