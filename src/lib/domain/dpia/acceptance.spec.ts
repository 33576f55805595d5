import { describe, expect, it } from 'vitest';
import { acceptanceBasis, acceptProblem, isStanding, mayAccept, voidReasonFor, type Acceptance } from './acceptance';

const measure = { id: 'm1', text: 'Encrypt tablets', kind: 'planned', agency: 'a', due: '', status: 'planned' };
const basis = acceptanceBasis({ severity: 3, likelihood: 2 }, { severity: 3, likelihood: 1 }, [measure]);
const accepted: Acceptance = { agencyId: 'a', userId: 'u1', name: 'Amal', reason: 'Mitigated by MFA', at: 1, basis, voidedAt: 0, voidReason: '' };

describe('risk acceptance', () => {
	it('stands while its basis holds, and says why it no longer does', () => {
		expect(isStanding(accepted)).toBe(true);
		expect(voidReasonFor(accepted, basis)).toBeNull();
		expect(voidReasonFor(accepted, acceptanceBasis({ severity: 3, likelihood: 2 }, { severity: 4, likelihood: 1 }, [measure]))).toBe('rating-changed');
		expect(voidReasonFor(accepted, acceptanceBasis({ severity: 3, likelihood: 2 }, { severity: 3, likelihood: 1 }, [{ ...measure, status: 'done' }]))).toBe('measures-changed');
		expect(voidReasonFor(accepted, acceptanceBasis({ severity: 3, likelihood: 2 }, { severity: 3, likelihood: 1 }, []))).toBe('measures-changed');
		expect(isStanding({ ...accepted, voidedAt: 5, voidReason: 'withdrawn' })).toBe(false);
		expect(isStanding(null)).toBe(false);
	});

	it('is given by a participant of the owning agency, for a rated risk, with a reason', () => {
		const risk = { ownerAgency: 'a', residual: { severity: 3, likelihood: 1 } };
		expect(acceptProblem({ role: 'participant', agencyId: 'a' }, risk, 'Mitigated')).toBeNull();
		expect(acceptProblem({ role: 'participant', agencyId: 'b' }, risk, 'Mitigated')).toBe('other-agency');
		expect(acceptProblem({ role: 'facilitator', agencyId: null }, risk, 'Mitigated')).toBe('not-a-participant');
		expect(acceptProblem({ role: 'observer', agencyId: 'a' }, risk, 'Mitigated')).toBe('not-a-participant');
		expect(acceptProblem({ role: 'participant', agencyId: 'b' }, { ...risk, ownerAgency: '' }, 'Mitigated')).toBeNull();
		expect(acceptProblem({ role: 'participant', agencyId: 'a' }, { ...risk, residual: null }, 'Mitigated')).toBe('not-rated');
		expect(acceptProblem({ role: 'participant', agencyId: 'a' }, risk, '  ')).toBe('no-reason');
	});
});

describe('who may accept, before any reason is typed', () => {
	it('is the same rule, without the reason', () => {
		const risk = { ownerAgency: 'a', residual: { severity: 3, likelihood: 1 } };
		expect(mayAccept({ role: 'participant', agencyId: 'a' }, risk)).toBeNull();
		expect(mayAccept({ role: 'participant', agencyId: 'b' }, risk)).toBe('other-agency');
	});
});
