import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { closeCode, rawSocket, seedWorkshop, startServer, type SeededWorkshop, type TestServer } from '../fixtures/server';

let server: TestServer;
let w: SeededWorkshop;

afterEach(async () => {
	await server.close();
});

/** Sends a sync step 1 with the given state vector and resolves with the step 2 the server answers. */
function syncFrom(ws: WebSocket, stateVector: Uint8Array): Promise<Uint8Array> {
	return new Promise((resolve) => {
		ws.on('message', (data: Buffer) => {
			const d = decoding.createDecoder(new Uint8Array(data));
			if (decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === 1) resolve(decoding.readVarUint8Array(d));
		});
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 0);
		encoding.writeVarUint(e, 0);
		encoding.writeVarUint8Array(e, stateVector);
		ws.send(encoding.toUint8Array(e));
	});
}

function update(u: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 2);
	encoding.writeVarUint8Array(e, u);
	return encoding.toUint8Array(e);
}

describe('loaded boards', () => {
	it('refuses a new board politely (503, "busy") past the room cap, keeps serving loaded ones, and opens it once one unloads', async () => {
		server = await startServer({ ACCORD_MAX_ROOMS: '2', ACCORD_ROOM_UNLOAD_MS: '100' });
		w = await seedWorkshop(server.app);
		await vi.waitFor(() => expect(server.app.collab.rooms.size).toBe(0), { timeout: 5000 });
		const path = (board: string) => `/collab/${w.workshopId}/${board}`;
		const agenda = await rawSocket(server, path('agenda'), w.participantA.token);
		const dpia = await rawSocket(server, path('dpia'), w.participantA.token);
		await expect(rawSocket(server, path('dpisp'), w.participantA.token)).rejects.toMatchObject({ status: 503 });
		expect(server.app.collab.authorize(w.workshopId, 'dpisp', server.origin, w.participantA.token)).toEqual({ ok: false, refusal: 'busy' });
		// a board that is already loaded still takes newcomers
		const second = await rawSocket(server, path('agenda'), w.participantB.token);
		second.close();
		dpia.close();
		await closeCode(dpia);
		await vi.waitFor(async () => {
			const ws = await rawSocket(server, path('dpisp'), w.participantA.token);
			ws.close();
		}, { timeout: 5000, interval: 50 });
		agenda.close();
	});

	it('unloads a board soon after its last person leaves', async () => {
		server = await startServer({ ACCORD_ROOM_UNLOAD_MS: '100' });
		w = await seedWorkshop(server.app);
		const ws = await rawSocket(server, `/collab/${w.workshopId}/dpia`, w.participantA.token);
		expect(server.app.collab.rooms.has(`${w.workshopId}/dpia`)).toBe(true);
		ws.close();
		await vi.waitFor(() => expect(server.app.collab.rooms.has(`${w.workshopId}/dpia`)).toBe(false), { timeout: 5000 });
	});

	it('serves everyone who joins with nothing the same encoded board, and the next change to the next joiner', async () => {
		server = await startServer();
		w = await seedWorkshop(server.app);
		const path = `/collab/${w.workshopId}/agenda`;
		const joiners = await Promise.all(Array.from({ length: 20 }, () => rawSocket(server, path, w.participantA.token)));
		const states = await Promise.all(joiners.map((ws) => syncFrom(ws, new Uint8Array([0]))));
		for (const s of states) expect(Buffer.from(s).equals(Buffer.from(states[0]))).toBe(true);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, states[0]);
		expect(doc.getMap('items').size).toBeGreaterThan(0);

		// a change, then a newcomer: the kept encoding must not be served stale
		const edits: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => edits.push(u));
		doc.getMap('items').delete([...doc.getMap('items').keys()][0]);
		joiners[0].send(update(edits[0]));
		const room = server.app.collab.rooms.get(`${w.workshopId}/agenda`)!;
		await vi.waitFor(() => expect(room.doc.getMap('items').size).toBe(doc.getMap('items').size));
		const late = await rawSocket(server, path, w.participantB.token);
		const fresh = new Y.Doc();
		Y.applyUpdate(fresh, await syncFrom(late, new Uint8Array([0])));
		expect(fresh.getMap('items').toJSON()).toEqual(doc.getMap('items').toJSON());
		for (const ws of [...joiners, late]) ws.close();
	});
});

describe('sockets', () => {
	it('lets one person hold only so many connections, and frees a slot when one closes', async () => {
		server = await startServer({ ACCORD_MAX_CONNECTIONS_PER_PERSON: '3' });
		w = await seedWorkshop(server.app);
		const path = `/collab/${w.workshopId}/agenda`;
		const mine = await Promise.all([0, 1, 2].map(() => rawSocket(server, path, w.participantA.token)));
		await expect(rawSocket(server, path, w.participantA.token)).rejects.toMatchObject({ status: 429 });
		const other = await rawSocket(server, path, w.participantB.token);
		const closed = closeCode(mine[0]);
		mine[0].close();
		await closed;
		await vi.waitFor(async () => expect(await rawSocket(server, path, w.participantA.token).then((s) => (s.close(), true))).toBe(true));
		for (const s of [...mine, other]) s.close();
	});

	it('closes a socket that stops answering pings, and the sockets of a session that ended elsewhere', async () => {
		server = await startServer({ ACCORD_PING_INTERVAL_MS: '200' });
		w = await seedWorkshop(server.app);
		const path = `/collab/${w.workshopId}/agenda`;
		// a laptop shut mid-session: the socket is open but nothing answers
		const dead = await new Promise<WebSocket>((resolve, reject) => {
			const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { autoPong: false, headers: { origin: server.origin, cookie: `accord_session=${w.participantA.token}` } });
			ws.once('open', () => resolve(ws));
			ws.once('error', reject);
		});
		const alive = await rawSocket(server, path, w.participantB.token);
		const deadClosed = closeCode(dead);
		await vi.waitFor(() => expect(server.app.collab.online(w.workshopId).map((m) => m.name)).not.toContain('Amal'), { timeout: 3000 });
		expect(await deadClosed).toBe(1006);
		expect(alive.readyState).toBe(WebSocket.OPEN);
		// the session is revoked by another process (here: straight in the database): its sockets close with 4401
		const revoked = closeCode(alive);
		server.app.accounts.deleteSessionsOf(w.participantB.user.id);
		expect(await revoked).toBe(CloseCode.SessionEnded);
	});
});
