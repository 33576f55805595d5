import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Kit } from './kit-schema';
import { kitDifferences, parseKitChange, tailorKit, type KitChange, type RecordedKitChange } from './kit-tailoring';
import { validateKit } from './kit-validation';

const dir = new URL('../../../workshop-kits/cpims-plus/', import.meta.url);
const read = (f: string) => JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
const loaded = validateKit(
	{ manifest: read('kit.json'), scales: read('scales.json'), agenda: read('agenda.json'), dpia: read('dpia.json'), dpisp: read('dpisp.json'), terms: read('terms.json'), breach: read('breach.json'), signing: read('signing.json') },
	'cpims-plus'
);
if (!loaded.ok) throw new Error('the cpims-plus kit does not load');
const kit: Kit = loaded.kit;
const [r1, r2, r3] = kit.dpia.risks;
let n = 0;
const rec = (change: KitChange, name = 'Fatima'): RecordedKitChange => ({ id: String(++n), at: n * 1000, by: { userId: 'u1', name }, change });
const parse = (input: Record<string, string>, changes: RecordedKitChange[] = []) => parseKitChange(input, kit, changes, () => 'abc');

describe('tailoring a workshop’s kit', () => {
	it('sets parameters, takes catalogue risks out and adds custom ones, leaving the standard kit as it was', () => {
		const changes = [
			rec({ type: 'parameter', key: 'consentAge', value: 16 }),
			rec({ type: 'risk-out', riskId: r1.id }),
			rec({ type: 'risk-out', riskId: r2.id }),
			rec({ type: 'custom-risk', id: 'custom-1', title: 'Radio messages name children', description: 'Field radios are overheard', group: kit.dpia.riskGroups[0].id, fearedEvent: 'illegitimate-access' })
		];
		const tailored = tailorKit(kit, changes, 'fr');
		expect(tailored.dpisp.parameters.consentAge).toBe(16);
		expect(kit.dpisp.parameters.consentAge).toBe(15);
		expect(tailored.dpia.risks.map((r) => r.id)).not.toContain(r1.id);
		expect(tailored.dpia.risks.map((r) => r.id)).toContain(r3.id);
		expect(tailored.dpia.risks.at(-1)).toMatchObject({ id: 'custom-1', title: { fr: 'Radio messages name children' }, mitigations: [{ fr: 'Field radios are overheard' }] });
		expect(kit.dpia.risks).toHaveLength(tailored.dpia.risks.length + 1);
	});

	it('lists the net differences with who made each, in the standard kit’s order', () => {
		const changes = [
			rec({ type: 'risk-out', riskId: r2.id }),
			rec({ type: 'risk-out', riskId: r1.id }, 'Dina'),
			rec({ type: 'risk-out', riskId: r3.id }),
			rec({ type: 'risk-in', riskId: r3.id }),
			rec({ type: 'parameter', key: 'consentAge', value: 17 }),
			rec({ type: 'parameter', key: 'consentAge', value: 15 }),
			rec({ type: 'parameter', key: 'rightsResponseDays', value: 20 }),
			rec({ type: 'custom-risk', id: 'custom-a', title: 'A', description: '', group: 'g', fearedEvent: 'disappearance' }),
			rec({ type: 'custom-risk', id: 'custom-b', title: 'B', description: '', group: 'g', fearedEvent: 'disappearance' }),
			rec({ type: 'custom-risk-removed', id: 'custom-a' })
		];
		expect(kitDifferences(kit, changes).map((d) => [d.kind, 'key' in d ? d.key : 'riskId' in d ? d.riskId : '', d.by])).toEqual([
			['parameter', 'rightsResponseDays', 'Fatima'],
			['risk-removed', r1.id, 'Dina'],
			['risk-removed', r2.id, 'Fatima'],
			['risk-added', 'custom-b', 'Fatima']
		]);
		expect(kitDifferences(kit, [])).toEqual([]);
	});

	it('takes Terms checklist items out and adds the workshop’s own, in the Terms and in the agreement in lieu of them', () => {
		const [i1] = kit.terms.checklist;
		const changes = [
			rec({ type: 'terms-item-out', itemId: i1.id }),
			rec({ type: 'terms-item', id: 'custom-t', title: 'Data stays in the country', description: 'Hosting is national' })
		];
		const tailored = tailorKit(kit, changes, 'en');
		expect(tailored.terms.checklist.map((i) => i.id)).not.toContain(i1.id);
		expect(tailored.terms.checklist.at(-1)).toMatchObject({ id: 'custom-t', title: { en: 'Data stays in the country' } });
		expect(tailored.terms.governmentChecklist?.at(-1)?.id).toBe('custom-t');
		expect(kitDifferences(kit, changes).map((d) => d.kind)).toEqual(['terms-item-removed', 'terms-item-added']);
		expect(kitDifferences(kit, [...changes, rec({ type: 'terms-item-in', itemId: i1.id }), rec({ type: 'terms-item-removed', id: 'custom-t' })])).toEqual([]);
		expect(parse({ type: 'terms-item-out', itemId: 'nope' })).toEqual({ ok: false, problem: 'unknown-item' });
		expect(parse({ type: 'terms-item', title: '' })).toEqual({ ok: false, problem: 'no-title' });
		expect(parse({ type: 'terms-item-removed', itemId: i1.id })).toEqual({ ok: false, problem: 'unknown-item' });
	});

	it('checks each change and says what is wrong', () => {
		expect(parse({ type: 'parameter', key: 'consentAge', value: '15' })).toEqual({ ok: true, change: { type: 'parameter', key: 'consentAge', value: 15 } });
		expect(parse({ type: 'parameter', key: 'consentAge', value: '6' })).toEqual({ ok: false, problem: 'out-of-range' });
		expect(parse({ type: 'parameter', key: 'consentAge', value: '15.5' })).toEqual({ ok: false, problem: 'out-of-range' });
		expect(parse({ type: 'parameter', key: 'consentAge', value: '' })).toEqual({ ok: false, problem: 'out-of-range' });
		expect(parse({ type: 'parameter', key: '__proto__', value: '1' })).toEqual({ ok: false, problem: 'bad-parameter' });
		expect(parse({ type: 'risk-out', riskId: 'nope' })).toEqual({ ok: false, problem: 'unknown-risk' });
		expect(parse({ type: 'custom-risk', title: ' ', group: kit.dpia.riskGroups[0].id, fearedEvent: 'principle' })).toEqual({ ok: false, problem: 'no-title' });
		expect(parse({ type: 'custom-risk', title: 'x', group: 'nope', fearedEvent: 'principle' })).toEqual({ ok: false, problem: 'bad-group' });
		expect(parse({ type: 'custom-risk', title: 'x', group: kit.dpia.riskGroups[0].id, fearedEvent: 'boom' })).toEqual({ ok: false, problem: 'bad-feared-event' });
		expect(parse({ type: 'custom-risk', title: 'x'.repeat(201), group: kit.dpia.riskGroups[0].id, fearedEvent: 'principle' })).toEqual({ ok: false, problem: 'too-long' });
		expect(parse({ type: 'custom-risk', title: 'Radio', group: kit.dpia.riskGroups[0].id, fearedEvent: 'principle' })).toMatchObject({ ok: true, change: { id: 'custom-abc' } });
		// only a custom risk the workshop added can be removed as one
		expect(parse({ type: 'custom-risk-removed', riskId: r1.id })).toEqual({ ok: false, problem: 'unknown-risk' });
		expect(parse({ type: 'custom-risk-removed', riskId: 'custom-x' }, [rec({ type: 'custom-risk', id: 'custom-x', title: 'X', description: '', group: 'g', fearedEvent: 'principle' })])).toMatchObject({ ok: true });
		expect(parse({ type: 'rewrite-everything' })).toEqual({ ok: false, problem: 'unknown-change' });
	});
});
