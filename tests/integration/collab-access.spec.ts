import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AgendaDoc } from '../../src/lib/collab/agenda-doc';
import { DpispDoc } from '../../src/lib/collab/dpisp-doc';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { userOrigin } from '../../src/lib/collab/origins';
import { closeCode, rawSocket, seedWorkshop, startServer, waitForSync, type SeededWorkshop, type TestServer, ClientPool } from '../fixtures/server';

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

describe('who may connect', () => {
	it('answers 401 without a valid session', async () => {
		await expect(rawSocket(server, `/collab/${w.workshopId}/agenda`, null)).rejects.toMatchObject({ status: 401 });
		await expect(rawSocket(server, `/collab/${w.workshopId}/agenda`, 'not-a-real-token')).rejects.toMatchObject({ status: 401 });
	});

	it('answers 403 for another origin and for people outside the workshop', async () => {
		await expect(rawSocket(server, `/collab/${w.workshopId}/agenda`, w.facilitator.token, 'http://evil.example')).rejects.toMatchObject({ status: 403 });
		await expect(rawSocket(server, `/collab/${w.workshopId}/agenda`, w.outsider.token)).rejects.toMatchObject({ status: 403 });
	});

	it('answers 404 for an unknown board', async () => {
		await expect(rawSocket(server, `/collab/${w.workshopId}/no-such-board`, w.facilitator.token)).rejects.toMatchObject({ status: 404 });
	});

	it('loads no document for a refused connection', async () => {
		await expect(rawSocket(server, `/collab/${w.workshopId}/agenda`, w.outsider.token)).rejects.toMatchObject({ status: 403 });
		expect(server.app.collab.rooms.size).toBe(0);
	});
});

describe('observers', () => {
	it('never let an observer edit land in storage or reach anyone', async () => {
		const observer = connect(w.observer.token);
		const participant = connect(w.participantA.token);
		await Promise.all([waitForSync(observer), waitForSync(participant)]);
		new AgendaDoc(participant.doc).update('lunch', { title: 'Long lunch' }, userOrigin(participant.doc.clientID));
		await vi.waitFor(() => expect(new AgendaDoc(observer.doc).items().find((i) => i.id === 'lunch')?.title).toBe('Long lunch'));
		new AgendaDoc(observer.doc).update('welcome', { title: 'Observer was here' }, userOrigin(observer.doc.clientID));
		await vi.waitFor(() => expect(observer.closes).toContain(CloseCode.ForbiddenWrite));
		expect(new AgendaDoc(participant.doc).items().find((i) => i.id === 'welcome')?.title).not.toBe('Observer was here');
		await server.restart();
		const late = connect(w.facilitator.token);
		await waitForSync(late);
		const items = new AgendaDoc(late.doc).items();
		expect(items.find((i) => i.id === 'welcome')?.title).not.toBe('Observer was here');
		expect(items.find((i) => i.id === 'lunch')?.title).toBe('Long lunch');
	});
});

describe('read-only people who change nothing', () => {
	/** Reconnects a stock client ten times, each time with its whole copy (deletions included), and waits for the sync. */
	async function reloadTenTimes(client: ReturnType<typeof connect>) {
		for (let i = 0; i < 10; i++) {
			client.provider.disconnect();
			client.provider.connect();
			await new Promise<void>((resolve) => client.provider.once('sync', (synced: boolean) => synced && resolve()));
		}
	}

	it('are never told a change was refused: an observer reloading ten times', async () => {
		const participant = connect(w.participantA.token);
		await waitForSync(participant);
		// content created and deleted: every browser holding the board now carries a delete set
		const agenda = new AgendaDoc(participant.doc);
		for (const id of ['lunch', 'welcome']) agenda.update(id, { title: `Renamed ${id}` }, userOrigin(participant.doc.clientID));
		const observer = connect(w.observer.token);
		await waitForSync(observer);
		await vi.waitFor(() => expect(new AgendaDoc(observer.doc).items().find((i) => i.id === 'lunch')?.title).toBe('Renamed lunch'));
		await reloadTenTimes(observer);
		expect(observer.closes).not.toContain(CloseCode.ForbiddenWrite);
		expect(server.logs.filter((l) => l.includes('write refused'))).toEqual([]);
		expect(server.app.audit.list(w.workshopId, 100).filter((e) => e.action === 'collab.write-refused')).toEqual([]);
	});

	it('are never told a change was refused: a signatory on a frozen board reloading ten times, while the writers’ reloads store nothing', async () => {
		const participant = connect(w.participantA.token, 'dpisp');
		await waitForSync(participant);
		await vi.waitFor(() => expect(new DpispDoc(participant.doc).clauses().length).toBeGreaterThan(5));
		const dpisp = new DpispDoc(participant.doc);
		dpisp.addComment({ id: 'c1', clauseId: 'purpose', parentId: '', text: 'gone soon', at: 1, quote: '', resolved: false }, userOrigin(participant.doc.clientID));
		dpisp.removeClause('definitions', userOrigin(participant.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'dpisp', (d) => new DpispDoc(d).clauses().some((c) => c.id === 'definitions'))).toBe(false));
		// a writer's reloads bring nothing new: nothing is appended to the board's log
		const rows = () => server.app.documents.load(`${w.workshopId}/dpisp`).updates.length;
		const before = rows();
		await reloadTenTimes(participant);
		expect(rows()).toBe(before);
		// frozen: the same person is read-only now
		server.app.boards.setFrozen(w.workshopId, true);
		await vi.waitFor(() => expect(participant.closes).toContain(CloseCode.PermissionsChanged));
		// 44xx closes are final for a stock client: the page reloads (here: connects again)
		participant.provider.connect();
		await waitForSync(participant);
		await reloadTenTimes(participant);
		expect(participant.closes).not.toContain(CloseCode.ForbiddenWrite);
		expect(server.logs.filter((l) => l.includes('write refused'))).toEqual([]);
	});
});

describe('membership changes', () => {
	it('cuts a removed member off within a second, and refuses them afterwards', async () => {
		const p = connect(w.participantB.token);
		await waitForSync(p);
		const started = Date.now();
		const result = server.app.workshopService.removeMember(w.workshopId, w.participantB.user.id, { userId: w.facilitator.user.id, label: 'facilitator' });
		expect(result.ok).toBe(true);
		await vi.waitFor(() => expect(p.closes).toContain(CloseCode.MemberRemoved), { timeout: 1000 });
		expect(Date.now() - started).toBeLessThan(1000);
		await expect(rawSocket(server, `/collab/${w.workshopId}/agenda`, w.participantB.token)).rejects.toMatchObject({ status: 403 });
	});

	it('closes the connections of a member whose role changed, and they come back read-only', async () => {
		const ws = await rawSocket(server, `/collab/${w.workshopId}/agenda`, w.participantA.token);
		const closed = closeCode(ws);
		server.app.workshopService.changeMember(w.workshopId, w.participantA.user.id, { role: 'observer', agencyId: w.agencyIds[0], isSignatory: false }, { userId: w.facilitator.user.id, label: 'facilitator' });
		expect(await closed).toBe(CloseCode.PermissionsChanged);
	});

	it('ends the connections of a session that signs out everywhere', async () => {
		const ws = await rawSocket(server, `/collab/${w.workshopId}/agenda`, w.participantA.token);
		const closed = closeCode(ws);
		server.app.collab.closeSessions(server.app.sessions.invalidateAll(w.participantA.user.id));
		expect(await closed).toBe(CloseCode.SessionEnded);
	});
});
