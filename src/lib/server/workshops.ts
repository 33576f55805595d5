import { CloseCode } from '../collab/close-codes';
import { invitationProblem, type InvitationProblem } from '../domain/invitation-rules';
import { canBeSignatory } from '../domain/roles';
import type { InvitationInput, MemberChange, WorkshopInput } from '../domain/workshop-input';
import type { Actor, AuditLog } from './audit';
import { roomName, type CollabServer } from './collab/collab-server';
import type { WorkshopBoards } from './boards/workshop-boards';
import { hashToken, newId, randomToken } from './ids';
import type { KitCatalogue } from './kits';
import type { DocumentStore, Invitation, User, Workshop, WorkshopRepository } from './repositories/types';

export type AcceptResult = { ok: true; workshopId: string; alreadyMember: boolean } | { ok: false; problem: InvitationProblem | 'unknown' };
export type MemberChangeResult = { ok: true } | { ok: false; problem: 'not-found' | 'last-facilitator' | 'unknown-agency' | 'signatory-role' };

export interface WorkshopServiceDeps {
	workshops: WorkshopRepository;
	documents: DocumentStore;
	kits: KitCatalogue;
	audit: AuditLog;
	collab: () => CollabServer;
	boards: WorkshopBoards;
	transaction: <T>(fn: () => T) => T;
}

/** Workshop set-up: creation with its seeded boards, invitations and membership changes. */
export class WorkshopService {
	constructor(private readonly d: WorkshopServiceDeps) {}

	create(input: WorkshopInput, creator: User, actor: Actor): { ok: true; workshop: Workshop } | { ok: false; problem: 'unknown-kit' | 'language' } {
		const kit = this.d.kits.get(input.kitId);
		if (!kit) return { ok: false, problem: 'unknown-kit' };
		// the protocol is drafted in one of the languages the kit is written in, in full
		if (!kit.manifest.languages.includes(input.language)) return { ok: false, problem: 'language' };
		const now = Date.now();
		const workshop: Workshop = {
			id: newId(),
			title: input.title,
			context: input.context,
			date: input.date,
			rolloutType: input.rolloutType,
			language: input.language,
			kitId: kit.manifest.id,
			kitVersion: kit.manifest.version,
			createdBy: creator.id,
			createdAt: now
		};
		const agencies = input.agencies.map((a, i) => ({ ...a, id: newId(), workshopId: workshop.id, position: i }));
		// every board starts from the kit, stored with the workshop: no page load ever writes to a board
		const boards = this.d.boards.initialStates({ workshop, agencies, kit: this.d.kits.forWorkshop(workshop) ?? kit });
		this.d.transaction(() => {
			this.d.workshops.create(workshop, agencies, { userId: creator.id, joinedAt: now });
			for (const { board, state } of boards) this.d.documents.seed(roomName(workshop.id, board), state);
			this.d.audit.record('workshop.created', actor, { workshopId: workshop.id, target: workshop.title, details: { kit: `${kit.manifest.id}@${kit.manifest.version}`, agencies: agencies.length } });
		});
		return { ok: true, workshop };
	}

	invite(workshopId: string, input: InvitationInput, actor: Actor & { userId: string }): { ok: true; token: string; invitation: Invitation } | { ok: false; problem: 'unknown-agency' } {
		if (!this.d.workshops.agencies(workshopId).some((a) => a.id === input.agencyId)) return { ok: false, problem: 'unknown-agency' };
		const now = Date.now();
		const token = randomToken(20);
		const invitation: Invitation = {
			id: newId(),
			workshopId,
			agencyId: input.agencyId,
			role: input.role,
			isSignatory: input.isSignatory,
			expiresAt: now + input.expiresInDays * 86_400_000,
			maxUses: input.maxUses,
			uses: 0,
			revokedAt: null,
			createdBy: actor.userId,
			createdAt: now
		};
		this.d.workshops.createInvitation(invitation, hashToken(token));
		this.d.audit.record('invitation.created', actor, {
			workshopId,
			target: invitation.id,
			details: { agencyId: input.agencyId, role: input.role, signatory: input.isSignatory, maxUses: input.maxUses, expiresAt: new Date(invitation.expiresAt).toISOString() }
		});
		return { ok: true, token, invitation };
	}

	/** The invitation behind a link, with why it can no longer be used (or null). */
	lookupInvitation(token: string): { invitation: Invitation; problem: InvitationProblem | null } | null {
		if (token.length > 64) return null;
		const invitation = this.d.workshops.invitationByTokenHash(hashToken(token));
		if (!invitation) return null;
		return { invitation, problem: invitationProblem(invitation, Date.now()) };
	}

