import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AgendaDoc } from '../../src/lib/collab/agenda-doc';
import { BreachDoc } from '../../src/lib/collab/breach-doc';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { DpiaDoc, newRisk } from '../../src/lib/collab/dpia-doc';
import { DpispDoc } from '../../src/lib/collab/dpisp-doc';
import { LiveDoc } from '../../src/lib/collab/live-doc';
import { serverOrigin, userOrigin } from '../../src/lib/collab/origins';
import { VOTE_CLOSE_GRACE_MS } from '../../src/lib/server/facilitation';
import { remainingMs } from '../../src/lib/domain/facilitation/timer';
import { ClientPool, seedWorkshop, startServer, waitForSync, type ProviderClient, type SeededWorkshop, type TestServer } from '../fixtures/server';

let server: TestServer;
let w: SeededWorkshop;
const pool = new ClientPool();
const workshop = () => server.app.workshops.get(w.workshopId)!;
const fatima = () => ({ userId: w.facilitator.user.id, label: 'fatima@example.org' });

beforeEach(async () => {
	server = await startServer({ ACCORD_DECISION_SETTLE_SECONDS: '1' });
	w = await seedWorkshop(server.app);
});

afterEach(async () => {
	pool.destroyAll();
	await server.close();
});

const connect = (board: string, token: string): ProviderClient => pool.connect(server, w.workshopId, board, token);

describe('locks', () => {
	it('refuses a participant writing a locked clause, and lets the facilitator and other clauses through', async () => {
		expect(server.app.facilitation.lock(workshop(), 'dpisp', 'audit', true, fatima(), 'Fatima')).toEqual({ ok: true });
		const a = connect('dpisp', w.participantA.token);
		const f = connect('dpisp', w.facilitator.token);
		await Promise.all([waitForSync(a), waitForSync(f)]);
		const other = new DpispDoc(a.doc).clauses().find((c) => c.id !== 'audit')!;
		new DpispDoc(a.doc).updateClause(other.id, { title: 'Changed by Amal' }, userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'dpisp', (d) => new DpispDoc(d).clauses().find((c) => c.id === other.id)?.title)).toBe('Changed by Amal'));
		new DpispDoc(f.doc).updateClause('audit', { title: 'Audit (facilitator)' }, userOrigin(f.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'dpisp', (d) => new DpispDoc(d).clauses().find((c) => c.id === 'audit')?.title)).toBe('Audit (facilitator)'));
		new DpispDoc(a.doc).updateClause('audit', { title: 'Audit (Amal)' }, userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(a.closes).toContain(CloseCode.ForbiddenWrite));
		expect(server.app.collab.read(w.workshopId, 'dpisp', (d) => new DpispDoc(d).clauses().find((c) => c.id === 'audit')?.title)).toBe('Audit (facilitator)');
	});

	it('locks a whole board, shows who locked it, and unlocks it', async () => {
		server.app.facilitation.lock(workshop(), 'breach', null, true, fatima(), 'Fatima');
		const live = connect('live', w.participantB.token);
		await waitForSync(live);
		expect(new LiveDoc(live.doc).locks()).toMatchObject([{ board: 'breach', path: [], by: 'Fatima' }]);
		const a = connect('breach', w.participantA.token);
		await waitForSync(a);
		const [step] = new BreachDoc(a.doc).steps();
		new BreachDoc(a.doc).setStep({ ...step, hours: 9 }, userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(a.closes).toContain(CloseCode.ForbiddenWrite));

		server.app.facilitation.lock(workshop(), 'breach', null, false, fatima(), 'Fatima');
		await vi.waitFor(() => expect(new LiveDoc(live.doc).locks()).toEqual([]));
		const again = connect('breach', w.participantA.token);
		await waitForSync(again);
		new BreachDoc(again.doc).setStep({ ...step, hours: 7 }, userOrigin(again.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'breach', (d) => new BreachDoc(d).steps()[0].hours)).toBe(7));
	});

	it('keeps the timer, locks and votes server-written and "follow" to facilitators', async () => {
		const a = connect('live', w.participantA.token);
		await waitForSync(a);
		a.doc.getMap('follow').set('board', 'dpia');
		await vi.waitFor(() => expect(a.closes).toContain(CloseCode.ForbiddenWrite));
		const b = connect('live', w.participantB.token);
		await waitForSync(b);
		b.doc.getMap('timer').set('durationMs', 1);
		await vi.waitFor(() => expect(b.closes).toContain(CloseCode.ForbiddenWrite));
		const f = connect('live', w.facilitator.token);
		await waitForSync(f);
		new LiveDoc(f.doc).setFollow({ board: 'dpia', view: 'risks', by: 'Fatima', summon: 1 }, userOrigin(f.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'live', (d) => new LiveDoc(d).follow().board)).toBe('dpia'));
	});
});

