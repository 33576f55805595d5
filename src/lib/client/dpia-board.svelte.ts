import { positionAfterLast } from '$lib/domain/ordering';
import { AUTHORS_ROOT, type Author } from '$lib/collab/authors';
import { DpiaDoc, newRisk, type AgencyTextRoot, type ContextField, type DataCategory, type DpiaMeta, type DpiaRisk, type RiskPatch } from '$lib/collab/dpia-doc';
import type { Measure } from '$lib/domain/dpia/assessment';
import type { CatalogueRisk, DpiaKitView } from '$lib/domain/dpia/kit-view';
import type { BoardConnection } from './board-connection.svelte';
import { OwnUndo } from './undo.svelte';
import { YView } from './yjs-view.svelte';

export type RoundProblem = 'round-open' | 'round-not-open' | 'not-eligible' | 'other';

/**
 * The DPIA board in the browser: the document's parts as runes, and every edit a person makes.
 * Silent-scoring actions go to the server over HTTP (ratings never enter the shared document
 * until the reveal); everything else is a Yjs edit with this person's origin.
 */
export class DpiaBoard {
	readonly #dpia: DpiaDoc;
	readonly undo: OwnUndo;
	readonly #meta: YView<DpiaMeta>;
	readonly #screening: YView<Map<string, { ticked: boolean; note: string }>>;
	readonly #context: YView<Record<ContextField, string>>;
	readonly #agencyTexts: Record<AgencyTextRoot, YView<Map<string, string>>>;
	readonly #textAuthors: Record<AgencyTextRoot, YView<Map<string, Author>>>;
	readonly #categories: YView<DataCategory[]>;
	readonly #risks: YView<DpiaRisk[]>;
	readonly #measures: YView<(Measure & { position: number })[]>;
	readonly #rounds: YView<ReturnType<DpiaDoc['rounds']>>;

	constructor(
		private readonly connection: BoardConnection,
		private readonly apiBase: string
	) {
		const d = (this.#dpia = new DpiaDoc(connection.doc));
		const root = (name: string) => [connection.doc.getMap(name) as never];
		this.#meta = new YView(root('meta'), () => d.readMeta());
		this.#screening = new YView(root('screening'), () => d.screening());
		this.#context = new YView(root('context'), () => d.context());
		const texts = (r: AgencyTextRoot) => new YView(root(r), () => d.agencyTexts(r));
		const authors = (r: AgencyTextRoot) => new YView(root(AUTHORS_ROOT), () => d.agencyTextAuthors(r));
		this.#agencyTexts = { agencyRoles: texts('agencyRoles'), dpoAdvice: texts('dpoAdvice') };
		this.#textAuthors = { agencyRoles: authors('agencyRoles'), dpoAdvice: authors('dpoAdvice') };
		this.#categories = new YView(root('categories'), () => d.categories());
		// a risk shows its acceptance, which the server writes apart
		this.#risks = new YView([...root('risks'), ...root('acceptances')], () => d.risks());
		this.#measures = new YView(root('measures'), () => d.measures());
		this.#rounds = new YView(root('scoring'), () => d.rounds());
		this.undo = new OwnUndo(d.editable, connection.origin);
	}

	get meta() {
		return this.#meta.current;
	}
	get screening() {
		return this.#screening.current;
	}
	get context() {
		return this.#context.current;
	}
	/** What each agency wrote for itself in `root` (its role, its DPO's advice), by agency id. */
	agencyTexts(root: AgencyTextRoot) {
		return this.#agencyTexts[root].current;
	}
	/** Who wrote each agency's text in `root` (server-stamped). */
	agencyTextAuthors(root: AgencyTextRoot) {
		return this.#textAuthors[root].current;
	}
	get categories() {
		return this.#categories.current;
	}
	get risks() {
		return this.#risks.current;
	}
	get measures() {
		return this.#measures.current;
	}
	get rounds() {
		return this.#rounds.current;
	}
	get openRound() {
		return this.rounds.find((r) => r.state === 'open') ?? null;
	}

	get #origin() {
		return this.connection.origin;
	}

	setMeta(patch: Partial<DpiaMeta>) {
		this.#dpia.setMeta(patch, this.#origin);
	}
	setCriterion(id: string, patch: { ticked?: boolean; note?: string }) {
		this.#dpia.setCriterion(id, patch, this.#origin);
	}
	setContext(field: ContextField, value: string) {
		this.#dpia.setContext(field, value, this.#origin);
	}
	setAgencyText(root: AgencyTextRoot, agencyId: string, text: string) {
		this.#dpia.setAgencyText(root, agencyId, text, this.#origin);
	}
	setCategory(category: DataCategory) {
		this.#dpia.setCategory(category, this.#origin);
	}
	addCategory(name: string, sensitivity: string) {
		this.#dpia.setCategory({ id: crypto.randomUUID(), name, sensitivity, position: positionAfterLast(this.categories) }, this.#origin);
	}
	removeCategory(id: string) {
		this.#dpia.removeCategory(id, this.#origin);
	}

