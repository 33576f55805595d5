import { serverOrigin } from '../collab/origins';
import { TermsDoc } from '../collab/terms-doc';
import type { BoardState } from '../domain/boards';
import { type OrganisationStatus } from '../domain/terms/review';
import { shownName, type Actor, type AuditLog } from './audit';
import type { CollabServer } from './collab/collab-server';
import { termsFor } from '../domain/kit-schema';
import type { KitCatalogue } from './kits';
import type { Workshop, WorkshopRepository } from './repositories/types';

/** Step 8's server side: seeding, publishing versions of the Terms, and each organisation's status. */
export class TermsService {
	constructor(private readonly d: { collab: CollabServer; workshops: WorkshopRepository; kits: KitCatalogue; audit: AuditLog }) {}


	/** Publishes the draft as a new version if it differs from the current one. Every organisation then reviews again. */
	publish(workshop: Workshop, actor: Actor & { label: string }): { ok: true; version: number } | { ok: false; problem: 'unchanged' | 'empty' } {
		const { draft, current } = this.d.collab.read(workshop.id, 'terms', (doc) => {
			const terms = new TermsDoc(doc);
			return { draft: terms.draft.toString(), current: terms.current() };
		});
		if (!draft.trim()) return { ok: false, problem: 'empty' };
		if (current && current.text === draft) return { ok: false, problem: 'unchanged' };
		let version = 0;
		this.d.collab.transact(workshop.id, 'terms', (doc) => {
			version = new TermsDoc(doc).publish(draft, shownName(actor), Date.now(), serverOrigin);
		});
		this.d.audit.record('terms.version-published', actor, { workshopId: workshop.id, target: `version ${version}` });
		return { ok: true, version };
	}

	/**
	 * Records, or withdraws, the facilitator's decision that the system goes live before the Terms are
	 * signed (a rapid-onset emergency): the protocol can then be frozen and signed with the Terms
	 * pending, and says so. Who decided and when are the server's.
	 */
	setRapidOnset(workshop: Workshop, on: boolean, actor: Actor & { label: string }): void {
		this.d.collab.transact(workshop.id, 'terms', (doc) => new TermsDoc(doc).setRapidOnset({ on, by: shownName(actor), at: Date.now() }, serverOrigin));
		this.d.audit.record('terms.rapid-onset', actor, { workshopId: workshop.id, target: on ? 'on' : 'off' });
	}

	statuses(workshop: Workshop): { agencyId: string; status: OrganisationStatus }[] {
		const kit = this.d.kits.forWorkshop(workshop);
		const items = kit ? termsFor(kit.terms, workshop.rolloutType).checklist.map((i) => i.id) : [];
		const agencyIds = this.d.workshops.agencies(workshop.id).map((a) => a.id);
		return this.d.collab.read(workshop.id, 'terms', (doc) => new TermsDoc(doc).statuses(agencyIds, items));
	}

	state(workshop: Workshop): BoardState {
		const statuses = this.statuses(workshop);
		if (statuses.length > 0 && statuses.every((s) => s.status === 'ready')) return 'ready';
		return statuses.some((s) => s.status !== 'not-started') ? 'in-progress' : 'not-started';
	}
}
