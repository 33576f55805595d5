import { BreachDoc } from '../collab/breach-doc';
import { DpispDoc } from '../collab/dpisp-doc';
import { serverOrigin } from '../collab/origins';
import type { BoardState } from '../domain/boards';
import { validateChain } from '../domain/breach/chain';
import { checkMark, drillStatus, type DrillMark, type MarkProblem } from '../domain/breach/drill';
import { toCsv } from '../domain/dpia/csv';
import { auditDecisionSentence } from '../domain/breach/audit-decision';
import { pickText, type Kit } from '../domain/kit-schema';
import { shownName, type Actor, type AuditLog } from './audit';
import type { CollabServer } from './collab/collab-server';
import type { WorkshopBoards } from './boards/workshop-boards';
import { newId } from './ids';
import type { KitCatalogue } from './kits';
import type { Workshop, WorkshopRepository } from './repositories/types';

export type DrillProblem = 'unknown-scenario' | 'drill-running' | 'no-drill' | 'unknown-step' | MarkProblem;

/**
 * Step 9's server side: seeding the default chain, tabletop drills timed by the server's clock,
 * and keeping the protocol's audit clause in step with the audit-log decision.
 */
export class BreachService {
	constructor(private readonly d: { collab: CollabServer; boards: WorkshopBoards; workshops: WorkshopRepository; kits: KitCatalogue; audit: AuditLog }) {
		// Any accepted change to the audit-log decision is written into the protocol at once.
		d.boards.onWrite('breach', (workshopId, paths, writer) => {
			if (!paths.some((p) => p[0] === 'audit')) return;
			const workshop = this.d.workshops.get(workshopId);
			if (workshop) this.syncAuditDecision(workshop, writer.name);
		});
	}