describe('dot voting', () => {
	it('keeps every ballot off the wire until the facilitator closes the vote, then shows totals only', async () => {
		const opened = server.app.facilitation.openVote(workshop(), { question: 'Which risks first?', options: [{ id: 'r1', label: 'Re-identification' }, { id: 'r2', label: 'Lost laptop' }, { id: 'r3', label: 'Coercion' }], perPerson: 3, minutes: 0 }, fatima());
		if (!opened.ok) throw new Error(opened.problem);
		const watcher = connect('live', w.observer.token);
		await waitForSync(watcher);
		const vote = (userId: string, allocations: Record<string, number>) => server.app.facilitation.ballot(workshop(), opened.voteId, userId, allocations);
		expect(vote(w.participantA.user.id, { r1: 2, r2: 2 })).toEqual({ ok: false, problem: 'too-many-dots' });
		expect(vote(w.participantA.user.id, { r9: 1 })).toEqual({ ok: false, problem: 'unknown-option' });
		expect(vote(w.participantA.user.id, { r1: 2, r3: 1 })).toEqual({ ok: true });
		expect(vote(w.participantB.user.id, { r3: 3 })).toEqual({ ok: true });
		await vi.waitFor(() => expect(new LiveDoc(watcher.doc).votes()[0].voted.sort()).toEqual([w.participantA.user.id, w.participantB.user.id].sort()));
		const seen = () => JSON.stringify(watcher.doc.getMap('votes').toJSON());
		expect(new LiveDoc(watcher.doc).votes()[0]).toMatchObject({ state: 'open', results: [], voters: 0 });
		expect(seen()).not.toMatch(/allocations|"r1":|"dots"/);

		expect(server.app.facilitation.closeVote(workshop(), opened.voteId, fatima())).toEqual({ ok: true });
		await vi.waitFor(() => expect(new LiveDoc(watcher.doc).votes()[0].state).toBe('closed'));
		expect(new LiveDoc(watcher.doc).votes()[0]).toMatchObject({ voters: 2, results: [{ option: 'r3', dots: 4 }, { option: 'r1', dots: 2 }, { option: 'r2', dots: 0 }] });
		expect(vote(w.participantA.user.id, { r2: 1 })).toEqual({ ok: false, problem: 'vote-closed' });
	});
});

describe('a timed vote whose closing timer was lost', () => {
	it('is closed by the server once its end is past by the grace period (its node stopped, or the server restarted)', async () => {
		const watcher = connect('live', w.observer.token);
		await waitForSync(watcher);
		// opened elsewhere: no timer here, as on a node that did not open it or after a restart
		const endsAt = Date.now() - VOTE_CLOSE_GRACE_MS - 1_000;
		server.app.collab.transact(w.workshopId, 'live', (doc) =>
			new LiveDoc(doc).openVote({ id: 'v-lost', question: 'Which first?', options: [{ id: 'a', label: 'A' }], perPerson: 1, endsAt, openedAt: endsAt - 60_000 }, serverOrigin)
		);
		expect(server.app.facilitation.ballot(workshop(), 'v-lost', w.participantA.user.id, { a: 1 })).toEqual({ ok: false, problem: 'vote-closed' });
		expect(server.app.facilitation.closeOverdueVotes(endsAt + VOTE_CLOSE_GRACE_MS - 1)).toBe(0);
		expect(server.app.facilitation.closeOverdueVotes()).toBe(1);
		await vi.waitFor(() => expect(new LiveDoc(watcher.doc).votes()[0]).toMatchObject({ state: 'closed', voters: 0 }));
		expect(server.app.facilitation.closeOverdueVotes()).toBe(0);
	});
});

