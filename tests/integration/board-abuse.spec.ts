import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { AgendaDoc } from '../../src/lib/collab/agenda-doc';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { userOrigin } from '../../src/lib/collab/origins';
import { cli } from '../fixtures/process';
import { ClientPool, seedWorkshop, startServer, waitForSync, type ProviderClient, type SeededWorkshop, type TestServer } from '../fixtures/server';

/**
 * One participant trying to stop a workshop for everyone by filling a board, and the workshop
 * carrying on: a per-person write budget, deletions accepted at the size limit, and a facilitator
 * (or an operator) restoring the board to a point taken before it grew large.
 */
let server: TestServer;
let w: SeededWorkshop;
const pool = new ClientPool();

afterEach(async () => {
	pool.destroyAll();
	await server.close();
});

const connect = (token: string): ProviderClient => pool.connect(server, w.workshopId, 'agenda', token);
const workshop = () => server.app.workshops.get(w.workshopId)!;
const fatima = () => ({ userId: w.facilitator.user.id, label: 'fatima@example.org' });
const junk = (n: number, bytes: number) => `${n}:`.padEnd(bytes, 'x');
const notes = (doc: Y.Doc) => doc.getMap<string>('junk');
const titleOf = (doc: Y.Doc, id: string) => new AgendaDoc(doc).items().find((i) => i.id === id)?.title;

async function start(env: Record<string, string>) {
	server = await startServer(env);
	w = await seedWorkshop(server.app);
}

describe('a participant filling a board', () => {
	it('is stopped by the write budget after a minute’s worth, alone: everyone else keeps writing', async () => {
		await start({ ACCORD_WRITE_BYTES_PER_MINUTE: String(3 * 1024 * 1024) });
		const mallory = connect(w.participantB.token);
		const amal = connect(w.participantA.token);
		await Promise.all([waitForSync(mallory), waitForSync(amal)]);
		mallory.doc.transact(() => notes(mallory.doc).set('a', junk(1, 1_900_000)), userOrigin(mallory.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'agenda', (d) => notes(d).has('a'))).toBe(true));
		mallory.doc.transact(() => notes(mallory.doc).set('b', junk(2, 1_900_000)), userOrigin(mallory.doc.clientID));
		await vi.waitFor(() => expect(mallory.closes).toContain(CloseCode.SlowDown));
		expect(server.app.collab.read(w.workshopId, 'agenda', (d) => notes(d).has('b'))).toBe(false);
		// the others are not slowed down
		new AgendaDoc(amal.doc).update('lunch', { title: 'Working lunch' }, userOrigin(amal.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'agenda', (d) => titleOf(d, 'lunch'))).toBe('Working lunch'));
		expect(amal.closes).toEqual([]);
	});

	it('cannot make the board read-only for ever: deletions are accepted at the limit, and a facilitator restores the board for everyone', async () => {
		await start({ ACCORD_DOC_WARN_BYTES: String(100_000), ACCORD_DOC_MAX_BYTES: String(1_000_000), ACCORD_WRITE_BYTES_PER_MINUTE: String(100 * 1024 * 1024) });
		const mallory = connect(w.participantB.token);
		const amal = connect(w.participantA.token);
		await Promise.all([waitForSync(mallory), waitForSync(amal)]);
		new AgendaDoc(amal.doc).update('lunch', { title: 'Working lunch' }, userOrigin(amal.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'agenda', (d) => titleOf(d, 'lunch'))).toBe('Working lunch'));
		for (let i = 0; i < 6 && !mallory.closes.includes(CloseCode.DocumentTooLarge); i++) {
			mallory.doc.transact(() => notes(mallory.doc).set(`j${i}`, junk(i, 190_000)), userOrigin(mallory.doc.clientID));
			await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'agenda', (d) => notes(d).has(`j${i}`)) || mallory.closes.includes(CloseCode.DocumentTooLarge)).toBe(true));
		}
		// full: new content is refused, for the facilitator too...
		const facilitator = connect(w.facilitator.token);
		await waitForSync(facilitator);
		new AgendaDoc(facilitator.doc).update('welcome', { title: 'Welcome back' }, userOrigin(facilitator.doc.clientID));
		await vi.waitFor(() => expect(facilitator.closes).toContain(CloseCode.DocumentTooLarge));
		// ...but a deletion is accepted, and the board comes back under its limit
		const cleaner = connect(w.facilitator.token);
		await waitForSync(cleaner);
		cleaner.doc.transact(() => notes(cleaner.doc).delete('j0'), userOrigin(cleaner.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'agenda', (d) => notes(d).has('j0'))).toBe(false));
		expect(cleaner.closes).not.toContain(CloseCode.DocumentTooLarge);

		// the point taken before the board crossed its warning size brings it all back, live
		const points = server.app.history.points(workshop(), 'agenda');
		const before = points.find((p) => p.reason === 'before-warning-size')!;
		expect(before).toBeTruthy();
		expect(server.app.history.restore(workshop(), 'agenda', before.id, fatima(), 'Fatima')).toEqual({ ok: true });
		await vi.waitFor(() => expect(notes(amal.doc).size).toBe(0));
		expect(titleOf(amal.doc, 'lunch')).toBe('Working lunch');
		expect(server.app.audit.list(w.workshopId, 20).some((e) => e.action === 'board.restored' && e.actorId === w.facilitator.user.id)).toBe(true);
		// the board is small again and takes new content; Mallory's browser, which kept the junk, cannot bring it back
		const after = connect(w.participantA.token);
		await waitForSync(after);
		new AgendaDoc(after.doc).update('welcome', { title: 'Welcome back' }, userOrigin(after.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'agenda', (d) => titleOf(d, 'welcome'))).toBe('Welcome back'));
		mallory.provider.connect();
		await waitForSync(mallory);
		await vi.waitFor(() => expect(notes(mallory.doc).size).toBe(0));
		expect(server.app.collab.read(w.workshopId, 'agenda', (d) => notes(d).size)).toBe(0);
		// and it holds across a restart
		await server.restart();
		const late = connect(w.facilitator.token);
		await waitForSync(late);
		expect(notes(late.doc).size).toBe(0);
		expect(titleOf(late.doc, 'welcome')).toBe('Welcome back');
	});

	it('can be undone by an operator from the command line', async () => {
		await start({ ACCORD_DOC_WARN_BYTES: String(100_000), ACCORD_DOC_MAX_BYTES: String(1_000_000) });
		const mallory = connect(w.participantB.token);
		await waitForSync(mallory);
		mallory.doc.transact(() => notes(mallory.doc).set('j', junk(0, 150_000)), userOrigin(mallory.doc.clientID));
		await vi.waitFor(() => expect(server.app.history.points(workshop(), 'agenda').length).toBe(1));
		const [point] = server.app.history.points(workshop(), 'agenda');
		pool.destroyAll();
		await server.restart(); // the operator works on the stored board
		const listed = cli(['board-restore', w.workshopId, 'agenda'], { DATA_DIR: server.dataDir });
		expect(listed.stdout).toContain(point.id);
		const restored = cli(['board-restore', w.workshopId, 'agenda', point.id], { DATA_DIR: server.dataDir });
		expect(restored.status, restored.stderr).toBe(0);
		await server.restart();
		const check = connect(w.facilitator.token);
		await waitForSync(check);
		expect(notes(check.doc).size).toBe(0);
		expect(cli(['board-restore', w.workshopId, 'agenda', 'nope'], { DATA_DIR: server.dataDir }).stderr).toContain('is not a restore point');
	});
});
