import type * as Y from 'yjs';
import { BreachDoc, type AuditDecision, type Drill } from '$lib/collab/breach-doc';
import type { ChainStep } from '$lib/domain/breach/chain';
import type { DrillMark } from '$lib/domain/breach/drill';
import type { SeverityInput } from '$lib/domain/breach/severity';
import type { BoardConnection } from './board-connection.svelte';
import { OwnUndo } from './undo.svelte';
import { YView } from './yjs-view.svelte';

/** The breach-procedure board in the browser. Drills go through the server, which keeps their clock. */
export class BreachBoard {
	readonly #breach: BreachDoc;
	readonly undo: OwnUndo;
	readonly #steps: YView<ChainStep[]>;
	readonly #people: YView<Map<string, Map<string, string>>>;
	readonly #severity: YView<SeverityInput & { trigger: string }>;
	readonly #audit: YView<AuditDecision>;
	readonly #drills: YView<Drill[]>;

	constructor(
		readonly connection: BoardConnection,
		private readonly apiBase: string
	) {
		const b = (this.#breach = new BreachDoc(connection.doc));
		const root = (n: string) => [connection.doc.getMap(n) as Y.AbstractType<unknown>];
		this.#steps = new YView(root('steps'), () => b.steps());
		this.#people = new YView(root('people'), () => b.people());
		this.#severity = new YView(root('severity'), () => b.severity());
		this.#audit = new YView(root('audit'), () => b.audit());
		this.#drills = new YView(root('drills'), () => b.drills());
		this.undo = new OwnUndo(b.editable, connection.origin);
	}

	get steps() {
		return this.#steps.current;
	}
	get people() {
		return this.#people.current;
	}
	get severity() {
		return this.#severity.current;
	}
	get audit() {
		return this.#audit.current;
	}
	get drills() {
		return this.#drills.current;
	}
	get origin() {
		return this.connection.origin;
	}

	setStep(step: ChainStep) {
		this.#breach.setStep(step, this.origin);
	}

	removeStep(id: string) {
		this.#breach.removeStep(id, this.origin);
	}

	setPerson(roleId: string, agencyId: string, name: string) {
		this.#breach.setPerson(roleId, agencyId, name, this.origin);
	}

	setSeverity(patch: Partial<SeverityInput & { trigger: string }>) {
		this.#breach.setSeverity(patch, this.origin);
	}

	setAudit(patch: Partial<AuditDecision>) {
		this.#breach.setAudit(patch, this.origin);
	}

	addStep(role: string): string {
		const id = crypto.randomUUID();
		const order = (this.steps.at(-1)?.order ?? -1) + 1;
		this.#breach.setStep(
			{ id, order, role, action: '', hours: 1, relativeTo: 'previous', channel: '', fallbackId: '', classes: ['low', 'medium', 'high', 'very-high'], duty: '', childSafety: false, awareness: false, namedPerAgency: true },
			this.origin
		);
		return id;
	}

	async #post(path: string, body: unknown): Promise<{ ok: boolean; problem?: string }> {
		try {
			const response = await fetch(`${this.apiBase}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
			const payload = (await response.json().catch(() => ({}))) as { problem?: string };
			return { ok: response.ok, problem: payload.problem };
		} catch {
			return { ok: false, problem: 'offline' };
		}
	}

	startDrill(scenarioId: string, speed: number) {
		return this.#post('/drills', { scenarioId, speed });
	}
	markStep(drillId: string, mark: Pick<DrillMark, 'stepId' | 'note' | 'outcome' | 'safetyChecked'>) {
		return this.#post(`/drills/${drillId}/marks`, mark);
	}
	endDrill(drillId: string) {
		return this.#post(`/drills/${drillId}/end`, {});
	}

	destroy() {
		this.undo.destroy();
	}
}