	#kit(workshop: Workshop): Kit | null {
		return this.d.kits.forWorkshop(workshop);
	}


	/** The sentence for the protocol's audit clause, in the workshop's language. */
	decisionText(workshop: Workshop): string {
		const kit = this.#kit(workshop);
		if (!kit) return '';
		const lang = workshop.language;
		const audit = this.d.collab.read(workshop.id, 'breach', (doc) => new BreachDoc(doc).audit());
		const label = (list: { id: string; label: Record<string, string> }[], id: string) => pickText(list.find((o) => o.id === id)?.label ?? { en: id }, lang);
		return auditDecisionSentence(
			pickText(kit.breach.auditDecisionTemplate, lang),
			{
				viewers: audit.viewers.map((v) => label(kit.breach.auditViewerRoles, v)),
				purposes: audit.purposes.map((p) => label(kit.breach.auditPurposes, p)),
				frequency: audit.frequency,
				findingsTo: audit.findingsTo,
				retention: audit.retention
			},
			lang
		);
	}

	syncAuditDecision(workshop: Workshop, by: string): void {
		const text = this.decisionText(workshop);
		this.d.collab.transact(workshop.id, 'dpisp', (doc) => {
			const dpisp = new DpispDoc(doc);
			if (dpisp.setAuditDecision(text, Date.now(), serverOrigin)) dpisp.resetAgreements('audit', by, Date.now(), serverOrigin);
		});
	}

	startDrill(workshop: Workshop, scenarioId: string, speed: number, actor: Actor & { label: string }): { ok: true; drillId: string } | { ok: false; problem: DrillProblem } {
		const scenario = this.#kit(workshop)?.breach.scenarios.find((s) => s.id === scenarioId);
		if (!scenario) return { ok: false, problem: 'unknown-scenario' };
		const running = this.d.collab.read(workshop.id, 'breach', (doc) => new BreachDoc(doc).drills().some((d) => !d.endedAt));
		if (running) return { ok: false, problem: 'drill-running' };
		const drillId = newId();
		this.d.collab.transact(workshop.id, 'breach', (doc) =>
			new BreachDoc(doc).startDrill({ id: drillId, scenarioId, cls: scenario.severityClass, speed, startedAt: Date.now(), startedBy: shownName(actor) }, serverOrigin)
		);
		this.d.audit.record('breach.drill-started', actor, { workshopId: workshop.id, target: scenarioId });
		return { ok: true, drillId };
	}

	/**
	 * Marks a step of the running drill done, by the calling account at the server's time. A decision
	 * step must say what was decided, with a reason when the authority is not notified or the people
	 * concerned are not told, and the data-subject step only after the safety assessment.
	 */
	markStep(
		workshop: Workshop,
		drillId: string,
		input: Pick<DrillMark, 'stepId' | 'note' | 'outcome' | 'safetyChecked'>,
		actor: Actor & { label: string }
	): { ok: true } | { ok: false; problem: DrillProblem } {
		const found = this.d.collab.read(workshop.id, 'breach', (doc) => {
			const breach = new BreachDoc(doc);
			return { drill: breach.drills().find((d) => d.id === drillId), step: breach.steps().find((s) => s.id === input.stepId) };
		});
		if (!found.drill || found.drill.endedAt) return { ok: false, problem: 'no-drill' };
		if (!found.step) return { ok: false, problem: 'unknown-step' };
		const problem = checkMark(found.step.duty, input);
		if (problem) return { ok: false, problem };
		const mark: DrillMark = { ...input, note: input.note.trim(), doneAt: Date.now(), by: shownName(actor) };
		this.d.collab.transact(workshop.id, 'breach', (doc) => new BreachDoc(doc).markDrill(drillId, mark, serverOrigin));
		this.d.audit.record('breach.drill-step-done', actor, { workshopId: workshop.id, target: input.stepId, details: input.outcome ? { outcome: input.outcome } : undefined });
		return { ok: true };
	}

	endDrill(workshop: Workshop, drillId: string, actor: Actor): { ok: true } | { ok: false; problem: DrillProblem } {
		const drill = this.d.collab.read(workshop.id, 'breach', (doc) => new BreachDoc(doc).drills().find((d) => d.id === drillId));
		if (!drill || drill.endedAt) return { ok: false, problem: 'no-drill' };
		this.d.collab.transact(workshop.id, 'breach', (doc) => new BreachDoc(doc).endDrill(drillId, Date.now(), serverOrigin));
		this.d.audit.record('breach.drill-ended', actor, { workshopId: workshop.id, target: drillId });
		return { ok: true };
	}

	/** The record of a drill as CSV: each step, its deadline, when it was done and by whom. */
	drillCsv(workshop: Workshop, drillId: string, labels: { header: string[]; state: (s: string) => string; role: (id: string) => string }, actor: Actor): string | null {
		const data = this.d.collab.read(workshop.id, 'breach', (doc) => {
			const breach = new BreachDoc(doc);
			const drill = breach.drills().find((d) => d.id === drillId);
			return drill ? { drill, steps: breach.steps() } : null;
		});
		if (!data) return null;
		const { drill, steps } = data;
		const status = drillStatus(steps, drill.cls, drill.startedAt, drill.speed, drill.marks, drill.endedAt || Date.now());
		const iso = (t: number | null | undefined) => (t ? new Date(t).toISOString() : '');
		this.d.audit.record('breach.drill-exported', actor, { workshopId: workshop.id, target: drillId });
		return toCsv([
			labels.header,
			...status.map((s) => [s.step.order, labels.role(s.step.role), s.step.action, iso(s.dueAt), iso(s.mark?.doneAt), s.mark?.by ?? '', labels.state(s.state), s.mark?.note ?? ''])
		]);
	}

	state(workshop: Workshop): BoardState {
		const agencies = this.d.workshops.agencies(workshop.id).map((a) => a.id);
		return this.d.collab.read(workshop.id, 'breach', (doc) => {
			const breach = new BreachDoc(doc);
			if (!breach.isSeeded()) return 'not-started';
			const warnings = validateChain(breach.steps(), breach.people(), agencies);
			return warnings.length === 0 && breach.audit().viewers.length > 0 ? 'ready' : 'in-progress';
		});
	}
}
