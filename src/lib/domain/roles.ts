/** Roles on the whole instance. */
export const INSTANCE_ROLES = ['admin', 'facilitator', 'member'] as const;
export type InstanceRole = (typeof INSTANCE_ROLES)[number];

/** Roles inside one workshop. */
export const WORKSHOP_ROLES = ['facilitator', 'participant', 'observer'] as const;
export type WorkshopRole = (typeof WORKSHOP_ROLES)[number];

/** Roles an invitation link can grant. Facilitators are made by promotion, never by link. */
export const INVITABLE_ROLES = ['participant', 'observer'] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

export function canCreateWorkshops(role: InstanceRole): boolean {
	return role === 'admin' || role === 'facilitator';
}

export function canManageAccounts(role: InstanceRole): boolean {
	return role === 'admin';
}

/** Whether a member may change board content. Observers only watch. */
export function canEditBoards(role: WorkshopRole): boolean {
	return role === 'facilitator' || role === 'participant';
}

export function canManageWorkshop(role: WorkshopRole): boolean {
	return role === 'facilitator';
}

/** Only participants can sign for their agency. */
export function canBeSignatory(role: WorkshopRole, agencyId: string | null): boolean {
	return role === 'participant' && agencyId !== null;
}
