import type { AuditEntry } from '../domain/audit-chain';
import { verifyAuditChain } from '../domain/audit-chain';
import type { AuditRepository } from './repositories/types';

/** The actions recorded in the audit log. */
export type AuditAction =
	| 'sign-in'
	| 'sign-in.failed'
	| 'sign-in.locked'
	| 'sign-out'
	| 'sign-out.everywhere'
	| 'account.created'
	| 'account.password-changed'
	| 'workshop.created'
	| 'invitation.created'
	| 'invitation.used'
	| 'invitation.revoked'
	| 'member.role-changed'
	| 'member.removed'
	| 'board.joined'
	| 'board.left'
	| 'backup.created'
	| 'dpia.round-opened'
	| 'dpia.rating-submitted'
	| 'dpia.round-revealed'
	| 'dpia.round-cancelled'
	| 'dpia.action-plan-exported'
	| 'dpisp.version-saved'
	| 'terms.version-published'
	| 'breach.drill-started'
	| 'breach.drill-step-done'
	| 'breach.drill-ended'
	| 'breach.drill-exported'
	| 'protocol.frozen'
	| 'protocol.reopened'
	| 'protocol.signed'
	| 'protocol.declined'
	| 'protocol.exported'
	| 'facilitation.timer'
	| 'facilitation.locked'
	| 'facilitation.unlocked'
	| 'facilitation.vote-opened'
	| 'facilitation.vote-closed'
	| 'facilitation.handed-over';

export interface Actor {
	userId: string | null;
	label: string | null;
	agency?: string | null;
	role?: string | null;
	address?: string | null;
}

export class AuditLog {
	constructor(
		private readonly repo: AuditRepository,
		private readonly recordAddresses: boolean
	) {}

	readonly #listeners: ((action: AuditAction, actor: Actor, target: { workshopId?: string | null; target?: string | null; details?: Record<string, unknown> }) => void)[] = [];

	/** Lets a service react to recorded events (the decision log listens for board decisions). */
	onRecord(listener: (action: AuditAction, actor: Actor, target: { workshopId?: string | null; target?: string | null; details?: Record<string, unknown> }) => void): void {
		this.#listeners.push(listener);
	}

	record(action: AuditAction, actor: Actor, target: { workshopId?: string | null; target?: string | null; details?: Record<string, unknown> } = {}): AuditEntry {
		const entry = this.#append(action, actor, target);
		for (const listener of this.#listeners) {
			try {
				listener(action, actor, target);
			} catch {
				// A listener's failure never undoes or blocks the record itself.
			}
		}
		return entry;
	}

	#append(action: AuditAction, actor: Actor, target: { workshopId?: string | null; target?: string | null; details?: Record<string, unknown> }): AuditEntry {
		return this.repo.append({
			at: new Date().toISOString(),
			actorId: actor.userId,
			actorLabel: actor.label,
			agency: actor.agency ?? null,
			role: actor.role ?? null,
			action,
			target: target.target ?? null,
			workshopId: target.workshopId ?? null,
			address: this.recordAddresses ? (actor.address ?? null) : null,
			details: target.details ? JSON.stringify(target.details) : null
		});
	}

	list(workshopId: string | undefined, limit = 200, beforeId?: number): AuditEntry[] {
		return this.repo.list({ workshopId, limit, beforeId });
	}

	verify() {
		return verifyAuditChain(this.repo.all(), this.repo.head());
	}
}
