import * as decoding from 'lib0/decoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { DpiaDoc, newRisk, type NewRisk } from '../../src/lib/collab/dpia-doc';
import { serverOrigin, userOrigin } from '../../src/lib/collab/origins';
import { ClientPool, rawSocket, seedWorkshop, startServer, waitForSync, type ProviderClient, type SeededWorkshop, type TestServer } from '../fixtures/server';

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

const risk = (id: string, title: string): NewRisk => newRisk({ id, title, createdBy: 'test', position: 1 });

const connect = (token: string): ProviderClient => pool.connect(server, w.workshopId, 'dpia', token);

const workshop = () => server.app.workshops.get(w.workshopId)!;
const member = (userId: string) => server.app.workshops.member(w.workshopId, userId)!;
const actor = (userId: string) => ({ userId, label: userId });

/** The Yjs updates inside captured frames, applied to a fresh document. */
function replay(frames: Buffer[]): Y.Doc {
	const doc = new Y.Doc();
	for (const f of frames) {
		const d = decoding.createDecoder(new Uint8Array(f));
		if (decoding.readVarUint(d) !== 0) continue;
		const step = decoding.readVarUint(d);
		if (step === 1 || step === 2) Y.applyUpdate(doc, decoding.readVarUint8Array(d));
	}
	return doc;
}

