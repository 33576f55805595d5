import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { AgendaDoc } from '../../src/lib/collab/agenda-doc';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { SERVER_AWARENESS_ID, type ServerPresence } from '../../src/lib/collab/protocol';
import { userOrigin } from '../../src/lib/collab/origins';
import { ClientPool, rawSocket, seedWorkshop, startServer, waitForSync, type SeededWorkshop, type TestServer } from '../fixtures/server';

let server: TestServer;
let w: SeededWorkshop;
const pool = new ClientPool();

afterEach(async () => {
	pool.destroyAll();
	await server.close();
});

describe('storage faults', () => {
	beforeEach(async () => {
		server = await startServer();
		w = await seedWorkshop(server.app);
	});

	it('refuses the connection (500) when a stored board cannot be loaded, never serving it empty', async () => {
		server.app.db.prepare('UPDATE doc_snapshots SET state = ? WHERE name = ?').run(Buffer.from([0xff, 0xff, 0xff, 0x01]), `${w.workshopId}/agenda`);
		await expect(rawSocket(server, `/collab/${w.workshopId}/agenda`, w.participantA.token)).rejects.toMatchObject({ status: 500 });
		expect(server.logs.some((l) => l.includes('could not load'))).toBe(true);
	});

	it('applies and sends nothing when a write fails, and the edit arrives once storage is back', async () => {
		const writer = pool.connect(server, w.workshopId, 'agenda', w.participantA.token);
		const reader = pool.connect(server, w.workshopId, 'agenda', w.participantB.token);
		await Promise.all([waitForSync(writer), waitForSync(reader)]);
		const store = server.app.documents;
		const append = store.append.bind(store);
		store.append = () => {
			throw new Error('SQLITE_FULL: database or disk is full');
		};
		new AgendaDoc(writer.doc).update('lunch', { title: 'Written while the disk was full' }, userOrigin(writer.doc.clientID));
		await vi.waitFor(() => expect(writer.closes).toContain(CloseCode.StorageUnavailable));
		const room = server.app.collab.rooms.get(`${w.workshopId}/agenda`)!;
		expect(new AgendaDoc(room.doc).items().find((i) => i.id === 'lunch')?.title).toBe('Lunch');
		expect(new AgendaDoc(reader.doc).items().find((i) => i.id === 'lunch')?.title).toBe('Lunch');
		store.append = append;
		// the writer's browser kept the edit, reconnects by itself and resends it
		await vi.waitFor(() => expect(new AgendaDoc(reader.doc).items().find((i) => i.id === 'lunch')?.title).toBe('Written while the disk was full'), { timeout: 10_000 });
	});
});

describe('size budget', () => {
	beforeEach(async () => {
		server = await startServer({ ACCORD_DOC_WARN_BYTES: '6000', ACCORD_DOC_MAX_BYTES: '12000' });
		w = await seedWorkshop(server.app);
	});

	it('warns the board’s users past the warning size and refuses writes past the limit', async () => {
		const client = pool.connect(server, w.workshopId, 'agenda', w.participantA.token);
		await waitForSync(client);
		const budget = () => (client.provider.awareness.getStates().get(SERVER_AWARENESS_ID) as ServerPresence | undefined)?.server.budget;
		const agenda = new AgendaDoc(client.doc);
		let i = 0;
		const grow = () => agenda.add({ id: `big-${i}`, title: `${i++} ${'x'.repeat(190)}`, minutes: 5, owner: 'y'.repeat(110), board: 'general', position: 1000 + i }, userOrigin(client.doc.clientID));
		// each retry adds one more large item until the server reports the budget
		await vi.waitFor(() => {
			grow();
			expect(budget()).toBe('warn');
		}, { timeout: 10_000, interval: 5 });
		await vi.waitFor(() => {
			grow();
			expect(client.closes).toContain(CloseCode.DocumentTooLarge);
		}, { timeout: 10_000, interval: 5 });
		expect(client.closes).toContain(CloseCode.DocumentTooLarge);
		const room = server.app.collab.rooms.get(`${w.workshopId}/agenda`);
		const stored = server.app.documents.load(`${w.workshopId}/agenda`);
		expect(stored.bytes).toBeLessThan(12000 + 2000);
		expect(room === undefined || Y.encodeStateAsUpdate(room.doc).byteLength < 14000).toBe(true);
	});
});
