import * as Y from 'yjs';
import { DpiaDoc } from '../collab/dpia-doc';
import { DpispDoc } from '../collab/dpisp-doc';
import { serverOrigin } from '../collab/origins';
import { CONTEXT_FIELDS } from '../collab/dpia-records';
import { carriedMeasures } from '../domain/follow-up/review';
import { canCreateWorkshops } from '../domain/roles';
import type { Actor, AuditLog } from './audit';
import type { CollabServer } from './collab/collab-server';
import type { FollowUpService } from './follow-up';
import type { KitCatalogue } from './kits';
import type { KitChangeRepository, User, Workshop, WorkshopRepository } from './repositories/types';
import type { WorkshopService } from './workshops';

/**
 * "Start the review" (issue 19; GDPR Art. 35(11)): a new workshop, the next version of a signed
 * one, pre-filled from it so the agencies revise rather than start over: the same agencies and
 * people, the same tailoring of the kit, the DPIA's context, data categories, screening and risks
 * with their ratings and measures as the follow-up left them (done measures become existing
 * controls, dropped ones are not carried), and the protocol's clause texts, sharing matrix and
 * request steps. What must be given anew is not carried: positions on clauses, risk acceptances,
 * DPO advice, readiness, signatures.
 */
export class ReviewService {
	constructor(
		private readonly d: {
			workshopService: WorkshopService;
			workshops: WorkshopRepository;
			collab: CollabServer;
			followUp: FollowUpService;
			kitChanges: KitChangeRepository;
			kits: KitCatalogue;
			audit: AuditLog;
		}
	) {}

	start(source: Workshop, by: User, title: string, actor: Actor): { ok: true; workshop: Workshop } | { ok: false; problem: 'not-signed' | 'forbidden' | 'unknown-kit' | 'language' } {
		// a review is a new workshop: only someone who may create workshops on this instance starts one
		if (this.d.workshops.member(source.id, by.id)?.role !== 'facilitator' || !canCreateWorkshops(by.role)) return { ok: false, problem: 'forbidden' };
		const plan = this.d.followUp.plan(source);
		if (!plan) return { ok: false, problem: 'not-signed' };
		const agencies = this.d.workshops.agencies(source.id);
		const created = this.d.workshopService.create(
			{
				title,
				context: source.context,
				date: new Date().toISOString().slice(0, 10),
				rolloutType: source.rolloutType,
				kitId: source.kitId,
				language: source.language,
				agencies: agencies.map(({ name, shortName, colour }) => ({ name, shortName, colour }))
			},
			by,
			actor
		);
		if (!created.ok) return created;
		const target = created.workshop;
		const newAgencies = this.d.workshops.agencies(target.id);
		const mapped = new Map(agencies.map((a, i) => [a.id, newAgencies[i]?.id ?? '']));
		const agencyOf = (id: string) => mapped.get(id) ?? '';

		for (const change of this.d.kitChanges.list(source.id)) this.d.kitChanges.add(target.id, { ...change, id: `${change.id}-r${target.id}` });
		this.d.kits.invalidate(target.id);
		const now = Date.now();
		for (const m of this.d.workshops.members(source.id)) {
			if (m.userId === by.id) continue;
			this.d.workshops.addMember({ workshopId: target.id, userId: m.userId, role: m.role, agencyId: m.agencyId ? agencyOf(m.agencyId) || null : null, isSignatory: m.isSignatory, joinedAt: now });
		}

		this.#carryDpia(source, target, plan.rows, agencyOf);
		this.#carryProtocol(source, target, agencyOf);
		this.d.audit.record('workshop.review-started', actor, { workshopId: target.id, target: target.title, details: { from: source.id, version: plan.version, digest: plan.digest } });
		return { ok: true, workshop: target };
	}

	#carryDpia(source: Workshop, target: Workshop, rows: Parameters<typeof carriedMeasures>[1], agencyOf: (id: string) => string): void {
		const from = this.d.collab.read(source.id, 'dpia', (doc) => {
			const d = new DpiaDoc(doc);
			return { meta: d.readMeta(), context: d.context(), categories: d.categories(), screening: d.screening(), risks: d.risks(), measures: d.measures() };
		});
		this.d.collab.transact(target.id, 'dpia', (doc) => {
			const d = new DpiaDoc(doc);
			d.setMeta({ conclusion: from.meta.conclusion, conclusionNote: from.meta.conclusionNote }, serverOrigin);
			for (const field of CONTEXT_FIELDS) d.setContext(field, from.context[field], serverOrigin);
			for (const [id, criterion] of from.screening) d.setCriterion(id, criterion, serverOrigin);
			for (const c of from.categories) d.setCategory(c, serverOrigin);
			for (const { inherentDraft: _i, residualDraft: _r, ...risk } of from.risks) d.addRisk({ ...risk, ownerAgency: agencyOf(risk.ownerAgency), acceptance: null }, serverOrigin);
			for (const measure of carriedMeasures(from.measures, rows, agencyOf)) d.setMeasure(measure, serverOrigin);
		});
	}

	#carryProtocol(source: Workshop, target: Workshop, agencyOf: (id: string) => string): void {
		const from = this.d.collab.read(source.id, 'dpisp', (doc) => {
			const d = new DpispDoc(doc);
			return {
				clauses: d.clauses().map((c) => ({ clause: c, content: d.text(c.id)?.toArray().map((n) => (n as Y.XmlElement).clone()) ?? [] })),
				sharing: [...d.sharing()],
				requests: d.requests()
			};
		});
		this.d.collab.transact(target.id, 'dpisp', (doc) => {
			const d = new DpispDoc(doc);
			const kept = new Set(from.clauses.map((c) => c.clause.id));
			for (const c of d.clauses()) if (!kept.has(c.id)) d.removeClause(c.id, serverOrigin);
			for (const { clause, content } of from.clauses) {
				if (!d.text(clause.id)) d.addClause(clause, '', serverOrigin);
				else d.updateClause(clause.id, { title: clause.title, decision: clause.decision, position: clause.position }, serverOrigin);
				const fragment = d.text(clause.id)!;
				doc.transact(() => {
					fragment.delete(0, fragment.length);
					fragment.insert(0, content);
				}, serverOrigin);
			}
			for (const [key, cell] of from.sharing) {
				const [category, recipient] = key.split('|');
				d.setSharing(category, agencyOf(recipient) || recipient, cell, serverOrigin);
			}
			for (const r of from.requests) d.setRequest(r, serverOrigin);
		});
	}
}