describe('DPIA board', () => {
	it('is seeded from the kit before anyone sees it', async () => {
		const a = connect(w.participantA.token);
		await waitForSync(a);
		const dpia = new DpiaDoc(a.doc);
		expect(dpia.readMeta().schemaVersion).toBe(1);
		expect(dpia.categories().length).toBeGreaterThan(5);
		expect(dpia.screening().has('vulnerable-subjects')).toBe(true);
	});

	it('converges when two people edit the same risk at once', async () => {
		const a = connect(w.participantA.token);
		const b = connect(w.participantB.token);
		await Promise.all([waitForSync(a), waitForSync(b)]);
		new DpiaDoc(a.doc).addRisk(risk('r1', 'Shared passwords'), userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(new DpiaDoc(b.doc).risk('r1')).not.toBeNull());
		new DpiaDoc(a.doc).updateRisk('r1', { description: 'At the field office', inherent: { severity: 4, likelihood: 3 } }, userOrigin(a.doc.clientID));
		new DpiaDoc(b.doc).updateRisk('r1', { title: 'Shared log-ins', ownerAgency: w.agencyIds[1] }, userOrigin(b.doc.clientID));
		new DpiaDoc(b.doc).setMeasure({ id: 'm1', riskId: 'r1', text: 'One account per person', kind: 'planned', agency: w.agencyIds[1], due: '2026-12-31', status: 'planned', position: 1 }, userOrigin(b.doc.clientID));
		await vi.waitFor(() => {
			expect(new DpiaDoc(a.doc).risks()).toEqual(new DpiaDoc(b.doc).risks());
			expect(new DpiaDoc(a.doc).measures()).toEqual(new DpiaDoc(b.doc).measures());
			expect(new DpiaDoc(a.doc).risk('r1')).toMatchObject({ title: 'Shared log-ins', description: 'At the field office', inherent: { severity: 4, likelihood: 3 } });
		});
	});

	it('never sends an unrevealed rating to anyone, then reveals every rating in one update', async () => {
		const a = connect(w.participantA.token);
		await waitForSync(a);
		new DpiaDoc(a.doc).addRisk(risk('r1', 'Lost laptop'), userOrigin(a.doc.clientID));
		new DpiaDoc(a.doc).addRisk(risk('r2', 'Phishing'), userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'dpia', (d) => new DpiaDoc(d).risks().length)).toBe(2));

		// Everyone who could be watching: A, the facilitator, the observer, each on a raw socket.
		const watchers = await Promise.all([w.participantA, w.facilitator, w.observer].map((p) => rawSocket(server, `/collab/${w.workshopId}/dpia`, p.token)));
		const frames = watchers.map(() => [] as Buffer[]);
		watchers.forEach((ws, i) => {
			ws.on('message', (d) => frames[i].push(d as Buffer));
			ws.send(new Uint8Array([0, 0, 1, 0])); // sync step 1 with an empty state vector: send me everything
		});
		await vi.waitFor(() => expect(frames.every((f) => new DpiaDoc(replay(f)).risks().length === 2)).toBe(true));

		const opened = server.app.dpia.openRound(workshop(), ['r1', 'r2'], { ...actor(w.facilitator.user.id), label: 'Fatima' });
		expect(opened.ok).toBe(true);
		if (!opened.ok) return;
		const secretA = 'because-of-checkpoints-A7f3';
		const secretB = 'because-of-looting-B9k2';
		expect(server.app.dpia.submitRatings(workshop(), opened.roundId, member(w.participantB.user.id), [{ riskId: 'r1', severity: 4, likelihood: 2, note: secretB }], actor(w.participantB.user.id))).toEqual({ ok: true });
		expect(server.app.dpia.submitRatings(workshop(), opened.roundId, member(w.participantA.user.id), [{ riskId: 'r1', severity: 2, likelihood: 3, note: secretA }], actor(w.participantA.user.id))).toEqual({ ok: true });

		// Both submissions are visible as "rated", with no value, to everybody.
		await vi.waitFor(() => {
			for (const f of frames) expect(new DpiaDoc(replay(f)).round(opened.roundId)?.submitted.sort()).toEqual([w.participantA.user.id, w.participantB.user.id].sort());
		});
		for (const [i, f] of frames.entries()) {
			const bytes = Buffer.concat(f).toString('latin1');
			expect(bytes, `watcher ${i}`).not.toContain(secretA);
			expect(bytes, `watcher ${i}`).not.toContain(secretB);
			const round = new DpiaDoc(replay(f)).round(opened.roundId)!;
			expect(round.ratings).toEqual([]);
			expect(JSON.stringify(round)).not.toMatch(/"severity"/);
		}

		// The reveal: one update carries every rating.
		const before = frames.map((f) => f.length);
		expect(server.app.dpia.reveal(workshop(), opened.roundId, actor(w.facilitator.user.id))).toEqual({ ok: true, count: 2 });
		await vi.waitFor(() => {
			for (const [i, f] of frames.entries()) {
				const fresh = f.slice(before[i]).filter((x) => x[0] === 0);
				expect(fresh).toHaveLength(1);
				const bytes = fresh[0].toString('latin1');
				expect(bytes).toContain(secretA);
				expect(bytes).toContain(secretB);
			}
		});
		const round = new DpiaDoc(replay(frames[2])).round(opened.roundId)!;
		expect(round.state).toBe('revealed');
		expect(round.ratings.map((r) => [r.name, r.severity, r.likelihood]).sort()).toEqual([
			['Amal', 2, 3],
			['Bruno', 4, 2]
		]);
		for (const ws of watchers) ws.close();
	});

	it('refuses ratings outside the round, from non-participants, and after the reveal', async () => {
		const a = connect(w.participantA.token);
		await waitForSync(a);
		new DpiaDoc(a.doc).addRisk(risk('r1', 'Lost laptop'), userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'dpia', (d) => new DpiaDoc(d).risks().length)).toBe(1));
		const opened = server.app.dpia.openRound(workshop(), ['r1'], { ...actor(w.facilitator.user.id), label: 'Fatima' });
		if (!opened.ok) throw new Error(opened.problem);
		const rate = (userId: string, riskId = 'r1', severity = 2) => server.app.dpia.submitRatings(workshop(), opened.roundId, member(userId), [{ riskId, severity, likelihood: 2, note: '' }], actor(userId));
		expect(rate(w.observer.user.id)).toEqual({ ok: false, problem: 'not-eligible' });
		expect(rate(w.facilitator.user.id)).toEqual({ ok: false, problem: 'not-eligible' });
		expect(rate(w.participantA.user.id, 'r9')).toEqual({ ok: false, problem: 'out-of-round' });
		expect(rate(w.participantA.user.id, 'r1', 7)).toEqual({ ok: false, problem: 'out-of-scale' });
		expect(server.app.dpia.openRound(workshop(), ['r1'], { ...actor(w.facilitator.user.id), label: 'Fatima' })).toEqual({ ok: false, problem: 'round-open' });
		server.app.dpia.reveal(workshop(), opened.roundId, actor(w.facilitator.user.id));
		expect(rate(w.participantA.user.id)).toEqual({ ok: false, problem: 'round-not-open' });
	});

	it('closes a connection that writes into the server-owned scoring part', async () => {
		const a = connect(w.participantA.token);
		await waitForSync(a);
		a.doc.getMap('scoring').set('forged', new Y.Map());
		await vi.waitFor(() => expect(a.closes).toContain(CloseCode.ForbiddenWrite));
		expect(server.app.collab.read(w.workshopId, 'dpia', (d) => d.getMap('scoring').has('forged'))).toBe(false);
	});
});

