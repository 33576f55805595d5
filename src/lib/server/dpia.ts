import { DpiaDoc } from '../collab/dpia-doc';
import { serverOrigin } from '../collab/origins';
import type { BoardState } from '../domain/boards';
import { acceptanceBasis, acceptProblem, isStanding, type AcceptProblem } from '../domain/dpia/acceptance';
import { actionPlan, readinessBlockers, type AssessedRisk, type Blocker } from '../domain/dpia/assessment';
import { toCsv } from '../domain/dpia/csv';
import type { RoundRating } from '../domain/dpia/rounds';
import type { Kit } from '../domain/kit-schema';
import { shownName, type Actor, type AuditLog } from './audit';
import type { CollabServer } from './collab/collab-server';
import type { WorkshopBoards } from './boards/workshop-boards';
import { newId } from './ids';
import type { KitCatalogue } from './kits';
import type { Member, ScoringRepository, Workshop, WorkshopRepository } from './repositories/types';

export type DpiaProblem = 'unknown-kit' | 'unknown-risk' | 'round-open' | 'round-not-open' | 'not-eligible' | 'out-of-round' | 'out-of-scale' | 'no-risks' | 'frozen' | AcceptProblem;
export type DpiaResult<T = object> = ({ ok: true } & T) | { ok: false; problem: DpiaProblem };

export interface RatingInput {
	riskId: string;
	severity: number;
	likelihood: number;
	note: string;
}

export interface ActionPlanLabels {
	header: string[];
	band: (id: string | null) => string;
	status: (id: string) => string;
	agency: (id: string) => string;
}

/**
 * The Step 6 board's server side: seeding from the kit, silent scoring rounds (ratings stay in
 * the server's private table until the facilitator reveals them, then reach every browser in one
 * update), and the action plan export.
 */
export class DpiaService {
	constructor(
		private readonly d: { collab: CollabServer; boards: WorkshopBoards; workshops: WorkshopRepository; kits: KitCatalogue; scoring: ScoringRepository; audit: AuditLog }
	) {}

	kitOf(workshop: Workshop): Kit | null {
		return this.d.kits.forWorkshop(workshop);
	}


	/**
	 * The facilitator marks the DPIA ready for sign-off, or reopens it. The server checks what Art. 35
	 * asks and what the board lacks (ratings, acceptances, the conclusion) and refuses with the list;
	 * browsers cannot write the state themselves (the board's policy refuses it).
	 */
	setReady(workshop: Workshop, ready: boolean, actor: Actor & { label: string }): { ok: true } | { ok: false; problem: 'not-ready'; blockers: Blocker[] } {
		const kit = this.kitOf(workshop);
		const agencies = this.d.workshops.agencies(workshop.id);
		const blockers = this.d.collab.read(workshop.id, 'dpia', (doc) => {
			const dpia = new DpiaDoc(doc);
			if (!ready || !kit) return [];
			const meta = dpia.readMeta();
			const levels = { severity: kit.scales.severity.levels.length, likelihood: kit.scales.likelihood.levels.length };
			return readinessBlockers({
				conclusionRecorded: meta.conclusion !== '',
				risks: dpia.risks(),
				rules: kit.scales.priority,
				levels,
				art35: { context: dpia.context(), reviewDate: meta.reviewDate, dpoAdvice: dpia.agencyTexts('dpoAdvice'), agencies },
				fromBand: kit.dpia.acceptanceFromBand
			});
		});
		if (blockers.length > 0) return { ok: false, problem: 'not-ready', blockers };
		this.d.collab.transact(workshop.id, 'dpia', (doc) => new DpiaDoc(doc).setMeta({ state: ready ? 'ready' : 'in-progress' }, serverOrigin));
		this.d.audit.record(ready ? 'dpia.marked-ready' : 'dpia.reopened', actor, { workshopId: workshop.id });
		return { ok: true };
	}

	state(workshop: Workshop): BoardState {
		return this.d.collab.read(workshop.id, 'dpia', (doc) => {
			const dpia = new DpiaDoc(doc);
			if (!dpia.isSeeded()) return 'not-started';
			return dpia.readMeta().state === 'ready' ? 'ready' : dpia.risks().length > 0 ? 'in-progress' : 'not-started';
		});
	}

