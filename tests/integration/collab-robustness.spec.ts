import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { closeCode, rawSocket, seedWorkshop, startServer, type SeededWorkshop, type TestServer } from '../fixtures/server';

let server: TestServer;
let w: SeededWorkshop;

beforeEach(async () => {
	server = await startServer();
	w = await seedWorkshop(server.app);
});

afterEach(async () => {
	await server.close();
});

function frame(type: number, ...parts: ((e: encoding.Encoder) => void)[]): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, type);
	for (const p of parts) p(e);
	return encoding.toUint8Array(e);
}
const updateMessage = (update: Uint8Array) => frame(0, (e) => encoding.writeVarUint(e, 2), (e) => encoding.writeVarUint8Array(e, update));

/** A small deterministic pseudo-random generator (mulberry32), so failures can be replayed. */
function rng(seed: number) {
	return () => {
		seed |= 0;
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function storedState(): Uint8Array {
	const room = server.app.collab.rooms.get(`${w.workshopId}/agenda`);
	if (room) return Y.encodeStateAsUpdate(room.doc);
	const stored = server.app.documents.load(`${w.workshopId}/agenda`);
	const doc = new Y.Doc();
	if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
	for (const u of stored.updates) Y.applyUpdate(doc, u);
	return Y.encodeStateAsUpdate(doc);
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

	it('survives a thousand random and truncated frames with the document unchanged and others unaffected', async () => {
		const random = rng(20261126);
		const witness = await rawSocket(server, path(), w.participantB.token);
		const witnessFrames: Buffer[] = [];
		witness.on('message', (d) => witnessFrames.push(d as Buffer));
		const before = storedState();

		const source = new Y.Doc();
		const sourceUpdates: Uint8Array[] = [];
		source.on('update', (u: Uint8Array) => sourceUpdates.push(u));
		for (let i = 0; i < 20; i++) source.getMap('items').set(`k${i}`, 'x'.repeat(i * 3));
		const real = [...sourceUpdates.map(updateMessage), frame(1, (e) => encoding.writeVarUint8Array(e, new Uint8Array([1, 200, 1, 2, 3, 4])))];

		const frames: Uint8Array[] = [];
		for (let i = 0; i < 1000; i++) {
			if (i % 2 === 0) {
				const len = 1 + Math.floor(random() * 300);
				frames.push(Uint8Array.from({ length: len }, () => Math.floor(random() * 256)));
			} else {
				const m = real[Math.floor(random() * real.length)];
				frames.push(m.slice(0, Math.max(1, Math.floor(random() * (m.length - 1)))));
			}
		}
		const logsBefore = server.logs.length;
		let connections = 0;
		for (let i = 0; i < frames.length; i += 50) {
			await Promise.all(
				frames.slice(i, i + 50).map(async (f) => {
					const ws = await rawSocket(server, path(), w.participantA.token);
					connections++;
					const closed = closeCode(ws);
					ws.send(f);
					// a frame that happens to be valid (a query, say) leaves the socket open: close it ourselves
					const timer = setTimeout(() => ws.close(), 300);
					await closed;
					clearTimeout(timer);
				})
			);
		}
		expect(connections).toBe(1000);
		expect(server.logs.length - logsBefore).toBeLessThanOrEqual(connections);
		expect(storedState()).toEqual(before);
		expect(witness.readyState).toBe(WebSocket.OPEN);

		// and the server still accepts and relays a valid edit
		const client = new Y.Doc();
		Y.applyUpdate(client, before);
		const fresh: Uint8Array[] = [];
		client.on('update', (u: Uint8Array) => fresh.push(u));
		client.getMap('items').delete('lunch');
		const writer = await rawSocket(server, path(), w.participantA.token);
		const received = witnessFrames.length;
		writer.send(updateMessage(fresh[0]));
		await vi.waitFor(() => expect(witnessFrames.length).toBeGreaterThan(received));
		writer.close();
		witness.close();
	});
});
