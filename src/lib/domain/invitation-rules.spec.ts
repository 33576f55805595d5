import { describe, expect, it } from 'vitest';
import { invitationProblem } from './invitation-rules';

const base = { expiresAt: 2_000, maxUses: 2, uses: 0, revokedAt: null };

describe('invitation rules', () => {
	it('accepts a fresh link', () => {
		expect(invitationProblem(base, 1_000)).toBeNull();
	});
	it('refuses an expired link', () => {
		expect(invitationProblem(base, 2_000)).toBe('expired');
	});
	it('refuses a used-up link', () => {
		expect(invitationProblem({ ...base, uses: 2 }, 1_000)).toBe('used-up');
	});
	it('reports revocation first', () => {
		expect(invitationProblem({ ...base, uses: 2, revokedAt: 10 }, 5_000)).toBe('revoked');
	});
});
