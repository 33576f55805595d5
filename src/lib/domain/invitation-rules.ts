export interface InvitationState {
	expiresAt: number;
	maxUses: number;
	uses: number;
	revokedAt: number | null;
}

export type InvitationProblem = 'revoked' | 'expired' | 'used-up';

/** Why an invitation link can no longer be used, or null while it can. */
export function invitationProblem(invite: InvitationState, now: number): InvitationProblem | null {
	if (invite.revokedAt !== null) return 'revoked';
	if (now >= invite.expiresAt) return 'expired';
	if (invite.uses >= invite.maxUses) return 'used-up';
	return null;
}

export const INVITE_MAX_DAYS = 60;
export const INVITE_MAX_USES = 200;
