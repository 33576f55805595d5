import { describe, expect, it } from 'vitest';
import { dueState, endOfDay, isWebLink, mayAssign, mayUpdate, parseChange, planAt, reminders, safeFileName, type FollowUpEvent, type SignedMeasure, type Viewer } from './plan';

const measures: SignedMeasure[] = [
	{ id: 'm1', riskId: 'r1', riskTitle: 'Re-identification', text: 'Train caseworkers', agencyId: 'alpha', due: '2027-01-10', status: 'planned' },
	{ id: 'm2', riskId: 'r2', riskTitle: 'Lost laptop', text: 'Encrypt laptops', agencyId: 'beta', due: '2027-03-01', status: 'in-progress' },
	{ id: 'm3', riskId: 'r2', riskTitle: 'Lost laptop', text: 'Policy on devices', agencyId: '', due: '', status: 'planned' }
];
const by = { userId: 'u-amal', name: 'Amal' };
const ev = (measureId: string, at: number, change: FollowUpEvent['change']): FollowUpEvent => ({ id: `${measureId}-${at}`, measureId, at, by, change });

const amal: Viewer = { userId: 'u-amal', role: 'participant', agencyId: 'alpha' };
const bruno: Viewer = { userId: 'u-bruno', role: 'participant', agencyId: 'beta' };
const fatima: Viewer = { userId: 'u-fatima', role: 'facilitator', agencyId: null };
const olu: Viewer = { userId: 'u-olu', role: 'observer', agencyId: 'alpha' };