	accept(token: string, user: User, actor: Actor): AcceptResult {
		const found = this.lookupInvitation(token);
		if (!found) return { ok: false, problem: 'unknown' };
		const { invitation } = found;
		if (this.d.workshops.member(invitation.workshopId, user.id)) return { ok: true, workshopId: invitation.workshopId, alreadyMember: true };
		return this.d.transaction(() => {
			if (!this.d.workshops.useInvitation(invitation.id, Date.now())) {
				return { ok: false as const, problem: invitationProblem(invitation, Date.now()) ?? 'used-up' };
			}
			this.d.workshops.addMember({
				workshopId: invitation.workshopId,
				userId: user.id,
				role: invitation.role,
				agencyId: invitation.agencyId,
				isSignatory: invitation.isSignatory && invitation.role === 'participant',
				joinedAt: Date.now()
			});
			this.d.audit.record('invitation.used', { ...actor, agency: invitation.agencyId, role: invitation.role }, { workshopId: invitation.workshopId, target: invitation.id });
			return { ok: true as const, workshopId: invitation.workshopId, alreadyMember: false };
		});
	}

	revoke(workshopId: string, invitationId: string, actor: Actor): boolean {
		const done = this.d.workshops.revokeInvitation(workshopId, invitationId, Date.now());
		if (done) this.d.audit.record('invitation.revoked', actor, { workshopId, target: invitationId });
		return done;
	}

	changeMember(workshopId: string, userId: string, change: MemberChange, actor: Actor): MemberChangeResult {
		const member = this.d.workshops.member(workshopId, userId);
		if (!member) return { ok: false, problem: 'not-found' };
		if (change.agencyId !== null && !this.d.workshops.agencies(workshopId).some((a) => a.id === change.agencyId)) return { ok: false, problem: 'unknown-agency' };
		if (change.isSignatory && !canBeSignatory(change.role, change.agencyId)) return { ok: false, problem: 'signatory-role' };
		if (member.role === 'facilitator' && change.role !== 'facilitator' && this.#facilitatorCount(workshopId) === 1) return { ok: false, problem: 'last-facilitator' };
		this.d.workshops.updateMember(workshopId, userId, change);
		this.d.audit.record('member.role-changed', actor, {
			workshopId,
			target: member.email,
			details: { from: { role: member.role, agencyId: member.agencyId, signatory: member.isSignatory }, to: change }
		});
		if (change.role !== member.role || change.agencyId !== member.agencyId) {
			this.d.collab().closeMember(workshopId, userId, CloseCode.PermissionsChanged, 'your role changed');
		}
		return { ok: true };
	}

	/**
	 * Hands the facilitator role to another member during the day: they become a facilitator, and
	 * the one handing over becomes a participant of their agency (an observer if they have none).
	 * Both reconnect with their new rights.
	 */
	handOver(workshopId: string, fromUserId: string, toUserId: string, actor: Actor): MemberChangeResult {
		const from = this.d.workshops.member(workshopId, fromUserId);
		const to = this.d.workshops.member(workshopId, toUserId);
		if (!from || !to || from.role !== 'facilitator' || fromUserId === toUserId) return { ok: false, problem: 'not-found' };
		this.d.transaction(() => {
			this.d.workshops.updateMember(workshopId, toUserId, { role: 'facilitator', agencyId: to.agencyId, isSignatory: false });
			this.d.workshops.updateMember(workshopId, fromUserId, { role: from.agencyId ? 'participant' : 'observer', agencyId: from.agencyId, isSignatory: false });
		});
		this.d.audit.record('facilitation.handed-over', actor, { workshopId, target: to.email, details: { from: from.email } });
		for (const userId of [fromUserId, toUserId]) this.d.collab().closeMember(workshopId, userId, CloseCode.PermissionsChanged, 'the facilitator role was handed over');
		return { ok: true };
	}

	removeMember(workshopId: string, userId: string, actor: Actor): MemberChangeResult {
		const member = this.d.workshops.member(workshopId, userId);
		if (!member) return { ok: false, problem: 'not-found' };
		if (member.role === 'facilitator' && this.#facilitatorCount(workshopId) === 1) return { ok: false, problem: 'last-facilitator' };
		this.d.workshops.removeMember(workshopId, userId);
		this.d.audit.record('member.removed', actor, { workshopId, target: member.email, details: { role: member.role, agencyId: member.agencyId } });
		this.d.collab().closeMember(workshopId, userId, CloseCode.MemberRemoved, 'you were removed from this workshop');
		return { ok: true };
	}

	#facilitatorCount(workshopId: string): number {
		return this.d.workshops.members(workshopId).filter((m) => m.role === 'facilitator').length;
	}
}
