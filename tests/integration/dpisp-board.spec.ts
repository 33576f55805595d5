import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { DpispDoc } from '../../src/lib/collab/dpisp-doc';
import { userOrigin } from '../../src/lib/collab/origins';
import { fragmentText } from '../../src/lib/collab/rich-text';
import { updateFrame } from '../../src/lib/server/collab/messages';
import { ClientPool, closeCode, rawSocket, seedWorkshop, startServer, waitForSync, type ProviderClient, type SeededWorkshop, type TestServer } from '../fixtures/server';

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

const connect = (token: string): ProviderClient => pool.connect(server, w.workshopId, 'dpisp', token);

/** The first paragraph's text of a clause, as a Y.XmlText to type into. */
function firstText(doc: Y.Doc, clauseId: string): Y.XmlText {
	const fragment = new DpispDoc(doc).text(clauseId)!;
	const paragraph = fragment.get(0) as Y.XmlElement;
	return paragraph.get(0) as Y.XmlText;
}

describe('DPISP board', () => {
	it('is seeded from the kit with the workshop’s agencies and context filled in', async () => {
		const a = connect(w.participantA.token);
		await waitForSync(a);
		const dpisp = new DpispDoc(a.doc);
		expect(dpisp.clauses().length).toBeGreaterThanOrEqual(20);
		const parties = fragmentText(dpisp.text('parties')!);
		expect(parties).toContain('Agency Alpha (ALPHA)');
		expect(parties).toContain('Agency Beta (BETA)');
		expect(parties).toContain('Testland');
		expect(parties).not.toContain('{{');
		expect(dpisp.requests().length).toBeGreaterThan(3);
	});

	it('converges when two agencies type in the same clause at once', async () => {
		const a = connect(w.participantA.token);
		const b = connect(w.participantB.token);
		await Promise.all([waitForSync(a), waitForSync(b)]);
		const ta = firstText(a.doc, 'purpose');
		const tb = firstText(b.doc, 'purpose');
		a.doc.transact(() => ta.insert(0, 'ALPHA-EDIT '), userOrigin(a.doc.clientID));
		b.doc.transact(() => tb.insert(tb.length, ' BETA-EDIT'), userOrigin(b.doc.clientID));
		await vi.waitFor(() => {
			const textA = fragmentText(new DpispDoc(a.doc).text('purpose')!);
			expect(textA).toBe(fragmentText(new DpispDoc(b.doc).text('purpose')!));
			expect(textA).toMatch(/^ALPHA-EDIT /);
			expect(textA).toContain(' BETA-EDIT');
		});
	});

	it('refuses a position written for another agency, on the server', async () => {
		const a = connect(w.participantA.token);
		await waitForSync(a);
		new DpispDoc(a.doc).setPosition({ clauseId: 'purpose', agencyId: w.agencyIds[1], value: 'object', comment: 'forged' }, userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(a.closes).toContain(CloseCode.ForbiddenWrite));
		expect(server.app.collab.read(w.workshopId, 'dpisp', (d) => new DpispDoc(d).positions())).toEqual([]);
		// the refusal is in the audit log, under the account, once per connection (the stock client keeps retrying)
		const refused = server.app.audit.list(w.workshopId, 50).filter((e) => e.action === 'collab.write-refused');
		expect(refused.length).toBeGreaterThanOrEqual(1);
		expect(refused.length).toBeLessThanOrEqual(a.closes.filter((c) => c === CloseCode.ForbiddenWrite).length);
		expect(refused[0]).toMatchObject({ actorId: w.participantA.user.id, target: 'dpisp' });
		expect(JSON.parse(refused[0].details ?? '{}').reason).toContain('only members of that agency');
	});

	it('stamps who took a position and wrote a comment from their account, whatever the browser wrote', async () => {
		const a = connect(w.participantA.token);
		const b = connect(w.participantB.token);
		await Promise.all([waitForSync(a), waitForSync(b)]);
		// Amal's browser writes the fields the old board trusted, naming Bruno.
		a.doc.transact(() => {
			const forged = new Y.Map<string | number>();
			a.doc.getMap('positions').set(`purpose|${w.agencyIds[0]}`, forged);
			for (const [k, v] of Object.entries({ value: 'agree', comment: '', by: 'Bruno', at: 1 })) forged.set(k, v);
			const comment = new Y.Map<string | number | boolean>();
			a.doc.getMap('comments').set('c1', comment);
			for (const [k, v] of Object.entries({ clauseId: 'purpose', parentId: '', text: 'Bruno agrees', by: 'Bruno', byUserId: w.participantB.user.id, agencyId: w.agencyIds[1], at: 1, quote: '', resolved: false })) comment.set(k, v);
		}, userOrigin(a.doc.clientID));
		await vi.waitFor(() => {
			const dpisp = new DpispDoc(b.doc);
			expect(dpisp.positions()).toMatchObject([{ agencyId: w.agencyIds[0], by: 'Amal', author: { userId: w.participantA.user.id, agencyId: w.agencyIds[0] } }]);
			expect(dpisp.comments()).toMatchObject([{ id: 'c1', by: 'Amal', byUserId: w.participantA.user.id, agencyId: w.agencyIds[0] }]);
		});
		expect(a.closes).toEqual([]);
	});

	it('refuses a write to the server-stamped authors, and an edit of someone else’s comment', async () => {
		const a = connect(w.participantA.token);
		const b = connect(w.participantB.token);
		await Promise.all([waitForSync(a), waitForSync(b)]);
		new DpispDoc(b.doc).addComment({ id: 'c2', clauseId: 'purpose', parentId: '', text: 'Photos need consent', at: 1, quote: '', resolved: false }, userOrigin(b.doc.clientID));
		await vi.waitFor(() => expect(new DpispDoc(a.doc).comments()).toMatchObject([{ id: 'c2', by: 'Bruno' }]));
		// resolving is anyone's; the words are Bruno's
		new DpispDoc(a.doc).setResolved('c2', true, userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'dpisp', (d) => new DpispDoc(d).comments()[0].resolved)).toBe(true));
		a.doc.transact(() => (a.doc.getMap('comments').get('c2') as Y.Map<string>).set('text', 'Photos need no consent'), userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(a.closes).toContain(CloseCode.ForbiddenWrite));
		const other = connect(w.participantA.token);
		await waitForSync(other);
		other.doc.transact(() => (other.doc.getMap('authors').get('comments/c2') as Y.Map<string>).set('name', 'Amal'), userOrigin(other.doc.clientID));
		await vi.waitFor(() => expect(other.closes).toContain(CloseCode.ForbiddenWrite));
		expect(server.app.collab.read(w.workshopId, 'dpisp', (d) => new DpispDoc(d).comments())).toMatchObject([{ id: 'c2', text: 'Photos need consent', by: 'Bruno' }]);
	});

	it('takes the same personal-data warning raised by two browsers at once, from both, without refusing either', async () => {
		const a = connect(w.participantA.token);
		const b = connect(w.participantB.token);
		await Promise.all([waitForSync(a), waitForSync(b)]);
		const finding = { id: 'purpose:phone:+254 7•• ••• •78', clauseId: 'purpose', kind: 'phone', masked: '+254 7•• ••• •78', at: 1, cleared: false };
		new DpispDoc(a.doc).addFinding(finding, userOrigin(a.doc.clientID));
		new DpispDoc(b.doc).addFinding(finding, userOrigin(b.doc.clientID));
		await vi.waitFor(() => expect(new DpispDoc(b.doc).findings()).toMatchObject([{ id: finding.id, by: expect.stringMatching(/Amal|Bruno/) }]));
		expect([...a.closes, ...b.closes]).toEqual([]);
	});

	it('refuses a crafted deletion that starts on garbage-collected content and reaches another agency’s position', async () => {
		const a = connect(w.participantA.token);
		const b = connect(w.participantB.token);
		await Promise.all([waitForSync(a), waitForSync(b)]);
		const agree = () => new DpispDoc(a.doc).setPosition({ clauseId: 'purpose', agencyId: w.agencyIds[0], value: 'agree', comment: '' }, userOrigin(a.doc.clientID));
		agree();
		a.doc.transact(() => a.doc.getMap('positions').delete(`purpose|${w.agencyIds[0]}`), userOrigin(a.doc.clientID));
		agree();
		await vi.waitFor(() => expect(new DpispDoc(b.doc).positions()).toHaveLength(1));
		// Bruno's browser deletes every clock Amal's browser ever wrote, from the first (collected) one.
		const e = encoding.createEncoder();
		for (const n of [0, 1, a.doc.clientID, 1, 0, Y.getState(a.doc.store, a.doc.clientID)]) encoding.writeVarUint(e, n);
		const socket = await rawSocket(server, `/collab/${w.workshopId}/dpisp`, w.participantB.token);
		const closed = closeCode(socket);
		socket.send(updateFrame(encoding.toUint8Array(e)));
		expect(await closed).toBe(CloseCode.ForbiddenWrite);
		expect(server.app.collab.read(w.workshopId, 'dpisp', (d) => new DpispDoc(d).positions())).toMatchObject([{ agencyId: w.agencyIds[0], value: 'agree' }]);
	});

	it('withdraws the agreements on a clause for every client when its text is edited, and says so', async () => {
		const a = connect(w.participantA.token);
		const b = connect(w.participantB.token);
		await Promise.all([waitForSync(a), waitForSync(b)]);
		new DpispDoc(a.doc).setPosition({ clauseId: 'purpose', agencyId: w.agencyIds[0], value: 'agree', comment: '' }, userOrigin(a.doc.clientID));
		new DpispDoc(b.doc).setPosition({ clauseId: 'purpose', agencyId: w.agencyIds[1], value: 'agree', comment: '' }, userOrigin(b.doc.clientID));
		new DpispDoc(b.doc).setPosition({ clauseId: 'parties', agencyId: w.agencyIds[1], value: 'agree', comment: '' }, userOrigin(b.doc.clientID));
		await vi.waitFor(() => expect(new DpispDoc(a.doc).positions()).toHaveLength(3));
		expect(server.app.dpisp.state(server.app.workshops.get(w.workshopId)!)).toBe('in-progress');

		const text = firstText(b.doc, 'purpose');
		b.doc.transact(() => text.insert(0, 'Changed: '), userOrigin(b.doc.clientID));
		for (const client of [a, b]) {
			await vi.waitFor(() => {
				const dpisp = new DpispDoc(client.doc);
				expect(dpisp.positions().filter((p) => p.clauseId === 'purpose')).toEqual([]);
				expect(dpisp.positions().filter((p) => p.clauseId === 'parties')).toHaveLength(1);
				expect(dpisp.resets()).toMatchObject([{ clauseId: 'purpose', by: 'Bruno', count: 2 }]);
			});
		}
	});

	it('saves named versions of the protocol text', async () => {
		const workshop = server.app.workshops.get(w.workshopId)!;
		server.app.dpisp.saveVersion(workshop, 'Sent to legal teams', { userId: w.facilitator.user.id, label: 'Fatima' });
		const [version] = server.app.dpisp.versions(workshop);
		expect(version.name).toBe('Sent to legal teams');
		expect(version.content.clauses[0]).toMatchObject({ id: 'parties', number: 1 });
	});
});
