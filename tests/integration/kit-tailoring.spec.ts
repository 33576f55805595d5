import * as Y from 'yjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkKits } from '../../src/lib/server/kits';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DpispDoc } from '../../src/lib/collab/dpisp-doc';
import { freezeFirstVersion } from '../fixtures/protocol';
import { seedWorkshop, startServer, type Person, type SeededWorkshop, type TestServer } from '../fixtures/server';

let server: TestServer;
let w: SeededWorkshop;
const workshop = () => server.app.workshops.get(w.workshopId)!;
const member = (p: Person) => server.app.workshops.member(w.workshopId, p.user.id)!;
const actor = (p: Person) => ({ userId: p.user.id, label: p.user.email });
const tailor = (p: Person, input: Record<string, string>) => server.app.tailoring.record(workshop(), member(p), input, actor(p));
const consentClause = () =>
	server.app.collab.read(w.workshopId, 'dpisp', (doc) => {
		const d = new DpispDoc(doc);
		const clause = d.clauses().find((c) => c.catalogueId === 'consent')!;
		return d.blocks(clause.id).map((b) => ('text' in b ? b.text : '')).join('\n');
	});

beforeEach(async () => {
	server = await startServer();
	w = await seedWorkshop(server.app);
});

afterEach(async () => {
	await server.close();
});