	addRisk(title: string, createdBy: string): string {
		const id = crypto.randomUUID();
		this.#dpia.addRisk(
			newRisk({ id, title, createdBy, position: positionAfterLast(this.risks) }),
			this.#origin
		);
		return id;
	}

	/** Copies catalogue risks into the workshop, each with its default rating as a starting point. */
	takeOn(catalogue: CatalogueRisk[], createdBy: string) {
		// A local lookup, not reactive state.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const taken = new Set(this.risks.map((r) => r.catalogueId));
		let position = positionAfterLast(this.risks);
		this.connection.doc.transact(() => {
			for (const c of catalogue) {
				if (taken.has(c.id)) continue;
				this.#dpia.addRisk(
					{
						id: crypto.randomUUID(),
						title: c.title,
						description: c.description,
						fearedEvent: c.fearedEvent,
						sources: c.sources,
						assets: c.assets,
						group: c.group,
						catalogueId: c.id,
						reasoning: c.reasoning,
						suggested: c.mitigations.join('\n'),
						ownerAgency: '',
						inherent: { severity: c.severity, likelihood: c.likelihood },
						inherentRationale: '',
						residual: null,
						acceptance: null,
						createdBy,
						position: position++
					},
					this.#origin
				);
			}
		}, this.#origin);
	}

	updateRisk(id: string, patch: RiskPatch) {
		this.#dpia.updateRisk(id, patch, this.#origin);
	}
	removeRisk(id: string) {
		this.#dpia.removeRisk(id, this.#origin);
	}

	addMeasure(riskId: string, text: string, kind: Measure['kind'] = 'planned'): string {
		const id = crypto.randomUUID();
		this.#dpia.setMeasure({ id, riskId, text, kind, agency: '', due: '', status: 'planned', position: positionAfterLast(this.measures) }, this.#origin);
		return id;
	}
	setMeasure(measure: Measure & { position: number }) {
		this.#dpia.setMeasure(measure, this.#origin);
	}
	removeMeasure(id: string) {
		this.#dpia.removeMeasure(id, this.#origin);
	}

	async #post(path: string, body: unknown): Promise<{ ok: true } | { ok: false; problem: RoundProblem }> {
		try {
			const response = await fetch(`${this.apiBase}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
			if (response.ok) return { ok: true };
			const payload = (await response.json().catch(() => ({}))) as { problem?: string };
			const known: RoundProblem[] = ['round-open', 'round-not-open', 'not-eligible'];
			return { ok: false, problem: known.includes(payload.problem as RoundProblem) ? (payload.problem as RoundProblem) : 'other' };
		} catch {
			return { ok: false, problem: 'other' };
		}
	}

	startRound(riskIds: string[]) {
		return this.#post('/rounds', { riskIds });
	}
	submitRatings(roundId: string, ratings: { riskId: string; severity: number; likelihood: number; note: string }[]) {
		return this.#post(`/rounds/${roundId}/ratings`, { ratings });
	}
	reveal(roundId: string) {
		return this.#post(`/rounds/${roundId}/reveal`, {});
	}
	cancel(roundId: string) {
		return this.#post(`/rounds/${roundId}/cancel`, {});
	}
	/** The facilitator marks the DPIA ready (the server checks it can be) or reopens it. */
	setReady(ready: boolean): Promise<{ ok: true } | { ok: false; problem: string }> {
		return this.#call('POST', '/readiness', { ready });
	}
	/** Accepts a residual risk for the person's agency; the server records who and when. */
	async accept(riskId: string, reason: string): Promise<{ ok: true } | { ok: false; problem: string }> {
		return this.#call('POST', `/risks/${encodeURIComponent(riskId)}/acceptance`, { reason });
	}
	async withdrawAcceptance(riskId: string): Promise<{ ok: true } | { ok: false; problem: string }> {
		return this.#call('DELETE', `/risks/${encodeURIComponent(riskId)}/acceptance`);
	}
	async #call(method: string, path: string, body?: unknown): Promise<{ ok: true } | { ok: false; problem: string }> {
		try {
			const response = await fetch(`${this.apiBase}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
			if (response.ok) return { ok: true };
			const payload = (await response.json().catch(() => ({}))) as { problem?: string };
			return { ok: false, problem: payload.problem ?? 'other' };
		} catch {
			return { ok: false, problem: 'other' };
		}
	}

	async ownRatings(roundId: string): Promise<{ riskId: string; severity: number; likelihood: number; note: string }[]> {
		const response = await fetch(`${this.apiBase}/rounds/${roundId}/ratings`);
		return response.ok ? ((await response.json()) as { ratings: { riskId: string; severity: number; likelihood: number; note: string }[] }).ratings : [];
	}

	destroy() {
		this.undo.destroy();
	}
}

export type { DpiaKitView };