	openRound(workshop: Workshop, riskIds: string[], actor: Actor & { userId: string; label: string }): DpiaResult<{ roundId: string }> {
		const unique = [...new Set(riskIds)];
		if (unique.length === 0) return { ok: false, problem: 'no-risks' };
		const check = this.d.collab.read(workshop.id, 'dpia', (doc) => {
			const dpia = new DpiaDoc(doc);
			if (dpia.rounds().some((r) => r.state === 'open')) return 'round-open' as const;
			const known = new Set(dpia.risks().map((r) => r.id));
			return unique.every((id) => known.has(id)) ? null : ('unknown-risk' as const);
		});
		if (check) return { ok: false, problem: check };
		const eligible = this.d.workshops
			.members(workshop.id)
			.filter((m) => m.role === 'participant')
			.map((m) => ({ userId: m.userId, name: m.name, agencyId: m.agencyId }));
		const roundId = newId();
		this.d.collab.transact(workshop.id, 'dpia', (doc) =>
			new DpiaDoc(doc).openRound({ id: roundId, riskIds: unique, openedAt: Date.now(), openedBy: shownName(actor), eligible }, serverOrigin)
		);
		this.d.audit.record('dpia.round-opened', actor, { workshopId: workshop.id, target: roundId, details: { risks: unique.length, eligible: eligible.length } });
		return { ok: true, roundId };
	}

	submitRatings(workshop: Workshop, roundId: string, member: Member, ratings: RatingInput[], actor: Actor): DpiaResult {
		const kit = this.kitOf(workshop);
		if (!kit) return { ok: false, problem: 'unknown-kit' };
		const round = this.d.collab.read(workshop.id, 'dpia', (doc) => new DpiaDoc(doc).round(roundId));
		if (!round || round.state !== 'open') return { ok: false, problem: 'round-not-open' };
		if (member.role !== 'participant' || !round.eligible.some((e) => e.userId === member.userId)) return { ok: false, problem: 'not-eligible' };
		const inRound = new Set(round.riskIds);
		if (ratings.some((r) => !inRound.has(r.riskId))) return { ok: false, problem: 'out-of-round' };
		const sMax = kit.scales.severity.levels.length;
		const lMax = kit.scales.likelihood.levels.length;
		if (ratings.some((r) => r.severity < 1 || r.severity > sMax || r.likelihood < 1 || r.likelihood > lMax)) return { ok: false, problem: 'out-of-scale' };
		const at = Date.now();
		for (const r of ratings) {
			this.d.scoring.upsert({ workshopId: workshop.id, roundId, riskId: r.riskId, userId: member.userId, agencyId: member.agencyId, name: member.name, severity: r.severity, likelihood: r.likelihood, note: r.note.slice(0, 500), at });
		}
		this.d.collab.transact(workshop.id, 'dpia', (doc) => new DpiaDoc(doc).markSubmitted(roundId, member.userId, serverOrigin));
		// The audit log records that someone rated, never what they rated.
		this.d.audit.record('dpia.rating-submitted', actor, { workshopId: workshop.id, target: roundId, details: { risks: ratings.length } });
		return { ok: true };
	}

	/** A participant's own ratings in an open round (to show them back after a reload). */
	ownRatings(workshop: Workshop, roundId: string, userId: string): RatingInput[] {
		return this.d.scoring
			.list(workshop.id, roundId)
			.filter((r) => r.userId === userId)
			.map(({ riskId, severity, likelihood, note }) => ({ riskId, severity, likelihood, note }));
	}

	reveal(workshop: Workshop, roundId: string, actor: Actor): DpiaResult<{ count: number }> {
		const round = this.d.collab.read(workshop.id, 'dpia', (doc) => new DpiaDoc(doc).round(roundId));
		if (!round || round.state !== 'open') return { ok: false, problem: 'round-not-open' };
		const ratings: RoundRating[] = this.d.scoring
			.list(workshop.id, roundId)
			.map(({ userId, name, agencyId, riskId, severity, likelihood, note }) => ({ userId, name, agencyId, riskId, severity, likelihood, note }));
		this.d.collab.transact(workshop.id, 'dpia', (doc) => new DpiaDoc(doc).revealRound(roundId, ratings, Date.now(), serverOrigin));
		this.d.scoring.deleteRound(workshop.id, roundId);
		this.d.audit.record('dpia.round-revealed', actor, { workshopId: workshop.id, target: roundId, details: { ratings: ratings.length } });
		return { ok: true, count: ratings.length };
	}