describe('agencies’ roles', () => {
	it('are written by each agency’s own members only, with who wrote them', async () => {
		const a = connect(w.participantA.token);
		await waitForSync(a);
		new DpiaDoc(a.doc).setAgencyRole(w.agencyIds[0], 'Case management agency; hosts the tablets', userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'dpia', (d) => new DpiaDoc(d).agencyRoleAuthors().get(w.agencyIds[0])?.name)).toBe('Amal'));
		new DpiaDoc(a.doc).setAgencyRole(w.agencyIds[1], 'Beta only refers cases', userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(a.closes).toContain(CloseCode.ForbiddenWrite));
		expect(server.app.collab.read(w.workshopId, 'dpia', (d) => new DpiaDoc(d).agencyRoles().get(w.agencyIds[1]))).toBeUndefined();
	});
});

describe('the advice of each agency’s data-protection officer (Art. 35(2))', () => {
	it('is recorded by that agency’s members only, stamped with who did, and goes into the protocol', async () => {
		const b = connect(w.participantB.token);
		await waitForSync(b);
		new DpiaDoc(b.doc).setAgencyText('dpoAdvice', w.agencyIds[1], 'Proceed once tablets are encrypted', userOrigin(b.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'dpia', (d) => new DpiaDoc(d).agencyTextAuthors('dpoAdvice').get(w.agencyIds[1])?.name)).toBe('Bruno'));
		// Beta cannot put words in Alpha's DPO's mouth
		new DpiaDoc(b.doc).setAgencyText('dpoAdvice', w.agencyIds[0], 'Alpha agrees to everything', userOrigin(b.doc.clientID));
		await vi.waitFor(() => expect(b.closes).toContain(CloseCode.ForbiddenWrite));
		expect(server.app.collab.read(w.workshopId, 'dpia', (d) => new DpiaDoc(d).agencyTexts('dpoAdvice').get(w.agencyIds[0]))).toBeUndefined();
	});
});

describe('readiness for sign-off', () => {
	it('is the server’s to record: a browser cannot write it, and the facilitator is refused, with the list, until Art. 35 is met', async () => {
		const a = connect(w.participantA.token);
		await waitForSync(a);
		a.doc.transact(() => (a.doc.getMap('meta') as Y.Map<string>).set('state', 'ready'), userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(a.closes).toContain(CloseCode.ForbiddenWrite));
		expect(server.app.collab.read(w.workshopId, 'dpia', (d) => new DpiaDoc(d).readMeta().state)).toBe('in-progress');

		const fatima = actor(w.facilitator.user.id);
		const refused = server.app.dpia.setReady(workshop(), true, fatima);
		expect(!refused.ok && refused.blockers.map((b) => b.kind)).toEqual(expect.arrayContaining(['no-conclusion', 'no-risks', 'no-necessity', 'no-subjects-views', 'no-review-date', 'no-dpo-advice']));
		server.app.collab.transact(w.workshopId, 'dpia', (doc) => {
			const d = new DpiaDoc(doc);
			d.setMeta({ conclusion: 'required', reviewDate: '2027-06-30' }, serverOrigin);
			d.setContext('necessity', 'Only what case management needs', serverOrigin);
			d.setContext('subjectsViews', 'Two consultations with adolescents', serverOrigin);
			for (const agencyId of w.agencyIds) d.setAgencyText('dpoAdvice', agencyId, 'Proceed', serverOrigin);
			d.addRisk(newRisk({ id: 'r1', title: 'Lost tablet', createdBy: 'Amal', position: 1 }), serverOrigin);
			d.updateRisk('r1', { inherent: { severity: 2, likelihood: 2 }, residual: { severity: 1, likelihood: 1 } }, serverOrigin);
		});
		expect(server.app.dpia.setReady(workshop(), true, fatima)).toEqual({ ok: true });
		expect(server.app.collab.read(w.workshopId, 'dpia', (d) => new DpiaDoc(d).readMeta().state)).toBe('ready');
		expect(server.app.audit.list(w.workshopId, 10).some((e) => e.action === 'dpia.marked-ready' && e.actorId === w.facilitator.user.id)).toBe(true);
	});
});

