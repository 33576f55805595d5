import pg from 'pg';
import { STORED_CHANNEL } from '../repositories/postgres-documents';
import type { ClusterBoard, ClusterLink, ClusterSignal, RemotePresence, RemoteUpdates } from '../collab/types';

pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

const PRESENCE_CHANNEL = 'accord_presence';
const SIGNAL_CHANNEL = 'accord_signal';
/** PostgreSQL refuses a notification payload of 8000 bytes or more. */
const PAYLOAD_MAX = 7900;

const view = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/**
 * The nodes of one Accord on one PostgreSQL database hear each other through PostgreSQL itself
 * (LISTEN/NOTIFY), with no other engine to run:
 *
 * - **Board updates.** The node that stores an update announces it in the same statement
 *   (postgres-documents.ts); PostgreSQL delivers the notice only once the write has committed. A
 *   node with that board loaded reads what follows the last id it applied and applies it in id order,
 *   each row once (domain/log-cursor.ts). So an edit is on disk before any node relays it.
 * - **Presence** travels as notices only (it is never stored), published by the node its owner is
 *   connected to after that node has policed it.
 * - **Signals**: someone was removed or signed out (their sockets close on every node), a protocol was
 *   frozen, locks changed.
 *
 * A notice missed while the listening connection was down is not lost: every room re-reads its board
 * when the connection comes back.
 */
export class PostgresCluster implements ClusterLink {
	readonly #boards = new Map<string, Set<ClusterBoard>>();
	readonly #signalHandlers: ((signal: ClusterSignal) => void)[] = [];
	/** Notices go out on one connection, in the order they were made: a turn's together, in one statement. */
	#publishing: Promise<unknown> = Promise.resolve();
	#queued: { channel: string; payload: string }[] = [];
	#closed = false;
	#listener: pg.Client | null = null;

	private constructor(
		readonly nodeId: string,
		private readonly url: string,
		private readonly reader: pg.Pool,
		private readonly publisher: pg.Client,
		private readonly log: (line: string) => void
	) {}

	static async start(url: string, nodeId: string, log: (line: string) => void): Promise<PostgresCluster> {
		const reader = new pg.Pool({ connectionString: url, max: 4 });
		reader.on('error', () => {});
		const publisher = new pg.Client({ connectionString: url });
		publisher.on('error', (error) => log(`cluster: the publishing connection failed: ${error.message}`));
		await publisher.connect();
		const cluster = new PostgresCluster(nodeId, url, reader, publisher, log);
		await cluster.#listen();
		return cluster;
	}

	async #listen(): Promise<void> {
		const listener = new pg.Client({ connectionString: this.url });
		listener.on('notification', (n) => this.#notified(n.channel, n.payload ?? ''));
		listener.on('error', (error) => {
			if (this.#closed) return;
			this.log(`cluster: the listening connection failed (${error.message}); reconnecting`);
			this.#listener = null;
			this.#relisten(1000);
		});
		await listener.connect();
		await listener.query(`LISTEN ${STORED_CHANNEL}; LISTEN ${PRESENCE_CHANNEL}; LISTEN ${SIGNAL_CHANNEL}`);
		this.#listener = listener;
	}

	#relisten(waitMs: number): void {
		setTimeout(() => {
			if (this.#closed) return;
			this.#listen().then(
				() => {
					// notices sent meanwhile were missed: every loaded board reads what it has not applied
					for (const boards of this.#boards.values()) for (const board of boards) board.stored(Number.MAX_SAFE_INTEGER);
				},
				() => this.#relisten(Math.min(waitMs * 2, 10_000))
			);
		}, waitMs).unref();
	}

	#notified(channel: string, payload: string): void {
		try {
			if (channel === STORED_CHANNEL) {
				const [name, id, node, data] = payload.split(' ');
				if (node === this.nodeId) return;
				const boards = this.#boards.get(name);
				if (!boards) return;
				const update = data ? new Uint8Array(Buffer.from(data, 'base64')) : undefined;
				for (const board of boards) board.stored(Number(id), update);
			} else if (channel === PRESENCE_CHANNEL) {
				const message = JSON.parse(payload) as { node: string; name: string; records: RemotePresence[] };
				if (message.node === this.nodeId) return;
				for (const board of this.#boards.get(message.name) ?? []) board.presence(message.records);
			} else if (channel === SIGNAL_CHANNEL) {
				const message = JSON.parse(payload) as { node: string; signal: ClusterSignal };
				if (message.node === this.nodeId) return;
				for (const handler of this.#signalHandlers) handler(message.signal);
			}
		} catch (error) {
			this.log(`cluster: a notice on ${channel} could not be handled: ${(error as Error).message}`);
		}
	}

	join(name: string, board: ClusterBoard): () => void {
		let boards = this.#boards.get(name);
		if (!boards) this.#boards.set(name, (boards = new Set()));
		boards.add(board);
		return () => {
			boards.delete(board);
			if (boards.size === 0 && this.#boards.get(name) === boards) this.#boards.delete(name);
		};
	}

	async readAfter(name: string, afterId: number): Promise<RemoteUpdates> {
		const client = await this.reader.connect();
		try {
			// one snapshot of the database for both reads: a fold between them would lose rows
			await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
			const rows = await client.query<{ id: number; data: Buffer }>('SELECT id, data FROM doc_updates WHERE name = $1 AND id > $2 ORDER BY id', [name, afterId]);
			// the next row is missing when it was folded into the snapshot (or discarded): the snapshot comes too
			const folded = rows.rows.length === 0 || rows.rows[0].id !== afterId + 1;
			const snapshot = folded ? await client.query<{ state: Buffer }>('SELECT state FROM doc_snapshots WHERE name = $1', [name]) : null;
			await client.query('COMMIT');
			return {
				snapshot: snapshot?.rows[0] ? view(snapshot.rows[0].state) : null,
				updates: rows.rows.map((r) => ({ id: r.id, data: view(r.data) }))
			};
		} catch (error) {
			await client.query('ROLLBACK').catch(() => {});
			throw error;
		} finally {
			client.release();
		}
	}

	#notify(channel: string, payload: string): void {
		if (this.#closed) return;
		if (Buffer.byteLength(payload) > PAYLOAD_MAX) {
			this.log(`cluster: a notice on ${channel} was too large to send (${Buffer.byteLength(payload)} bytes)`);
			return;
		}
		this.#queued.push({ channel, payload });
		if (this.#queued.length > 1) return;
		setImmediate(() => {
			const batch = this.#queued.splice(0);
			this.#publishing = this.#publishing
				.then(() =>
					this.publisher.query('SELECT count(pg_notify(c, p)) FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(c, p, n)', [
						batch.map((b) => b.channel),
						batch.map((b) => b.payload)
					])
				)
				.catch((error: Error) => this.log(`cluster: ${batch.length} notices were not sent: ${error.message}`));
		});
	}

	publishPresence(name: string, records: readonly RemotePresence[]): void {
		if (records.length === 0) return;
		this.#notify(PRESENCE_CHANNEL, JSON.stringify({ node: this.nodeId, name, records }));
	}

	signal(signal: ClusterSignal): void {
		this.#notify(SIGNAL_CHANNEL, JSON.stringify({ node: this.nodeId, signal }));
	}

	onSignal(handler: (signal: ClusterSignal) => void): void {
		this.#signalHandlers.push(handler);
	}

	async close(): Promise<void> {
		this.#closed = true;
		await this.#publishing;
		await Promise.allSettled([this.#listener?.end(), this.publisher.end(), this.reader.end()]);
	}
}