	cancel(workshop: Workshop, roundId: string, actor: Actor): DpiaResult {
		const round = this.d.collab.read(workshop.id, 'dpia', (doc) => new DpiaDoc(doc).round(roundId));
		if (!round || round.state !== 'open') return { ok: false, problem: 'round-not-open' };
		this.d.collab.transact(workshop.id, 'dpia', (doc) => new DpiaDoc(doc).cancelRound(roundId, serverOrigin));
		this.d.scoring.deleteRound(workshop.id, roundId);
		this.d.audit.record('dpia.round-cancelled', actor, { workshopId: workshop.id, target: roundId });
		return { ok: true };
	}

	/**
	 * An agency accepts a residual risk: one of its participants, for their own agency, with a reason.
	 * The acceptance carries their account and the server's time, and is given on the risk's ratings
	 * and measures as they are now (the board voids it if they change).
	 */
	accept(workshop: Workshop, riskId: string, reason: string, member: Member, actor: Actor): DpiaResult {
		if (this.d.boards.isFrozen(workshop.id, 'dpia')) return { ok: false, problem: 'frozen' };
		const found = this.d.collab.read(workshop.id, 'dpia', (doc) => {
			const dpia = new DpiaDoc(doc);
			const risk = dpia.risk(riskId);
			return risk ? { risk, basis: acceptanceBasis(risk.inherent, risk.residual, dpia.measures().filter((m) => m.riskId === riskId)) } : null;
		});
		if (!found) return { ok: false, problem: 'unknown-risk' };
		const problem = acceptProblem(member, found.risk, reason);
		if (problem) return { ok: false, problem };
		const at = Date.now();
		const agencyId = member.agencyId!;
		this.d.collab.transact(workshop.id, 'dpia', (doc) => new DpiaDoc(doc).accept(riskId, { agencyId, userId: member.userId, name: member.name, reason: reason.trim(), at, basis: found.basis }, serverOrigin));
		const agency = this.d.workshops.agencies(workshop.id).find((a) => a.id === agencyId)?.shortName ?? agencyId;
		this.d.audit.record('dpia.risk-accepted', actor, {
			workshopId: workshop.id,
			target: riskId,
			details: { text: `${found.risk.title} — ${member.name} (${agency}): ${reason.trim()}`, by: member.name, at }
		});
		return { ok: true };
	}

	/** The accepting agency withdraws its acceptance; it stays on the board, marked withdrawn. */
	withdrawAcceptance(workshop: Workshop, riskId: string, member: Member, actor: Actor): DpiaResult {
		if (this.d.boards.isFrozen(workshop.id, 'dpia')) return { ok: false, problem: 'frozen' };
		const acceptance = this.d.collab.read(workshop.id, 'dpia', (doc) => new DpiaDoc(doc).risk(riskId)?.acceptance ?? null);
		if (!isStanding(acceptance)) return { ok: false, problem: 'not-accepted' };
		if (member.role !== 'participant' || member.agencyId !== acceptance.agencyId) return { ok: false, problem: 'other-agency' };
		this.d.collab.transact(workshop.id, 'dpia', (doc) => new DpiaDoc(doc).voidAcceptance(riskId, Date.now(), 'withdrawn', serverOrigin));
		this.d.audit.record('dpia.acceptance-withdrawn', actor, { workshopId: workshop.id, target: riskId });
		return { ok: true };
	}

	actionPlanCsv(workshop: Workshop, labels: ActionPlanLabels, actor: Actor): string {
		const kit = this.kitOf(workshop);
		const rows = this.d.collab.read(workshop.id, 'dpia', (doc) => {
			const dpia = new DpiaDoc(doc);
			const risks: AssessedRisk[] = dpia.risks();
			return kit ? actionPlan(kit.scales.priority, risks, dpia.measures()) : [];
		});
		this.d.audit.record('dpia.action-plan-exported', actor, { workshopId: workshop.id, target: 'action-plan.csv', details: { rows: rows.length } });
		return toCsv([
			labels.header,
			...rows.map((r) => [r.risk.title, labels.band(r.band), r.measure.text, labels.agency(r.measure.agency), r.measure.due, labels.status(r.measure.status)])
		]);
	}
}