describe('timer and decisions', () => {
	it('runs the agenda on the server clock and logs decisions with who was present', async () => {
		const items = server.app.collab.read(w.workshopId, 'agenda', (d) => new AgendaDoc(d).items());
		expect(server.app.facilitation.timer(workshop(), { kind: 'start', itemId: items[0].id }, fatima())).toEqual({ ok: true });
		expect(server.app.facilitation.timer(workshop(), { kind: 'extend', minutes: 5 }, fatima())).toEqual({ ok: true });
		const live = connect('live', w.participantA.token);
		await waitForSync(live);
		const t = new LiveDoc(live.doc).timer();
		expect(t.itemId).toBe(items[0].id);
		expect(t.durationMs).toBe((items[0].minutes + 5) * 60_000);
		expect(remainingMs(t, Date.now())).toBeLessThanOrEqual(t.durationMs);
		server.app.facilitation.timer(workshop(), { kind: 'skip' }, fatima());
		await vi.waitFor(() => expect(new LiveDoc(live.doc).timer().itemId).toBe(items[1].id));

		server.app.facilitation.logDecision(w.workshopId, 'manual', 'We treat coercion first', 'dpia', 'Fatima');
		await vi.waitFor(() => expect(new LiveDoc(live.doc).decisions()).toMatchObject([{ kind: 'manual', text: 'We treat coercion first', by: 'Fatima', present: ['Amal'] }]));
	});

	it('logs a clause as decided when every agency agrees to it', async () => {
		const a = connect('dpisp', w.participantA.token);
		const b = connect('dpisp', w.participantB.token);
		await Promise.all([waitForSync(a), waitForSync(b)]);
		new DpispDoc(a.doc).setPosition({ clauseId: 'audit', agencyId: w.agencyIds[0], value: 'agree', comment: '' }, userOrigin(a.doc.clientID));
		new DpispDoc(b.doc).setPosition({ clauseId: 'audit', agencyId: w.agencyIds[1], value: 'reservation', comment: 'only in-country' }, userOrigin(b.doc.clientID));
		await vi.waitFor(() => expect(server.app.facilitation.decisions(w.workshopId)).toMatchObject([{ kind: 'clause-agreed', board: 'dpisp' }]));
		expect(server.app.facilitation.quiet(workshop(), ['dpisp'])).toEqual([]);
	});

	it('tells the facilitator which participants have not spoken up yet', async () => {
		expect(server.app.facilitation.quiet(workshop(), ['dpisp']).map((q) => q.name).sort()).toEqual(['Amal', 'Bruno']);
		const a = connect('dpisp', w.participantA.token);
		await waitForSync(a);
		new DpispDoc(a.doc).setPosition({ clauseId: 'audit', agencyId: w.agencyIds[0], value: 'object', comment: 'too broad' }, userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(server.app.facilitation.quiet(workshop(), ['dpisp']).map((q) => q.name)).toEqual(['Bruno']));
	});
});