describe('tailoring the kit before the day', () => {
	it('changes the workshop’s kit only: parameters reach the clauses nobody edited, the catalogue loses and gains risks', () => {
		const standard = server.app.kits.standardFor(workshop())!;
		const [a, b, c] = standard.dpia.risks;
		expect(consentClause()).toContain('Children aged 15 and over');
		expect(tailor(w.facilitator, { type: 'parameter', key: 'consentAge', value: '16' })).toEqual({ ok: true, clausesUpdated: 1 });
		expect(consentClause()).toContain('Children aged 16 and over');
		for (const risk of [a, b, c]) expect(tailor(w.facilitator, { type: 'risk-out', riskId: risk.id })).toMatchObject({ ok: true });
		expect(tailor(w.facilitator, { type: 'custom-risk', title: 'Radio messages name children', description: 'Field radios are overheard', group: standard.dpia.riskGroups[0].id, fearedEvent: 'illegitimate-access' })).toMatchObject({ ok: true });

		expect(tailor(w.facilitator, { type: 'terms-item', title: 'Data stays in the country', description: '' })).toMatchObject({ ok: true });
		const kit = server.app.kits.forWorkshop(workshop())!;
		// every organisation now reviews the workshop's own item before it can sign the Terms
		expect(kit.terms.checklist.at(-1)!.title).toEqual({ en: 'Data stays in the country' });
		expect(kit.dpisp.parameters.consentAge).toBe(16);
		expect(kit.dpia.risks.map((r) => r.id)).not.toContain(a.id);
		expect(kit.dpia.risks.at(-1)!.title).toEqual({ en: 'Radio messages name children' });
		// the kit on disk, and every other workshop's, are untouched
		expect(server.app.kits.get('cpims-plus')!.dpisp.parameters.consentAge).toBe(15);
		expect(server.app.kits.get('cpims-plus')!.dpia.risks.map((r) => r.id)).toContain(a.id);

		// a clause someone edited keeps its words when the parameter changes again
		server.app.collab.transact(w.workshopId, 'dpisp', (doc) => {
			const d = new DpispDoc(doc);
			const clause = d.clauses().find((x) => x.catalogueId === 'consent')!;
			const note = new Y.XmlElement('paragraph');
			note.insert(0, [new Y.XmlText('As agreed by the national working group:')]);
			d.text(clause.id)!.insert(0, [note]);
		});
		const edited = consentClause();
		expect(tailor(w.facilitator, { type: 'parameter', key: 'consentAge', value: '17' })).toEqual({ ok: true, clausesUpdated: 0 });
		expect(consentClause()).toBe(edited);

		// who did what is recorded, by the server
		expect(server.app.tailoring.differences(workshop()).map((d) => [d.kind, d.by])).toEqual([
			['parameter', 'Fatima'],
			['risk-removed', 'Fatima'],
			['risk-removed', 'Fatima'],
			['risk-removed', 'Fatima'],
			['risk-added', 'Fatima'],
			['terms-item-added', 'Fatima']
		]);
		expect(server.app.audit.list(w.workshopId, 20).filter((e) => e.action === 'kit.tailored' && e.actorId === w.facilitator.user.id)).toHaveLength(7);
	});

	it('is the facilitator’s alone, refuses what the kit cannot hold, and stops at the freeze, which carries the changes as an annex', () => {
		const standard = server.app.kits.standardFor(workshop())!;
		expect(tailor(w.participantA, { type: 'risk-out', riskId: standard.dpia.risks[0].id })).toEqual({ ok: false, problem: 'forbidden' });
		expect(tailor(w.facilitator, { type: 'parameter', key: 'consentAge', value: '99' })).toEqual({ ok: false, problem: 'out-of-range' });
		expect(server.app.tailoring.changes(workshop())).toEqual([]);
		expect(tailor(w.facilitator, { type: 'risk-out', riskId: standard.dpia.risks[1].id })).toMatchObject({ ok: true });
		expect(tailor(w.facilitator, { type: 'parameter', key: 'rightsResponseDays', value: '20' })).toMatchObject({ ok: true });

		freezeFirstVersion(server.app, w);
		expect(tailor(w.facilitator, { type: 'parameter', key: 'consentAge', value: '14' })).toEqual({ ok: false, problem: 'frozen' });
		const frozen = server.app.protocol.snapshot(workshop())!.snapshot;
		const annex = frozen.annexes!.find((x) => x.board === 'kit')!;
		expect(annex.title).toBe('Changes to the standard kit');
		const rows = annex.blocks.flatMap((b) => (b.type === 'table' ? b.rows : []));
		expect(rows.map((r) => r[0])).toEqual(['Change', 'Days to answer a rights request: 30 → 20', `Catalogue risk removed: ${standard.dpia.risks[1].title.en}`]);
		expect(rows[1][1]).toMatch(/^Fatima, \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
	});

	it('saves the tailored kit as a new kit for the next country, valid on disk, never over another', async () => {
		// a kits folder of this test's own: the repository's is never written
		const kitsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-kits-'));
		fs.cpSync(path.resolve('workshop-kits'), kitsDir, { recursive: true });
		await server.close();
		server = await startServer({ KITS_DIR: kitsDir });
		w = await seedWorkshop(server.app);
		const standard = server.app.kits.standardFor(workshop())!;
		expect(tailor(w.facilitator, { type: 'parameter', key: 'consentAge', value: '16' })).toMatchObject({ ok: true });
		expect(tailor(w.facilitator, { type: 'risk-out', riskId: standard.dpia.risks[0].id })).toMatchObject({ ok: true });
		expect(tailor(w.facilitator, { type: 'custom-risk', title: 'Radio messages name children', description: '', group: standard.dpia.riskGroups[0].id, fearedEvent: 'illegitimate-access' })).toMatchObject({ ok: true });
		const save = (p: Person, id: string) => server.app.tailoring.saveAsKit(workshop(), member(p), { id, name: 'CPIMS+ Testland', note: '' }, actor(p));
		expect(save(w.participantA, 'cpims-testland')).toEqual({ ok: false, problem: 'forbidden' });
		expect(save(w.facilitator, '../escape')).toEqual({ ok: false, problem: 'bad-id' });
		expect(save(w.facilitator, 'cpims-plus')).toEqual({ ok: false, problem: 'exists' });
		expect(save(w.facilitator, 'cpims-testland')).toEqual({ ok: true, id: 'cpims-testland' });
		expect(save(w.facilitator, 'cpims-testland')).toEqual({ ok: false, problem: 'exists' });

		// what kits-check reads from disk
		const { kits, problems } = checkKits(kitsDir);
		expect(problems).toEqual([]);
		const saved = kits.find((k) => k.manifest.id === 'cpims-testland')!;
		expect(saved.manifest).toMatchObject({ version: '1.0.0', name: { en: 'CPIMS+ Testland', fr: 'CPIMS+ Testland' } });
		expect(saved.dpisp.parameters.consentAge).toBe(16);
		expect(saved.dpia.risks.map((r) => r.id)).not.toContain(standard.dpia.risks[0].id);
		// a risk of the workshop's own is written in the workshop's language, and copied into every language the kit declares
		expect(standard.manifest.languages).toEqual(['en', 'fr', 'es', 'ar']);
		expect(saved.dpia.risks.at(-1)!.title).toEqual(Object.fromEntries(standard.manifest.languages.map((l) => [l, 'Radio messages name children'])));
		// and a new workshop can start from it at once
		expect(server.app.kits.get('cpims-testland')).not.toBeNull();
		fs.rmSync(kitsDir, { recursive: true, force: true });
	});
});