describe('the follow-up of the action plan', () => {
	it('starts from the signed measures, owned by the agency the workshop named', () => {
		const rows = planAt(measures, []);
		expect(rows.map((r) => [r.measure.id, r.owner, r.status, r.updated])).toEqual([
			['m1', { kind: 'agency', agencyId: 'alpha' }, 'planned', null],
			['m2', { kind: 'agency', agencyId: 'beta' }, 'in-progress', null],
			['m3', null, 'planned', null]
		]);
	});

	it('replays the changes in time order, and cuts them at a date', () => {
		const events = [
			ev('m1', 300, { type: 'evidence', evidence: { kind: 'note', text: '40 trained' } }),
			ev('m1', 100, { type: 'status', status: 'in-progress', reason: '' }),
			ev('m1', 200, { type: 'status', status: 'done', reason: 'ignored unless dropped' }),
			ev('m2', 150, { type: 'status', status: 'dropped', reason: 'Laptops replaced by tablets' }),
			ev('m3', 120, { type: 'owner', owner: { kind: 'person', userId: 'u-bruno' } }),
			ev('m3', 130, { type: 'due', due: '2027-02-01' }),
			ev('gone', 50, { type: 'due', due: '2027-02-01' })
		];
		const now = planAt(measures, events);
		expect(now[0]).toMatchObject({ status: 'done', reason: '', evidence: [{ kind: 'note', text: '40 trained', by: 'Amal', at: 300 }], updated: { by: 'Amal', at: 300 } });
		expect(now[1]).toMatchObject({ status: 'dropped', reason: 'Laptops replaced by tablets' });
		expect(now[2]).toMatchObject({ owner: { kind: 'person', userId: 'u-bruno' }, due: '2027-02-01' });
		const then = planAt(measures, events, 199);
		expect(then[0]).toMatchObject({ status: 'in-progress', evidence: [] });
		expect(planAt(measures, events, 0).map((r) => r.status)).toEqual(['planned', 'in-progress', 'planned']);
	});

	it('lets owners update their own measures, the facilitator any, and nobody else', () => {
		const [m1, m2, m3] = planAt(measures, [ev('m3', 1, { type: 'owner', owner: { kind: 'person', userId: 'u-bruno' } })]);
		expect([amal, bruno, fatima, olu].map((v) => mayUpdate(m1, v))).toEqual([true, false, true, false]);
		expect([amal, bruno, fatima, olu].map((v) => mayUpdate(m2, v))).toEqual([false, true, true, false]);
		expect([amal, bruno, fatima, olu].map((v) => mayUpdate(m3, v))).toEqual([false, true, true, false]);
		// an observer of the owning agency only watches
		expect(mayUpdate({ owner: { kind: 'agency', agencyId: 'alpha' } }, olu)).toBe(false);
		expect(mayUpdate({ owner: null }, amal)).toBe(false);
		expect([amal, fatima].map(mayAssign)).toEqual([false, true]);
	});

	it('finds overdue and soon-due open measures, the viewer’s own first', () => {
		const rows = planAt(measures, []);
		expect(rows.map((r) => dueState(r, '2027-01-01'))).toEqual(['soon', null, null]);
		expect(rows.map((r) => dueState(r, '2027-01-11'))).toEqual(['overdue', null, null]);
		expect(dueState({ status: 'done', due: '2020-01-01' }, '2027-01-11')).toBeNull();
		expect(reminders(rows, amal, '2027-02-20').map((r) => [r.measure.id, r.state])).toEqual([['m1', 'overdue']]);
		expect(reminders(rows, bruno, '2027-02-20').map((r) => [r.measure.id, r.state])).toEqual([['m2', 'soon']]);
		expect(reminders(rows, fatima, '2027-02-20').map((r) => [r.measure.id, r.state])).toEqual([['m1', 'overdue'], ['m2', 'soon']]);
		expect(reminders(rows, olu, '2027-02-20')).toEqual([]);
		// what is e-mailed goes to owners only: a facilitator who owns nothing gets none
		expect(reminders(rows, fatima, '2027-02-20', true)).toEqual([]);
	});

	it('checks each change and says what is wrong', () => {
		expect(parseChange({ type: 'status', status: 'done' })).toEqual({ ok: true, change: { type: 'status', status: 'done', reason: '' } });
		expect(parseChange({ type: 'status', status: 'dropped', reason: '  ' })).toEqual({ ok: false, problem: 'no-reason' });
		expect(parseChange({ type: 'status', status: 'finished' })).toEqual({ ok: false, problem: 'bad-status' });
		expect(parseChange({ type: 'due', due: '2027-02-30' })).toEqual({ ok: false, problem: 'bad-date' });
		expect(parseChange({ type: 'due', due: '' })).toEqual({ ok: true, change: { type: 'due', due: '' } });
		expect(parseChange({ type: 'owner', owner: 'agency:alpha' })).toEqual({ ok: true, change: { type: 'owner', owner: { kind: 'agency', agencyId: 'alpha' } } });
		expect(parseChange({ type: 'owner', owner: 'group:x' })).toEqual({ ok: false, problem: 'bad-owner' });
		expect(parseChange({ type: 'note', text: '' })).toEqual({ ok: false, problem: 'empty-note' });
		expect(parseChange({ type: 'note', text: 'x'.repeat(2001) })).toEqual({ ok: false, problem: 'too-long' });
		expect(parseChange({ type: 'link', url: 'javascript:alert(1)' })).toEqual({ ok: false, problem: 'bad-link' });
		expect(parseChange({ type: 'link', url: 'https://intranet.example.org/training.pdf', text: 'Attendance' })).toMatchObject({ ok: true });
		expect(parseChange({ type: 'delete' })).toEqual({ ok: false, problem: 'unknown-change' });
	});

	it('keeps only web links and harmless file names', () => {
		expect(['https://a.org/x', 'http://a.org', 'data:text/html,<b>', 'javascript:x', 'file:///etc/passwd', 'a.org'].map(isWebLink)).toEqual([true, true, false, false, false, false]);
		expect(safeFileName('C:\\Users\\a\\report "final".pdf')).toBe('report final.pdf');
		expect(safeFileName('../../etc/passwd')).toBe('passwd');
		expect(safeFileName('\u0000')).toBe('evidence');
		expect(endOfDay('2027-01-10') - Date.parse('2027-01-10T00:00:00Z')).toBe(86_400_000 - 1);
	});
});
