import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BreachDoc } from '../../src/lib/collab/breach-doc';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { DpispDoc } from '../../src/lib/collab/dpisp-doc';
import { userOrigin } from '../../src/lib/collab/origins';
import { TermsDoc } from '../../src/lib/collab/terms-doc';
import { organisationStatus } from '../../src/lib/domain/terms/review';
import { ClientPool, seedWorkshop, startServer, waitForSync, type ProviderClient, type SeededWorkshop, type TestServer } from '../fixtures/server';

let server: TestServer;
let w: SeededWorkshop;
const pool = new ClientPool();
const workshop = () => server.app.workshops.get(w.workshopId)!;

beforeEach(async () => {
	server = await startServer();
	w = await seedWorkshop(server.app);
});

afterEach(async () => {
	pool.destroyAll();
	await server.close();
});

const connect = (board: string, token: string): ProviderClient => pool.connect(server, w.workshopId, board, token);

describe('Terms of Use board', () => {
	it('resets every organisation to reviewing for every client when a new version is published', async () => {
		const a = connect('terms', w.participantA.token);
		const b = connect('terms', w.participantB.token);
		await Promise.all([waitForSync(a), waitForSync(b)]);
		expect(server.app.terms.publish(workshop(), { userId: w.facilitator.user.id, label: 'Fatima' })).toEqual({ ok: true, version: 1 });
		const items = server.app.kits.get('cpims-plus')!.terms.checklist.map((i) => i.id);
		await vi.waitFor(() => expect(new TermsDoc(a.doc).current()?.version).toBe(1));
		for (const [client, agencyId, by] of [
			[a, w.agencyIds[0], 'Amal'],
			[b, w.agencyIds[1], 'Bruno']
		] as const) {
			for (const itemId of items) new TermsDoc(client.doc).setReview({ itemId, agencyId, value: 'accepted', version: 1, comment: '' }, userOrigin(client.doc.clientID));
			// who reviewed is the account that wrote it, stamped by the server
			await vi.waitFor(() => expect(new TermsDoc(client.doc).reviews().filter((r) => r.agencyId === agencyId).every((r) => r.by === by)).toBe(true));
		}
		await vi.waitFor(() => expect(server.app.terms.statuses(workshop()).map((s) => s.status)).toEqual(['ready', 'ready']));
		expect(server.app.terms.state(workshop())).toBe('ready');

		// The facilitator changes the text and publishes version 2.
		new TermsDoc(a.doc).replaceDraft(new TermsDoc(a.doc).draft.toString() + '\n6. New clause on photos.', userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'terms', (d) => new TermsDoc(d).draft.toString())).toContain('New clause on photos'));
		expect(server.app.terms.publish(workshop(), { userId: w.facilitator.user.id, label: 'Fatima' })).toEqual({ ok: true, version: 2 });
		expect(server.app.terms.publish(workshop(), { userId: w.facilitator.user.id, label: 'Fatima' })).toEqual({ ok: false, problem: 'unchanged' });
		for (const client of [a, b]) {
			await vi.waitFor(() => {
				const terms = new TermsDoc(client.doc);
				expect(terms.current()?.version).toBe(2);
				for (const agencyId of w.agencyIds) expect(organisationStatus(agencyId, items, terms.reviews(), 2)).toBe('reviewing');
			});
		}
	});

	it('refuses a review written for another organisation', async () => {
		const a = connect('terms', w.participantA.token);
		await waitForSync(a);
		new TermsDoc(a.doc).setReview({ itemId: 'access', agencyId: w.agencyIds[1], value: 'accepted', version: 1, comment: '' }, userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(a.closes).toContain(CloseCode.ForbiddenWrite));
	});
});

