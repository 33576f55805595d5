import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { AgendaDoc } from '../../src/lib/collab/agenda-doc';
import { userOrigin } from '../../src/lib/collab/origins';
import { ClientPool, seedWorkshop, startServer, waitForSync, type SeededWorkshop, type TestServer } from '../fixtures/server';

let server: TestServer;
let w: SeededWorkshop;
const pool = new ClientPool();
const connect = (token: string, board = 'agenda') => pool.connect(server, w.workshopId, board, token);

beforeEach(async () => {
	server = await startServer();
	w = await seedWorkshop(server.app);
});

afterEach(async () => {
	pool.destroyAll();
	await server.close();
});

describe('collaboration sync', () => {
	it('serves the seeded agenda to the first client, never an empty board', async () => {
		const a = connect(w.facilitator.token);
		await waitForSync(a);
		expect(new AgendaDoc(a.doc).items().length).toBeGreaterThan(5);
	});

	it('makes three stock y-websocket clients converge on concurrent edits', async () => {
		const [a, b, c] = [connect(w.facilitator.token), connect(w.participantA.token), connect(w.participantB.token)];
		await Promise.all([a, b, c].map(waitForSync));
		const [ga, gb, gc] = [a, b, c].map((x) => new AgendaDoc(x.doc));
		ga.update('welcome', { title: 'Welcome (edited by A)' }, userOrigin(a.doc.clientID));
		gb.update('welcome', { minutes: 40 }, userOrigin(b.doc.clientID));
		gc.add({ id: 'extra', title: 'Added by C', minutes: 15, owner: 'C', board: 'general', position: 99 }, userOrigin(c.doc.clientID));
		await vi.waitFor(() => {
			expect(ga.items()).toEqual(gb.items());
			expect(gb.items()).toEqual(gc.items());
			expect(ga.items().find((i) => i.id === 'welcome')).toMatchObject({ title: 'Welcome (edited by A)', minutes: 40 });
			expect(ga.items().some((i) => i.id === 'extra')).toBe(true);
		});
	});

	it('keeps every accepted update across a restart, and clients reconnect by themselves', async () => {
		const a = connect(w.participantA.token);
		await waitForSync(a);
		const agenda = new AgendaDoc(a.doc);
		for (let i = 0; i < 50; i++) agenda.add({ id: `item-${i}`, title: `Item ${i}`, minutes: 5, owner: '', board: 'general', position: 100 + i }, userOrigin(a.doc.clientID));
		const expected = new AgendaDoc(a.doc).items();
		const b = connect(w.participantB.token);
		await waitForSync(b);
		await vi.waitFor(() => expect(new AgendaDoc(b.doc).items()).toEqual(expected));
		await server.restart();
		await vi.waitFor(() => expect(a.closes).toContain(1012));
		const late = connect(w.facilitator.token);
		await waitForSync(late);
		expect(new AgendaDoc(late.doc).items()).toEqual(expected);
		// the clients that were connected come back without help
		await vi.waitFor(() => expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true), { timeout: 10_000 });
	});

	it('compacts the update log into a snapshot when the last client leaves, from what is on disk', async () => {
		const a = connect(w.participantA.token);
		await waitForSync(a);
		const agenda = new AgendaDoc(a.doc);
		for (let i = 0; i < 20; i++) agenda.update('welcome', { minutes: i + 1 }, userOrigin(a.doc.clientID));
		const rows = () => server.app.db.prepare("SELECT count(*) FROM doc_updates WHERE name = ?").pluck().get(`${w.workshopId}/agenda`) as number;
		await vi.waitFor(() => expect(rows()).toBe(20));
		a.destroy();
		await vi.waitFor(() => expect(rows()).toBe(0));
		const stored = server.app.documents.load(`${w.workshopId}/agenda`);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, stored.snapshot!);
		expect(new AgendaDoc(doc).items().find((i) => i.id === 'welcome')?.minutes).toBe(20);
		// and the room is unloaded from memory soon after
		await vi.waitFor(() => expect(server.app.collab.rooms.size).toBe(0));
	});
});