describe('risk acceptance', () => {
	async function ratedRisk(owner: string) {
		const a = connect(w.participantA.token);
		await waitForSync(a);
		const d = new DpiaDoc(a.doc);
		d.addRisk(newRisk({ id: 'r1', title: 'Lost tablet', createdBy: 'Amal', position: 1, ownerAgency: owner }), userOrigin(a.doc.clientID));
		d.updateRisk('r1', { inherent: { severity: 4, likelihood: 3 }, residual: { severity: 4, likelihood: 2 } }, userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'dpia', (doc) => new DpiaDoc(doc).risk('r1')?.residual)).toEqual({ severity: 4, likelihood: 2 }));
		return { a, d };
	}

	it('is refused when a browser writes one itself, under anyone’s name', async () => {
		const { a } = await ratedRisk(w.agencyIds[0]);
		// the fields the old board trusted, naming another agency's signatory: ignored
		a.doc.transact(() => {
			const r = a.doc.getMap('risks').get('r1') as Y.Map<string>;
			r.set('acceptedBy', 'Bruno');
			r.set('acceptedAgency', w.agencyIds[1]);
			r.set('acceptedReason', 'Bruno accepts');
		}, userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(server.app.collab.read(w.workshopId, 'dpia', (doc) => (doc.getMap('risks').get('r1') as Y.Map<string>).get('acceptedBy'))).toBe('Bruno'));
		expect(server.app.collab.read(w.workshopId, 'dpia', (doc) => new DpiaDoc(doc).risk('r1')?.acceptance)).toBeNull();
		// and the server-owned record itself cannot be written from a browser
		a.doc.transact(() => {
			const forged = new Y.Map<string | number>();
			a.doc.getMap('acceptances').set('r1', forged);
			for (const [k, v] of Object.entries({ agencyId: w.agencyIds[1], userId: w.participantB.user.id, name: 'Bruno', reason: 'forged', at: 1, basis: '', voidedAt: 0 })) forged.set(k, v);
		}, userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(a.closes).toContain(CloseCode.ForbiddenWrite));
		expect(server.app.collab.read(w.workshopId, 'dpia', (doc) => new DpiaDoc(doc).risk('r1')?.acceptance)).toBeNull();
	});

	it('is given by a participant of the owning agency, with their account and the server’s time, and no one else', async () => {
		await ratedRisk(w.agencyIds[0]);
		expect(server.app.dpia.accept(workshop(), 'r1', 'Bruno accepts for Alpha', member(w.participantB.user.id), actor(w.participantB.user.id))).toEqual({ ok: false, problem: 'other-agency' });
		expect(server.app.dpia.accept(workshop(), 'r1', 'Observed', member(w.observer.user.id), actor(w.observer.user.id))).toEqual({ ok: false, problem: 'not-a-participant' });
		expect(server.app.dpia.accept(workshop(), 'r1', 'Fatima accepts', member(w.facilitator.user.id), actor(w.facilitator.user.id))).toEqual({ ok: false, problem: 'not-a-participant' });
		const before = Date.now();
		expect(server.app.dpia.accept(workshop(), 'r1', 'Encrypted and wiped remotely', member(w.participantA.user.id), actor(w.participantA.user.id))).toEqual({ ok: true });
		const acceptance = server.app.collab.read(w.workshopId, 'dpia', (doc) => new DpiaDoc(doc).risk('r1')?.acceptance);
		expect(acceptance).toMatchObject({ agencyId: w.agencyIds[0], userId: w.participantA.user.id, name: 'Amal', reason: 'Encrypted and wiped remotely', voidedAt: 0 });
		expect(acceptance!.at).toBeGreaterThanOrEqual(before);
		expect(server.app.audit.list(w.workshopId, 20).some((e) => e.action === 'dpia.risk-accepted' && e.actorId === w.participantA.user.id)).toBe(true);
		// the other agency cannot withdraw it either
		expect(server.app.dpia.withdrawAcceptance(workshop(), 'r1', member(w.participantB.user.id), actor(w.participantB.user.id))).toEqual({ ok: false, problem: 'other-agency' });
	});

	it('is voided, visibly, when the risk’s rating or its measures change afterwards', async () => {
		const { a, d } = await ratedRisk(w.agencyIds[0]);
		expect(server.app.dpia.accept(workshop(), 'r1', 'Encrypted', member(w.participantA.user.id), actor(w.participantA.user.id))).toEqual({ ok: true });
		await vi.waitFor(() => expect(d.risk('r1')?.acceptance?.voidedAt).toBe(0));
		d.setMeasure({ id: 'm1', riskId: 'r1', text: 'Remote wipe', kind: 'planned', agency: w.agencyIds[0], due: '', status: 'planned', position: 1 }, userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(d.risk('r1')?.acceptance).toMatchObject({ voidReason: 'measures-changed', name: 'Amal' }));
		expect(server.app.dpia.accept(workshop(), 'r1', 'With the wipe', member(w.participantA.user.id), actor(w.participantA.user.id))).toEqual({ ok: true });
		await vi.waitFor(() => expect(d.risk('r1')?.acceptance).toMatchObject({ voidedAt: 0, reason: 'With the wipe' }));
		d.updateRisk('r1', { residual: { severity: 4, likelihood: 3 } }, userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(d.risk('r1')?.acceptance).toMatchObject({ voidReason: 'rating-changed' }));
		expect(server.app.protocol.gaps(workshop())).toContainEqual({ kind: 'risk-not-accepted', risk: 'Lost tablet' });
	});
});