describe('breach board', () => {
	it('lets each agency name only its own focal points, and records who named them', async () => {
		const a = connect('breach', w.participantA.token);
		const b = connect('breach', w.participantB.token);
		await Promise.all([waitForSync(a), waitForSync(b)]);
		new BreachDoc(a.doc).setPerson('dpo', w.agencyIds[0], 'Dr Amal Haddad', userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(new BreachDoc(b.doc).peopleAuthors().get(`dpo|${w.agencyIds[0]}`)).toMatchObject({ userId: w.participantA.user.id, name: 'Amal' }));
		// Amal names Beta's focal point: refused, and nothing reaches the board
		new BreachDoc(a.doc).setPerson('dpo', w.agencyIds[1], 'Someone Amal picked', userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(a.closes).toContain(CloseCode.ForbiddenWrite));
		expect(server.app.collab.read(w.workshopId, 'breach', (d) => new BreachDoc(d).people().get('dpo')?.get(w.agencyIds[1]))).toBeUndefined();
	});

	it('converges on concurrent edits of the chain', async () => {
		const a = connect('breach', w.participantA.token);
		const b = connect('breach', w.participantB.token);
		await Promise.all([waitForSync(a), waitForSync(b)]);
		const [first] = new BreachDoc(a.doc).steps();
		new BreachDoc(a.doc).setStep({ ...first, hours: 0.5 }, userOrigin(a.doc.clientID));
		new BreachDoc(b.doc).setStep({ ...first, channel: 'messaging' }, userOrigin(b.doc.clientID));
		new BreachDoc(b.doc).setStep({ ...first, id: 'extra', order: 9, role: 'coordinator' }, userOrigin(b.doc.clientID));
		await vi.waitFor(() => {
			expect(new BreachDoc(a.doc).steps()).toEqual(new BreachDoc(b.doc).steps());
			expect(new BreachDoc(a.doc).steps().find((s) => s.id === first.id)).toMatchObject({ hours: 0.5, channel: 'messaging' });
			expect(new BreachDoc(a.doc).steps().some((s) => s.id === 'extra')).toBe(true);
		});
	});

	it('writes the audit-log decision into the protocol, and withdraws agreements on the audit clause', async () => {
		const protocol = connect('dpisp', w.participantB.token);
		const breach = connect('breach', w.participantA.token);
		await Promise.all([waitForSync(protocol), waitForSync(breach)]);
		new DpispDoc(protocol.doc).setPosition({ clauseId: 'audit', agencyId: w.agencyIds[1], value: 'agree', comment: '' }, userOrigin(protocol.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'dpisp', (d) => new DpispDoc(d).positions())).toHaveLength(1));
		new BreachDoc(breach.doc).setAudit({ viewers: ['cp-administrator', 'dpo'], purposes: ['breach-investigation'], frequency: 'every month', findingsTo: 'the coordination group', retention: 'one year' }, userOrigin(breach.doc.clientID));
		await vi.waitFor(() => {
			const dpisp = new DpispDoc(protocol.doc);
			expect(dpisp.auditDecision().text).toBe(
				'Only CP Administrator (coordination) and Data-protection officers may view the audit-log report, and only for: Investigating a suspected breach. It is reviewed every month. Findings go to the coordination group. Extracts are kept for one year.'
			);
			expect(dpisp.positions()).toEqual([]);
			expect(dpisp.resets()).toMatchObject([{ clauseId: 'audit', by: 'Amal' }]);
		});
	});

	it('times drills by the server clock and records what was done', async () => {
		const actor = { userId: w.facilitator.user.id, label: 'Fatima' };
		const started = server.app.breach.startDrill(workshop(), 'wrong-email', 60, actor);
		expect(started.ok).toBe(true);
		if (!started.ok) return;
		expect(server.app.breach.startDrill(workshop(), 'wrong-email', 60, actor)).toEqual({ ok: false, problem: 'drill-running' });
		const done = { note: 'Locked the account', outcome: '', safetyChecked: false } as const;
		expect(server.app.breach.markStep(workshop(), started.drillId, { stepId: 'contain', ...done }, { userId: w.participantA.user.id, label: 'Amal' })).toEqual({ ok: true });
		expect(server.app.breach.endDrill(workshop(), started.drillId, actor)).toEqual({ ok: true });
		const csv = server.app.breach.drillCsv(workshop(), started.drillId, { header: ['order', 'role', 'action', 'due', 'done', 'by', 'state', 'note'], state: (s) => s, role: (r) => r }, actor)!;
		expect(csv).toContain('"Amal","done-on-time","Locked the account"');
		const [drill] = server.app.collab.read(w.workshopId, 'breach', (d) => new BreachDoc(d).drills());
		expect(drill.marks[0].doneAt).toBeGreaterThanOrEqual(drill.startedAt);
	});

	it('records a medium breach’s decisions only with their reasons and, for the people concerned, after the safety check', async () => {
		const amal = { userId: w.participantA.user.id, label: 'Amal' };
		const started = server.app.breach.startDrill(workshop(), 'referral-wrong-provider', 60, { userId: w.facilitator.user.id, label: 'Fatima' });
		if (!started.ok) throw new Error(started.problem);
		const mark = (stepId: string, patch: { outcome: 'notified' | 'not-notified' | 'told' | 'not-told' | ''; note?: string; safetyChecked?: boolean }) =>
			server.app.breach.markStep(workshop(), started.drillId, { stepId, note: patch.note ?? '', outcome: patch.outcome, safetyChecked: patch.safetyChecked ?? false }, amal);
		// A medium breach reaches both decisions on the default chain.
		const [drill] = server.app.collab.read(w.workshopId, 'breach', (d) => new BreachDoc(d).drills());
		expect(drill.cls).toBe('medium');
		expect(mark('authority', { outcome: '' })).toEqual({ ok: false, problem: 'outcome-needed' });
		expect(mark('authority', { outcome: 'not-notified', note: 'no' })).toEqual({ ok: false, problem: 'reason-needed' });
		expect(mark('tell-subjects', { outcome: 'told' })).toEqual({ ok: false, problem: 'safety-check-needed' });
		expect(mark('tell-subjects', { outcome: 'not-told', safetyChecked: true })).toEqual({ ok: false, problem: 'reason-needed' });
		// nothing refused was written
		expect(server.app.collab.read(w.workshopId, 'breach', (d) => new BreachDoc(d).drills()[0].marks)).toEqual([]);
		expect(mark('tell-subjects', { outcome: 'not-told', note: 'The forms were deleted unread the same day.', safetyChecked: true })).toEqual({ ok: true });
		expect(mark('authority', { outcome: 'not-notified', note: 'Unlikely to result in a risk: deleted unread.' })).toEqual({ ok: true });
		const marks = server.app.collab.read(w.workshopId, 'breach', (d) => new BreachDoc(d).drills()[0].marks);
		expect(marks).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ stepId: 'tell-subjects', outcome: 'not-told', safetyChecked: true, by: 'Amal', note: 'The forms were deleted unread the same day.' }),
				expect.objectContaining({ stepId: 'authority', outcome: 'not-notified', by: 'Amal' })
			])
		);
	});

	it('refuses drill marks written over the socket: drills are the server’s', async () => {
		const started = server.app.breach.startDrill(workshop(), 'wrong-email', 60, { userId: w.facilitator.user.id, label: 'Fatima' });
		if (!started.ok) throw new Error(started.problem);
		const a = connect('breach', w.participantA.token);
		await waitForSync(a);
		new BreachDoc(a.doc).markDrill(started.drillId, { stepId: 'authority', doneAt: Date.now(), by: 'Someone else', note: '', outcome: 'not-notified', safetyChecked: false }, userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(a.closes).toContain(CloseCode.ForbiddenWrite));
		expect(server.app.collab.read(w.workshopId, 'breach', (d) => new BreachDoc(d).drills()[0].marks)).toEqual([]);
	});
});
