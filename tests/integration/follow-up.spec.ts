import * as Y from 'yjs';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DpiaDoc, newRisk } from '../../src/lib/collab/dpia-doc';
import { DpispDoc } from '../../src/lib/collab/dpisp-doc';
import { serverOrigin } from '../../src/lib/collab/origins';
import { parseChange, type Change } from '../../src/lib/domain/follow-up/plan';
import { exportLabels, followUpLabels } from '../../src/lib/server/http/export-labels';
import { exported } from '../fixtures/export-labels';
import { freezeFirstVersion } from '../fixtures/protocol';
import { seedWorkshop, startServer, type Person, type SeededWorkshop, type TestServer } from '../fixtures/server';

let server: TestServer;
let w: SeededWorkshop;
const PASSWORD = 'correct horse battery staple';
const workshop = () => server.app.workshops.get(w.workshopId)!;
const member = (p: Person) => server.app.workshops.member(w.workshopId, p.user.id)!;
const actor = (p: Person) => ({ userId: p.user.id, label: p.user.email });
const labels = followUpLabels('en');
const owner = () => server.app.followUp.ownerLabel(workshop());

const change = (input: Record<string, string>): Change => {
	const parsed = parseChange(input);
	if (!parsed.ok) throw new Error(parsed.problem);
	return parsed.change;
};
const update = (p: Person, input: Record<string, string>, measureId = 'm-train') => server.app.followUp.update(workshop(), member(p), measureId, change(input), actor(p));
const sign = (p: Person) => server.app.protocol.sign(workshop(), p.user.id, { title: 'Country Director', attestations: ['authority', 'read', 'implement'], password: PASSWORD, address: '192.0.2.1', userAgent: 'test' }, actor(p));

beforeEach(async () => {
	server = await startServer();
	w = await seedWorkshop(server.app);
	// Agency Alpha (the first) answers for training its caseworkers; Beta for encrypting its laptops.
	server.app.collab.transact(w.workshopId, 'dpia', (doc) => {
		const dpia = new DpiaDoc(doc);
		dpia.addRisk(newRisk({ id: 'r-lost', title: 'A laptop with case files is lost', createdBy: 'test', position: 1 }), serverOrigin);
		const risk = { id: 'r-lost' };
		dpia.setMeasure({ id: 'm-train', riskId: risk.id, text: 'Train every caseworker on the protocol', kind: 'planned', agency: w.agencyIds[0], due: '2027-01-31', status: 'planned', position: 1 }, serverOrigin);
		dpia.setMeasure({ id: 'm-encrypt', riskId: risk.id, text: 'Encrypt the laptops', kind: 'planned', agency: w.agencyIds[1], due: '2027-02-28', status: 'planned', position: 2 }, serverOrigin);
		dpia.setMeasure({ id: 'm-existing', riskId: risk.id, text: 'Locked cabinets', kind: 'existing', agency: w.agencyIds[1], due: '', status: 'done', position: 3 }, serverOrigin);
	});
	// a clause worded on the day, unlike the kit's
	server.app.collab.transact(w.workshopId, 'dpisp', (doc) => {
		const d = new DpispDoc(doc);
		const note = new Y.XmlElement('paragraph');
		note.insert(0, [new Y.XmlText('Worded by the agencies on the day.')]);
		d.text(d.clauses()[0].id)!.insert(0, [note]);
	});
	freezeFirstVersion(server.app, w);
});

afterEach(async () => {
	await server.close();
});

