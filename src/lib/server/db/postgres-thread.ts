// The PostgreSQL connections' thread (started through synckit by postgres.ts, from a bundle of this
// file): each handle is one connection of its own, so a transaction opened by one call and closed by
// a later one stays on the same connection. The main thread waits for each answer (see postgres.ts).
import pg from 'pg';
import { runAsWorker } from 'synckit';
import type { PgAnswer, PgCall, PgValue } from './postgres-messages';

// BIGINT (ids, times in milliseconds, counts) and NUMERIC (sums) come back as numbers, as SQLite gives them
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

const connections = new Map<number, pg.Client>();
let nextHandle = 1;

/** Byte arrays cross threads as Uint8Array: pg sends a Buffer as BYTEA. */
const toPg = (value: PgValue): unknown => {
	if (Array.isArray(value)) return value.map(toPg);
	return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
};

function connection(handle: number): pg.Client {
	const client = connections.get(handle);
	if (!client) throw new Error('this PostgreSQL connection is closed');
	return client;
}

async function answer(call: PgCall): Promise<PgAnswer> {
	switch (call.op) {
		case 'open': {
			const client = new pg.Client({ connectionString: call.url, statement_timeout: call.statementTimeoutMs, connectionTimeoutMillis: call.connectTimeoutMs });
			// a connection lost between calls is reported by the next call, not as an uncaught error
			client.on('error', () => {});
			await client.connect();
			const handle = nextHandle++;
			connections.set(handle, client);
			return { handle };
		}
		case 'query': {
			const client = connection(call.handle);
			const query = { text: call.sql, values: call.params.map(toPg) };
			const result = call.rowMode === 'array' ? await client.query({ ...query, rowMode: 'array' }) : await client.query(query);
			return { rows: result.rows, changes: result.rowCount ?? 0 };
		}
		case 'exec':
			await connection(call.handle).query(call.sql);
			return {};
		case 'close': {
			const client = connections.get(call.handle);
			connections.delete(call.handle);
			await client?.end();
			return {};
		}
	}
}

runAsWorker(async (call: PgCall): Promise<PgAnswer> => {
	try {
		return await answer(call);
	} catch (error) {
		const e = error as { message: string; code?: string };
		// errors cross as plain data: the message, and PostgreSQL's SQLSTATE for callers that test it
		return { error: { message: e.message, code: e.code } };
	}
});
