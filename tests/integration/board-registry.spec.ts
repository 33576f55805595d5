import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUTHORS_ROOT, readAuthor } from '../../src/lib/collab/authors';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { userOrigin } from '../../src/lib/collab/origins';
import type { ServerBoard } from '../../src/lib/server/boards/board';
import { BOARDS } from '../../src/lib/server/boards/registry';
import { allOf, serverOwnedRoots, stampAuthors } from '../../src/lib/server/boards/rules';
import { FrozenBoardError } from '../../src/lib/server/boards/workshop-boards';
import { exported, exportLabelsForTests } from '../fixtures/export-labels';
import { validateAgainstPublishedSchema } from '../fixtures/export-schema';
import { freezeFirstVersion } from '../fixtures/protocol';
import { ClientPool, rawSocket, seedWorkshop, startServer, waitForSync, type SeededWorkshop, type TestServer } from '../fixtures/server';

/**
 * A board that exists only in this test, added the way docs/architecture.md ("Adding a board")
 * says: one module, one line in the list of boards, and no change to the collaboration engine.
 */
const notesBoard: ServerBoard = {
	id: 'notes',
	always: true,
	step: true,
	policy: allOf(serverOwnedRoots(['verdict', AUTHORS_ROOT])),
	afterWrite: stampAuthors([{ root: 'notes', mode: 'creator' }]),
	lockPaths: (item) => [['notes', item]],
	// what it adds to the signed protocol
	annex: (doc) => {
		const notes = [...doc.getMap<string>('notes').values()].sort();
		return notes.length > 0 ? { title: 'Notes from the day', blocks: [{ type: 'list', ordered: false, items: notes }] } : null;
	}
};

let server: TestServer;
let w: SeededWorkshop;
const pool = new ClientPool();

beforeEach(async () => {
	server = await startServer({}, { boards: [...BOARDS, notesBoard] });
	w = await seedWorkshop(server.app);
});

afterEach(async () => {
	pool.destroyAll();
	await server.close();
});

describe('a board registered by a test', () => {
	it('syncs between people, survives a restart, and has its writes attributed by the server', async () => {
		const amal = pool.connect(server, w.workshopId, 'notes', w.participantA.token);
		const bruno = pool.connect(server, w.workshopId, 'notes', w.participantB.token);
		await Promise.all([waitForSync(amal), waitForSync(bruno)]);
		amal.doc.transact(() => amal.doc.getMap('notes').set('n1', 'Ask the ministry about retention'), userOrigin(amal.doc.clientID));
		await vi.waitFor(() => expect(bruno.doc.getMap('notes').get('n1')).toBe('Ask the ministry about retention'));
		await vi.waitFor(() => expect(readAuthor(bruno.doc, 'notes', 'n1')?.userId).toBe(w.participantA.user.id));
		await server.restart();
		expect(server.app.collab.read(w.workshopId, 'notes', (doc) => doc.getMap('notes').get('n1'))).toBe('Ask the ministry about retention');
	});

	it('enforces its own policy on the server', async () => {
		const amal = pool.connect(server, w.workshopId, 'notes', w.participantA.token);
		await waitForSync(amal);
		amal.doc.transact(() => amal.doc.getMap('verdict').set('final', 'approved'), userOrigin(amal.doc.clientID));
		await vi.waitFor(() => expect(amal.closes).toContain(CloseCode.ForbiddenWrite));
		expect(server.app.collab.read(w.workshopId, 'notes', (doc) => doc.getMap('verdict').size)).toBe(0);
	});

	it('is frozen with the protocol and honours a facilitator lock on one item', async () => {
		const lock = server.app.facilitation.lock(server.app.workshops.get(w.workshopId)!, 'notes', 'n1', true, { userId: w.facilitator.user.id, label: 'Fatima' }, 'Fatima');
		expect(lock).toEqual({ ok: true });
		const amal = pool.connect(server, w.workshopId, 'notes', w.participantA.token);
		await waitForSync(amal);
		amal.doc.transact(() => amal.doc.getMap('notes').set('n1', 'changed under a lock'), userOrigin(amal.doc.clientID));
		await vi.waitFor(() => expect(amal.closes).toContain(CloseCode.ForbiddenWrite));
		server.app.boards.setFrozen(w.workshopId, true);
		expect(() => server.app.collab.transact(w.workshopId, 'notes', (doc) => doc.getMap('notes').set('n2', 'late'))).toThrow(FrozenBoardError);
		expect(server.app.collab.authorize(w.workshopId, 'notes', server.origin, w.participantB.token)).toMatchObject({ ok: true, readOnly: true });
	});

	it('appears in the frozen, sealed protocol, which still follows the published schema', async () => {
		const amal = pool.connect(server, w.workshopId, 'notes', w.participantA.token);
		await waitForSync(amal);
		amal.doc.transact(() => amal.doc.getMap('notes').set('n1', 'Ask the ministry about retention'), userOrigin(amal.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'notes', (doc) => doc.getMap('notes').size)).toBe(1));
		const workshop = freezeFirstVersion(server.app, w);
		const frozen = server.app.protocol.snapshot(workshop, 1)!.snapshot;
		expect(frozen.annexes).toEqual([{ board: 'notes', title: 'Notes from the day', blocks: [{ type: 'list', ordered: false, items: ['Ask the ministry about retention'] }] }]);
		const json = JSON.parse(Buffer.from(exported(await server.app.protocol.export(workshop, 1, 'json', exportLabelsForTests, { userId: w.facilitator.user.id, label: 'Fatima' }))).toString('utf8'));
		expect(validateAgainstPublishedSchema(json)).toEqual([]);
		expect(json.snapshot.annexes[0].blocks[0].items).toEqual(['Ask the ministry about retention']);
	});

	it('is unknown to a server that was not given it', async () => {
		const plain = await startServer();
		try {
			const seeded = await seedWorkshop(plain.app);
			await expect(rawSocket(plain, `/collab/${seeded.workshopId}/notes`, seeded.facilitator.token)).rejects.toMatchObject({ status: 404 });
		} finally {
			await plain.close();
		}
	});
});