describe('the action plan after signing', () => {
	it('waits for every signature, then follows the planned measures of the signed version', async () => {
		expect(server.app.followUp.plan(workshop())).toBeNull();
		expect(update(w.participantA, { type: 'status', status: 'done' })).toEqual({ ok: false, problem: 'not-signed' });
		expect(await sign(w.participantB)).toEqual({ ok: true });
		expect(await sign(w.participantA)).toEqual({ ok: true });
		// the lead agency's countersignature is still to come
		expect(server.app.followUp.plan(workshop())).toBeNull();
		expect(await sign(w.participantA)).toEqual({ ok: true });
		const plan = server.app.followUp.plan(workshop())!;
		expect(plan.digest).toBe(server.app.protocol.status(workshop()).active!.digest);
		expect(plan.rows.map((r) => [r.measure.text, r.owner, r.status])).toEqual([
			['Train every caseworker on the protocol', { kind: 'agency', agencyId: w.agencyIds[0] }, 'planned'],
			['Encrypt the laptops', { kind: 'agency', agencyId: w.agencyIds[1] }, 'planned']
		]);
	});

	it('lets an owner mark a measure done with evidence, leaves the signed protocol valid, and seals a report that verifies', async () => {
		for (const p of [w.participantB, w.participantA, w.participantA]) expect(await sign(p)).toEqual({ ok: true });
		const before = server.app.protocol.status(workshop()).active!;
		const signedPdf = exported(await server.app.protocol.export(workshop(), 1, 'pdf', exportLabels('en'), actor(w.facilitator)));

		// another agency's participant, and an observer of the owning agency, cannot change it
		expect(update(w.participantB, { type: 'status', status: 'done' })).toEqual({ ok: false, problem: 'forbidden' });
		expect(update(w.participantB, { type: 'note', text: 'Done by Beta' })).toEqual({ ok: false, problem: 'forbidden' });
		expect(update(w.observer, { type: 'status', status: 'done' })).toEqual({ ok: false, problem: 'forbidden' });
		expect(server.app.followUp.attach(workshop(), member(w.participantB), 'm-train', { name: 'x.pdf', body: new Uint8Array([1]) }, actor(w.participantB))).toEqual({ ok: false, problem: 'forbidden' });
		// nor may an owner reassign their measure or move its date: that is the facilitator's
		expect(update(w.participantA, { type: 'owner', owner: `agency:${w.agencyIds[1]}` })).toEqual({ ok: false, problem: 'forbidden' });
		expect(update(w.participantA, { type: 'due', due: '2030-01-01' })).toEqual({ ok: false, problem: 'forbidden' });
		expect(update(w.facilitator, { type: 'owner', owner: `person:${w.outsider.user.id}` })).toEqual({ ok: false, problem: 'unknown-owner' });

		// the owner does it
		expect(update(w.participantA, { type: 'status', status: 'in-progress' })).toEqual({ ok: true });
		expect(update(w.participantA, { type: 'note', text: '42 caseworkers trained in two sessions' })).toEqual({ ok: true });
		const attendance = new TextEncoder().encode('name,date\nA,2027-01-10\n');
		expect(server.app.followUp.attach(workshop(), member(w.participantA), 'm-train', { name: '../attendance.csv', body: attendance }, actor(w.participantA))).toEqual({ ok: true });
		expect(update(w.participantA, { type: 'status', status: 'done' })).toEqual({ ok: true });

		const row = server.app.followUp.plan(workshop())!.rows.find((r) => r.measure.id === 'm-train')!;
		expect(row).toMatchObject({ status: 'done', updated: { by: 'Amal' } });
		expect(row.evidence.map((e) => [e.kind, e.by])).toEqual([
			['note', 'Amal'],
			['file', 'Amal']
		]);
		const kept = row.evidence[1];
		expect(kept.kind === 'file' && server.app.followUp.file(workshop(), kept.fileId)).toMatchObject({ name: 'attendance.csv', bytes: attendance.byteLength });
		// the server stamped each change with the account that made it
		expect(server.app.audit.list(w.workshopId, 20).filter((e) => e.action.startsWith('follow-up.')).map((e) => [e.action, e.actorId])).toEqual(
			expect.arrayContaining([
				['follow-up.updated', w.participantA.user.id],
				['follow-up.evidence-added', w.participantA.user.id]
			])
		);

		// the signed protocol is untouched and still verifies as in force
		const after = server.app.protocol.status(workshop()).active!;
		expect(after.digest).toBe(before.digest);
		expect(after.signatures).toHaveLength(3);
		expect(await server.app.protocol.verify(Buffer.from(signedPdf))).toMatchObject({ valid: true, registry: { known: true, voided: false } });

		// the sealed report
		const today = new Date().toISOString().slice(0, 10);
		const pdf = await server.app.followUp.report(workshop(), today, 'pdf', labels, owner(), actor(w.facilitator));
		if (!pdf.ok) throw new Error(pdf.problem);
		const report = await server.app.protocol.verify(Buffer.from(pdf.body));
		expect(report).toMatchObject({ valid: true, format: 'pdf', registry: { known: true, voided: false }, content: { document: 'followup', digest: before.digest, version: 1 } });
		expect(report.content!.followUp).toMatchObject({
			asOf: today,
			measures: [
				{ text: 'Train every caseworker on the protocol', owner: 'Agency Alpha', status: 'done', evidence: 2 },
				{ text: 'Encrypt the laptops', owner: 'Agency Beta', status: 'planned', evidence: 0 }
			]
		});
		// the PDF reads as a report, in words
		const file = path.join(server.dataDir, 'follow-up.pdf');
		fs.writeFileSync(file, pdf.body);
		const words = execFileSync('pdftotext', ['-layout', file, '-']).toString();
		expect(words).toContain('Follow-up of the action plan');
		expect(words).toMatch(/Train every caseworker on the\s+Agency Alpha\s+2027-01-31\s+Done/);
		expect(words).toContain('42 caseworkers trained in two sessions');

		// the same as JSON verifies, and a changed status breaks its seal
		const json = await server.app.followUp.report(workshop(), today, 'json', labels, owner(), actor(w.facilitator));
		if (!json.ok) throw new Error(json.problem);
		const text = new TextDecoder().decode(json.body);
		expect(await server.app.protocol.verify(Buffer.from(text))).toMatchObject({ valid: true, format: 'json', content: { document: 'followup' } });
		expect(await server.app.protocol.verify(Buffer.from(text.replace('"status": "planned"', '"status": "done"')))).toMatchObject({ valid: false, reason: 'seal-broken' });

		// a report is of a day between the signing and today
		expect(await server.app.followUp.report(workshop(), '2020-01-01', 'json', labels, owner(), actor(w.facilitator))).toEqual({ ok: false, problem: 'bad-date' });
		expect(await server.app.followUp.report(workshop(), '2999-01-01', 'json', labels, owner(), actor(w.facilitator))).toEqual({ ok: false, problem: 'bad-date' });
		expect(await server.app.followUp.report(workshop(), 'today', 'json', labels, owner(), actor(w.facilitator))).toEqual({ ok: false, problem: 'bad-date' });
	});

	it('refuses empty and oversized evidence files, and measures that are not in the signed plan', async () => {
		for (const p of [w.participantB, w.participantA, w.participantA]) expect(await sign(p)).toEqual({ ok: true });
		const attach = (body: Uint8Array, measure = 'm-train') => server.app.followUp.attach(workshop(), member(w.participantA), measure, { name: 'a.pdf', body }, actor(w.participantA));
		expect(attach(new Uint8Array(0))).toEqual({ ok: false, problem: 'empty-file' });
		expect(attach(new Uint8Array(5 * 1024 * 1024 + 1))).toEqual({ ok: false, problem: 'file-too-large' });
		expect(attach(new Uint8Array([1]), 'm-existing')).toEqual({ ok: false, problem: 'unknown-measure' });
		expect(update(w.participantA, { type: 'status', status: 'done' }, 'nope')).toEqual({ ok: false, problem: 'unknown-measure' });
		expect(server.app.followUp.plan(workshop())!.rows.every((r) => r.evidence.length === 0 && r.status === 'planned')).toBe(true);
	});

	it('refuses a flood of changes or files from one person, and not the others', async () => {
		for (const p of [w.participantB, w.participantA, w.participantA]) expect(await sign(p)).toEqual({ ok: true });
		const note = (p: Person, i: number, measure = 'm-train') => update(p, { type: 'note', text: `note ${i}` }, measure);
		for (let i = 0; i < 60; i++) expect(note(w.participantA, i)).toEqual({ ok: true });
		expect(note(w.participantA, 60)).toEqual({ ok: false, problem: 'too-fast' });
		expect(note(w.participantB, 0, 'm-encrypt')).toEqual({ ok: true });
		const big = new Uint8Array(5 * 1024 * 1024);
		const attach = () => server.app.followUp.attach(workshop(), member(w.participantB), 'm-encrypt', { name: 'scan.pdf', body: big }, actor(w.participantB));
		for (let i = 0; i < 4; i++) expect(attach()).toEqual({ ok: true });
		expect(attach()).toEqual({ ok: false, problem: 'too-fast' });
		expect(server.app.followUp.plan(workshop())!.rows[1].evidence).toHaveLength(5);
	});

	it('starts the review as a new workshop pre-filled from the signed one, with the follow-up carried into the measures', async () => {
		for (const p of [w.participantB, w.participantA, w.participantA]) expect(await sign(p)).toEqual({ ok: true });
		expect(update(w.participantA, { type: 'status', status: 'done' })).toEqual({ ok: true });
		expect(update(w.facilitator, { type: 'status', status: 'dropped', reason: 'Laptops replaced by tablets' }, 'm-encrypt')).toEqual({ ok: true });
		const start = (p: Person) => server.app.review.start(workshop(), p.user, 'Review 2027: Test workshop', actor(p));
		expect(start(w.participantA)).toEqual({ ok: false, problem: 'forbidden' });
		// made a facilitator of this workshop, a member of the instance still cannot create a workshop through a review
		server.app.workshops.updateMember(w.workshopId, w.participantB.user.id, { role: 'facilitator', agencyId: null, isSignatory: false });
		expect(start(w.participantB)).toEqual({ ok: false, problem: 'forbidden' });
		const started = start(w.facilitator);
		if (!started.ok) throw new Error(started.problem);
		const next = started.workshop;
		expect(next.id).not.toBe(w.workshopId);
		const agencies = server.app.workshops.agencies(next.id);
		expect(agencies.map((a) => a.shortName)).toEqual(['ALPHA', 'BETA']);
		// the same people, in their agencies of the new workshop
		expect(server.app.workshops.member(next.id, w.participantA.user.id)).toMatchObject({ role: 'participant', agencyId: agencies[0].id, isSignatory: true });
		expect(server.app.workshops.member(next.id, w.observer.user.id)).toMatchObject({ role: 'observer' });
		const measures = server.app.collab.read(next.id, 'dpia', (doc) => new DpiaDoc(doc).measures());
		expect(measures.map((m) => [m.id, m.kind, m.status, m.agency])).toEqual([
			['m-train', 'existing', 'done', agencies[0].id],
			['m-existing', 'existing', 'done', agencies[1].id]
		]);
		expect(server.app.collab.read(next.id, 'dpia', (doc) => new DpiaDoc(doc).risks().map((r) => [r.title, r.acceptance]))).toEqual([['A laptop with case files is lost', null]]);
		// the protocol's clauses as signed, to be agreed again; nothing frozen, nothing signed
		const clauses = (id: string) => server.app.collab.read(id, 'dpisp', (doc) => new DpispDoc(doc).clauses().map((c) => [c.title, JSON.stringify(new DpispDoc(doc).blocks(c.id))]));
		expect(clauses(next.id)).toEqual(clauses(w.workshopId));
		expect(clauses(next.id)[0][1]).toContain('Worded by the agencies on the day.');
		expect(server.app.collab.read(next.id, 'dpisp', (doc) => new DpispDoc(doc).positions().length)).toBe(0);
		expect(server.app.boards.isFrozen(next.id, 'dpia')).toBe(false);
		expect(server.app.followUp.plan(next)).toBeNull();
		// the signed workshop is untouched
		expect(server.app.followUp.plan(workshop())!.rows.map((r) => r.status)).toEqual(['done', 'dropped']);
	});
});

