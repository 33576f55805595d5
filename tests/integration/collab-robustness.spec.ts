import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { AgendaDoc } from '../../src/lib/collab/agenda-doc';
import { fuzzBoard, syncMessage } from '../fixtures/fuzz';
import { ClientPool, closeCode, rawSocket, seedWorkshop, startServer, waitForSync, docFromDisk, type SeededWorkshop, type TestServer } from '../fixtures/server';

let server: TestServer;
let w: SeededWorkshop;

beforeEach(async () => {
	server = await startServer();
	w = await seedWorkshop(server.app);
});

const pool = new ClientPool();

afterEach(async () => {
	pool.destroyAll();
	await server.close();
});


const updateMessage = (update: Uint8Array) => syncMessage(2, update);

function storedState(): Uint8Array {
	const room = server.app.collab.rooms.get(`${w.workshopId}/agenda`);
	return Y.encodeStateAsUpdate(room ? room.doc : docFromDisk(server, `${w.workshopId}/agenda`));
}

const path = () => `/collab/${w.workshopId}/agenda`;

describe('bad input', () => {
	it('closes a connection that sends an update the server cannot place (pending structs) and keeps the document', async () => {
		const before = storedState();
		const client = new Y.Doc();
		const updates: Uint8Array[] = [];
		client.on('update', (u: Uint8Array) => updates.push(u));
		client.getMap('items').set('ghost', 'first');
		client.getMap('items').set('ghost2', 'second');
		const ws = await rawSocket(server, path(), w.participantA.token);
		const closed = closeCode(ws);
		ws.send(updateMessage(updates[1]));
		expect(await closed).toBe(CloseCode.MissingDependencies);
		expect(storedState()).toEqual(before);
	});

	it('closes a connection that sends a frame over the size limit with 1009', async () => {
		const ws = await rawSocket(server, path(), w.participantA.token);
		const closed = closeCode(ws);
		ws.send(new Uint8Array(2 * 1024 * 1024 + 16));
		expect(await closed).toBe(CloseCode.MessageTooBig);
	});

	it('closes a connection that sends text or an unknown message type', async () => {
		const a = await rawSocket(server, path(), w.participantA.token);
		const closedA = closeCode(a);
		a.send('hello');
		expect(await closedA).toBe(CloseCode.MalformedMessage);
		const b = await rawSocket(server, path(), w.participantA.token);
		const closedB = closeCode(b);
		b.send(new Uint8Array([42, 1, 2]));
		expect(await closedB).toBe(CloseCode.MalformedMessage);
	});

	// `npm run test:soak` sends 100,000 frames; the suite sends 4,000.
	const frames = Number(process.env.ACCORD_FUZZ_FRAMES ?? 4000);

	it(`survives ${frames} mutated protocol frames and every known killer payload: sockets closed, one log line each, the board intact and consistent, others unaffected`, async () => {
		const name = `${w.workshopId}/agenda`;
		const witness = pool.connect(server, w.workshopId, 'agenda', w.participantB.token);
		await waitForSync(witness);
		const logsBefore = server.logs.length;
		const report = await fuzzBoard(server, path(), w.participantA.token, { frames, seed: 20261201 });
		console.log(
			`fuzz: ${report.frames} frames over ${report.connections} connections in ${report.seconds.toFixed(1)} s; closes ${JSON.stringify(Object.fromEntries(report.closes))}; longest event-loop block ${report.maxBlockMs.toFixed(1)} ms (server and attackers in one process)`
		);
		expect(report.frames).toBe(frames);
		expect(report.connections).toBeGreaterThan(frames / 10);
		// every dropped socket was dropped for a reason the protocol documents
		for (const code of report.closes.keys()) expect([CloseCode.MalformedMessage, CloseCode.MissingDependencies, CloseCode.MessageTooBig, CloseCode.TooManyRequests, CloseCode.ForbiddenWrite]).toContain(code);
		// the witness, a stock client echoing the presence it receives, logged nothing
		expect(server.logs.slice(logsBefore).filter((l) => l.includes(w.participantB.user.id))).toEqual([]);
		expect(server.logs.length - logsBefore).toBeLessThanOrEqual(report.connections);
		expect(server.logs.some((l) => /\n\s+at /.test(l))).toBe(false);

		// The witness (a stock client) is still connected, and it, the room and the disk agree.
		expect(witness.provider.wsconnected).toBe(true);
		const room = server.app.collab.rooms.get(name)!;
		await vi.waitFor(() => expect(Y.encodeStateVector(witness.doc)).toEqual(Y.encodeStateVector(room.doc)));
		expect(room.doc.store.pendingStructs).toBeNull();
		expect(room.doc.store.pendingDs).toBeNull();
		expect(Y.encodeStateAsUpdate(docFromDisk(server, name))).toEqual(Y.encodeStateAsUpdate(room.doc));
		expect(new AgendaDoc(room.doc).items().length).toBeGreaterThan(0);

		// and a valid edit still travels
		const writer = pool.connect(server, w.workshopId, 'agenda', w.participantA.token);
		await waitForSync(writer);
		writer.doc.getText('after-fuzz').insert(0, 'still here');
		await vi.waitFor(() => expect(witness.doc.getText('after-fuzz').toString()).toBe('still here'));
	}, 900_000);
});