describe('decisions from the boards', () => {
	it('logs a risk acceptance at once under the accepting account, and the audit-log decision once it has settled, once per wording', async () => {
		const dpia = connect('dpia', w.participantA.token);
		const breach = connect('breach', w.participantB.token);
		await Promise.all([waitForSync(dpia), waitForSync(breach)]);
		const d = new DpiaDoc(dpia.doc);
		d.addRisk(newRisk({ id: 'r1', title: 'Lost tablet', createdBy: 'Amal', position: 1 }), userOrigin(dpia.doc.clientID));
		d.updateRisk('r1', { inherent: { severity: 4, likelihood: 3 }, residual: { severity: 4, likelihood: 2 } }, userOrigin(dpia.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'dpia', (doc) => new DpiaDoc(doc).risk('r1')?.residual)).toEqual({ severity: 4, likelihood: 2 }));
		const amal = server.app.workshops.member(w.workshopId, w.participantA.user.id)!;
		expect(server.app.dpia.accept(workshop(), 'r1', 'Encrypted and wiped remotely', amal, { userId: amal.userId, label: 'amal@example.org' })).toEqual({ ok: true });
		expect(server.app.facilitation.decisions(w.workshopId).map((x) => [x.kind, x.text, x.by])).toContainEqual(['risk-accepted', 'Lost tablet — Amal (ALPHA): Encrypted and wiped remotely', 'Amal']);
		new BreachDoc(breach.doc).setAudit({ viewers: ['dpo'], purposes: ['breach-investigation'], frequency: 'monthly', findingsTo: 'the group', retention: 'a year' }, userOrigin(breach.doc.clientID));
		await vi.waitFor(() => expect(server.app.facilitation.decisions(w.workshopId).filter((x) => x.kind === 'audit-decision')).toHaveLength(1), { timeout: 5000 });
		expect(server.app.facilitation.decisions(w.workshopId).filter((x) => x.kind === 'risk-accepted')).toHaveLength(1);
	});
});

describe('hand-over', () => {
	it('makes another member the facilitator and the giver a participant, reconnecting both', async () => {
		const f = connect('live', w.facilitator.token);
		await waitForSync(f);
		expect(server.app.workshopService.handOver(w.workshopId, w.participantB.user.id, w.participantA.user.id, fatima())).toEqual({ ok: false, problem: 'not-found' });
		expect(server.app.workshopService.handOver(w.workshopId, w.facilitator.user.id, w.participantA.user.id, fatima())).toEqual({ ok: true });
		expect(server.app.workshops.member(w.workshopId, w.participantA.user.id)?.role).toBe('facilitator');
		expect(server.app.workshops.member(w.workshopId, w.facilitator.user.id)?.role).toBe('observer');
		await vi.waitFor(() => expect(f.closes).toContain(CloseCode.PermissionsChanged));
		expect(server.app.facilitation.timer(workshop(), { kind: 'stop' }, { userId: w.participantA.user.id, label: 'Amal' })).toEqual({ ok: true });
	});
});

describe('dropped connections', () => {
	it('merges the edits of a client that was offline when it reconnects', async () => {
		const a = connect('agenda', w.participantA.token);
		const b = connect('agenda', w.participantB.token);
		await Promise.all([waitForSync(a), waitForSync(b)]);
		const [first, second] = new AgendaDoc(a.doc).items();
		a.provider.disconnect();
		new AgendaDoc(a.doc).update(first.id, { title: 'Offline edit by Amal' }, userOrigin(a.doc.clientID));
		new AgendaDoc(b.doc).update(second.id, { title: 'Online edit by Bruno' }, userOrigin(b.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'agenda', (d) => new AgendaDoc(d).items()[1].title)).toBe('Online edit by Bruno'));
		a.provider.connect();
		for (const c of [a, b]) {
			await vi.waitFor(() => {
				const titles = new AgendaDoc(c.doc).items().map((i) => i.title);
				expect(titles[0]).toBe('Offline edit by Amal');
				expect(titles[1]).toBe('Online edit by Bruno');
			});
		}
	});

	it('refuses offline edits to an item locked in the meantime, and says why', async () => {
		const a = connect('dpisp', w.participantA.token);
		await waitForSync(a);
		a.provider.disconnect();
		new DpispDoc(a.doc).updateClause('audit', { title: 'Written offline' }, userOrigin(a.doc.clientID));
		server.app.facilitation.lock(workshop(), 'dpisp', 'audit', true, fatima(), 'Fatima');
		a.provider.connect();
		await vi.waitFor(() => expect(a.closes).toContain(CloseCode.ForbiddenWrite));
		expect(server.app.collab.read(w.workshopId, 'dpisp', (d) => new DpispDoc(d).clauses().find((c) => c.id === 'audit')?.title)).not.toBe('Written offline');
		expect(new DpispDoc(a.doc).clauses().find((c) => c.id === 'audit')?.title).toBe('Written offline');
	});
});
