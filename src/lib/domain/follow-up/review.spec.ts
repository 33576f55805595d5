import { describe, expect, it } from 'vitest';
import { planAt, type FollowUpEvent } from './plan';
import { carriedMeasures } from './review';

const m = (id: string, kind: 'existing' | 'planned', agency = 'a1') => ({ id, riskId: 'r', text: id, kind, agency, due: '2027-01-01', status: 'planned' as const, position: 1 });
const signed = [m('train', 'planned'), m('encrypt', 'planned', 'a2'), m('policy', 'planned'), m('cabinets', 'existing', 'a2'), m('new', 'planned')];
const ev = (measureId: string, change: FollowUpEvent['change']): FollowUpEvent => ({ id: measureId + change.type, measureId, at: 1, by: { userId: 'u', name: 'U' }, change });

describe('a review starts from the follow-up', () => {
	it('turns done measures into existing ones, keeps the rest as left, drops the dropped, maps agencies', () => {
		const rows = planAt(
			signed.filter((x) => x.kind === 'planned' && x.id !== 'new').map((x) => ({ id: x.id, riskId: 'r', riskTitle: 'R', text: x.text, agencyId: x.agency, due: x.due, status: x.status })),
			[
				ev('train', { type: 'status', status: 'done', reason: '' }),
				ev('encrypt', { type: 'status', status: 'in-progress', reason: '' }),
				ev('encrypt', { type: 'due', due: '2027-06-30' }),
				ev('encrypt', { type: 'owner', owner: { kind: 'agency', agencyId: 'a1' } }),
				ev('policy', { type: 'status', status: 'dropped', reason: 'replaced by national policy' })
			]
		);
		const carried = carriedMeasures(signed, rows, (id) => (id ? `new-${id}` : ''));
		expect(carried.map((x) => [x.id, x.kind, x.status, x.agency, x.due])).toEqual([
			['train', 'existing', 'done', 'new-a1', '2027-01-01'],
			['encrypt', 'planned', 'in-progress', 'new-a1', '2027-06-30'],
			['cabinets', 'existing', 'planned', 'new-a2', '2027-01-01'],
			['new', 'planned', 'planned', 'new-a1', '2027-01-01']
		]);
	});
});
