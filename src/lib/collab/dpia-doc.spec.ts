import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { DpiaDoc, newRisk, type NewRisk } from './dpia-doc';
import { serverOrigin, userOrigin } from './origins';
import { precautionary, priorityBand } from '../domain/dpia/scoring';

const risk = (id: string, patch: Partial<NewRisk> = {}): NewRisk => newRisk({ id, title: `Risk ${id}`, createdBy: 'Amal', position: 1, ...patch });

function pair(): [DpiaDoc, DpiaDoc] {
	const a = new DpiaDoc(new Y.Doc());
	a.seed({ categories: [{ id: 'c1', name: 'Identification', sensitivity: 'p3' }], criteria: ['vulnerable-subjects'] }, serverOrigin);
	const b = new DpiaDoc(new Y.Doc());
	Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc));
	return [a, b];
}

const sync = (a: Y.Doc, b: Y.Doc) => {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
};

describe('DPIA document', () => {
	it('seeds once with its schema version, criteria and data categories', () => {
		const [a] = pair();
		expect(a.readMeta()).toMatchObject({ schemaVersion: 1, state: 'in-progress' });
		a.seed({ categories: [], criteria: [] }, serverOrigin);
		expect(a.categories()).toHaveLength(1);
		expect(a.screening().get('vulnerable-subjects')).toEqual({ ticked: false, note: '' });
	});

	it('keeps an unknown likelihood as the precautionary worst case, marked as unknown, and clears the mark once a level is given', () => {
		const [a, b] = pair();
		a.addRisk(risk('r1'), userOrigin(1));
		a.updateRisk('r1', { inherent: precautionary(3, { likelihood: 5 }) }, userOrigin(1));
		sync(a.doc, b.doc);
		expect(b.risk('r1')?.inherent).toEqual({ severity: 3, likelihood: 5, likelihoodUnknown: true });
		const rules = { bands: [{ id: 'low', minScore: 1 }, { id: 'high', minScore: 12 }], floors: [] };
		expect(priorityBand(rules, b.risk('r1')!.inherent!)).toBe('high');
		b.updateRisk('r1', { inherent: { severity: 3, likelihood: 2 } }, userOrigin(2));
		sync(a.doc, b.doc);
		expect(a.risk('r1')?.inherent).toEqual({ severity: 3, likelihood: 2 });
	});

	it('converges on concurrent edits of one risk and its measures', () => {
		const [a, b] = pair();
		a.addRisk(risk('r1'), userOrigin(1));
		sync(a.doc, b.doc);
		a.updateRisk('r1', { inherent: { severity: 4, likelihood: 3 }, inherentRationale: 'agreed' }, userOrigin(1));
		b.updateRisk('r1', { description: 'Shared laptops at the field office' }, userOrigin(2));
		b.setMeasure({ id: 'm1', riskId: 'r1', text: 'MFA', kind: 'planned', agency: 'CRA', due: '2026-12-31', status: 'planned', position: 1 }, userOrigin(2));
		sync(a.doc, b.doc);
		expect(a.risks()).toEqual(b.risks());
		expect(a.risk('r1')).toMatchObject({ inherent: { severity: 4, likelihood: 3 }, description: 'Shared laptops at the field office' });
		expect(a.measures().map((m) => m.text)).toEqual(['MFA']);
	});

	it('removes a risk with its measures', () => {
		const [a] = pair();
		a.addRisk(risk('r1'), userOrigin(1));
		a.setMeasure({ id: 'm1', riskId: 'r1', text: 'x', kind: 'planned', agency: '', due: 'not a date', status: 'planned', position: 1 }, userOrigin(1));
		expect(a.measures()[0].due).toBe('');
		a.removeRisk('r1', userOrigin(1));
		expect(a.risks()).toEqual([]);
		expect(a.measures()).toEqual([]);
	});

	it('keeps ratings out of a round until it is revealed, then shows them all', () => {
		const [a] = pair();
		a.openRound({ id: 'round-1', riskIds: ['r1'], openedAt: 1, openedBy: 'Fatima', eligible: [{ userId: 'u1', name: 'Amal', agencyId: 'A' }] }, serverOrigin);
		a.markSubmitted('round-1', 'u1', serverOrigin);
		expect(a.round('round-1')).toMatchObject({ state: 'open', submitted: ['u1'], ratings: [] });
		a.revealRound('round-1', [{ userId: 'u1', name: 'Amal', agencyId: 'A', riskId: 'r1', severity: 3, likelihood: 2, note: '' }], 2, serverOrigin);
		expect(a.round('round-1')).toMatchObject({ state: 'revealed', revealedAt: 2 });
		expect(a.round('round-1')?.ratings).toHaveLength(1);
	});
});
