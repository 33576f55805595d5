import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SERVER_AWARENESS_ID, type ServerPresence } from '../../src/lib/collab/protocol';
import { ClientPool, rawSocket, seedWorkshop, startServer, waitForSync, type SeededWorkshop, type TestServer } from '../fixtures/server';

let server: TestServer;
let w: SeededWorkshop;
const pool = new ClientPool();

beforeEach(async () => {
	server = await startServer();
	w = await seedWorkshop(server.app);
});

afterEach(async () => {
	pool.destroyAll();
	await server.close();
});

function awarenessFrame(entries: { id: number; clock: number; state: unknown }[]): Uint8Array {
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, entries.length);
	for (const e of entries) {
		encoding.writeVarUint(inner, e.id);
		encoding.writeVarUint(inner, e.clock);
		encoding.writeVarString(inner, JSON.stringify(e.state));
	}
	const outer = encoding.createEncoder();
	encoding.writeVarUint(outer, 1);
	encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
	return encoding.toUint8Array(outer);
}

function readAwareness(data: Buffer): Map<number, unknown> {
	const out = new Map<number, unknown>();
	const d = decoding.createDecoder(new Uint8Array(data));
	if (decoding.readVarUint(d) !== 1) return out;
	const inner = decoding.createDecoder(decoding.readVarUint8Array(d));
	const n = decoding.readVarUint(inner);
	for (let i = 0; i < n; i++) {
		const id = decoding.readVarUint(inner);
		decoding.readVarUint(inner);
		out.set(id, JSON.parse(decoding.readVarString(inner)));
	}
	return out;
}

describe('presence', () => {
	it('stamps every state with the authenticated identity, whatever the client claims', async () => {
		const a = pool.connect(server, w.workshopId, 'agenda', w.participantA.token);
		const b = pool.connect(server, w.workshopId, 'agenda', w.participantB.token);
		await Promise.all([waitForSync(a), waitForSync(b)]);
		a.provider.awareness.setLocalStateField('user', { name: 'The Director', agencyId: 'fake' });
		await vi.waitFor(() => {
			const seen = b.provider.awareness.getStates().get(a.doc.clientID) as { user: { name: string; userId: string } } | undefined;
			expect(seen?.user).toMatchObject({ name: 'Amal', userId: w.participantA.user.id });
			// nothing else the server knows about the connection is published
			expect(Object.keys(seen?.user ?? {}).sort()).toEqual(['agencyId', 'color', 'colour', 'name', 'role', 'userId']);
		});
	});

	it('publishes who is online in the workshop, and on which board', async () => {
		const a = pool.connect(server, w.workshopId, 'agenda', w.participantA.token);
		const f = pool.connect(server, w.workshopId, 'dpia', w.facilitator.token);
		await Promise.all([waitForSync(a), waitForSync(f)]);
		await vi.waitFor(() => {
			const serverState = a.provider.awareness.getStates().get(SERVER_AWARENESS_ID) as ServerPresence | undefined;
			expect(serverState?.server.online.map((o) => [o.name, o.board]).sort()).toEqual([
				['Amal', 'agenda'],
				['Fatima', 'dpia']
			]);
		});
		f.destroy();
		await vi.waitFor(() => {
			const serverState = a.provider.awareness.getStates().get(SERVER_AWARENESS_ID) as ServerPresence | undefined;
			expect(serverState?.server.online.map((o) => o.name)).toEqual(['Amal']);
		});
	});

	it('ignores presence published under other client ids, and over the size limit', async () => {
		const spoofer = await rawSocket(server, `/collab/${w.workshopId}/agenda`, w.participantA.token);
		const seen = new Map<number, unknown>();
		const watcher = await rawSocket(server, `/collab/${w.workshopId}/agenda`, w.participantB.token, server.origin, (d) => readAwareness(d).forEach((v, k) => seen.set(k, v)));
		spoofer.send(awarenessFrame([{ id: 1111, clock: 1, state: { cursor: 1 } }]));
		const spoofs = Array.from({ length: 60 }, (_, i) => ({ id: 5000 + i, clock: 1, state: { cursor: i } }));
		spoofer.send(awarenessFrame(spoofs));
		spoofer.send(awarenessFrame([{ id: SERVER_AWARENESS_ID, clock: 999, state: { server: { online: [] } } }]));
		spoofer.send(awarenessFrame([{ id: 1111, clock: 2, state: { big: 'x'.repeat(20_000) } }]));
		spoofer.send(awarenessFrame([{ id: 1111, clock: 3, state: { cursor: 3 } }]));
		await vi.waitFor(() => expect((seen.get(1111) as { cursor?: number } | undefined)?.cursor).toBe(3));
		expect([...seen.keys()].filter((k) => k >= 5000)).toEqual([]);
		expect((seen.get(SERVER_AWARENESS_ID) as ServerPresence).server.online.length).toBe(2);
		spoofer.close();
		watcher.close();
	});
});
