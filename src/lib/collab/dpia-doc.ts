import * as Y from 'yjs';
import type { Acceptance, AcceptanceVoidReason } from '../domain/dpia/acceptance';
import type { Measure } from '../domain/dpia/assessment';
import type { RoundRating } from '../domain/dpia/rounds';
import { AUTHORS_ROOT, readAuthors, type AttributedRoot, type Author } from './authors';
import type { TransactionOrigin } from './origins';
import { newRecord, readBoolean, readNumber, readString, records, writeFields, type RecordMap, type Scalar } from './y-records';
import { CONTEXT_FIELDS, LIMITS, byPosition, readAcceptance, readMeasure, readRisk, readRound, riskFields, type ContextField, type DataCategory, type DpiaMeta, type DpiaRisk, type NewRisk, type RiskPatch, type ScoringRound } from './dpia-records';

export * from './dpia-records';

/**
 * The Step 6 (DPIA) board's Yjs shape, defined once:
 *   meta        Y.Map  schemaVersion, state, conclusion, conclusionNote, continueAnyway, opinion, reviewDate
 *   screening   Y.Map<criterionId, Y.Map { ticked, note }>
 *   context     Y.Map  purposes, dataSubjects, systems, hosting, retention, necessity, subjectsViews
 *   agencyRoles Y.Map<agencyId, string>
 *   dpoAdvice   Y.Map<agencyId, string>   each agency's data-protection officer's advice (Art. 35(2))
 *   categories  Y.Map<id, Y.Map { name, sensitivity, position }>
 *   risks       Y.Map<id, Y.Map { title, description, fearedEvent, ... inherentS, inherentL, residualS, residualL, ... }>
 *   measures    Y.Map<id, Y.Map { riskId, text, kind, agency, due, status, position }>
 *   scoring     Y.Map<roundId, Y.Map { riskIds, state, eligible, submitted: Y.Map<userId,true>, ratings, ... }>
 *   acceptances Y.Map<riskId, Y.Map { agencyId, userId, name, reason, at, basis, voidedAt, voidReason }>
 *   authors     who set each agency's role and its DPO's advice (see authors.ts)
 * `scoring`, `acceptances` and `authors` are written by the server only (see DPIA_SERVER_ROOTS):
 * ratings reach `scoring` all at once when the facilitator reveals a round, never before; an
 * acceptance is an agency's decision taken through the server, and voided by it when the risk's
 * ratings or measures change. An agency's role and its DPO's advice may only be written by that agency's members.
 */
export const DPIA_SCHEMA_VERSION = 1;
export const DPIA_SERVER_ROOTS = ['scoring', 'acceptances', AUTHORS_ROOT] as const;
/** A lock on a risk covers the risk (its ratings, measures and acceptance live under it). */
export const DPIA_LOCK_PATHS = (item: string): string[][] => [['risks', item]];
export const DPIA_ATTRIBUTED: readonly AttributedRoot[] = [
	{ root: 'agencyRoles', mode: 'last-writer' },
	{ root: 'dpoAdvice', mode: 'last-writer' }
];
/** What each agency writes for itself, one text per agency. */
export type AgencyTextRoot = 'agencyRoles' | 'dpoAdvice';

export class DpiaDoc {
	constructor(readonly doc: Y.Doc) {}

	#root(name: string): Y.Map<RecordMap> {
		return this.doc.getMap<RecordMap>(name);
	}

	get meta(): Y.Map<Scalar> {
		return this.doc.getMap<Scalar>('meta');
	}

	/** Every root a view observes. */
	get observed(): Y.AbstractType<unknown>[] {
		return ['meta', 'screening', 'context', 'agencyRoles', 'dpoAdvice', 'categories', 'risks', 'measures', 'scoring', 'acceptances', AUTHORS_ROOT].map((n) => this.doc.getMap(n) as Y.AbstractType<unknown>);
	}

	/** The roots an undo manager tracks (everything people edit; not the server's scoring). */
	get editable(): Y.AbstractType<unknown>[] {
		return ['meta', 'screening', 'context', 'agencyRoles', 'dpoAdvice', 'categories', 'risks', 'measures'].map((n) => this.doc.getMap(n) as Y.AbstractType<unknown>);
	}

	isSeeded(): boolean {
		return readNumber(this.meta as RecordMap, 'schemaVersion') > 0;
	}

	readMeta(): DpiaMeta {
		const m = this.meta as RecordMap;
		const conclusion = readString(m, 'conclusion');
		return {
			schemaVersion: readNumber(m, 'schemaVersion'),
			state: readString(m, 'state') === 'ready' ? 'ready' : 'in-progress',
			conclusion: (['not-needed-government', 'required', 'recommended', 'not-indicated'].includes(conclusion) ? conclusion : '') as DpiaMeta['conclusion'],
			conclusionNote: readString(m, 'conclusionNote', LIMITS.text),
			continueAnyway: readBoolean(m, 'continueAnyway'),
			opinion: readString(m, 'opinion', LIMITS.text),
			reviewDate: /^\d{4}-\d{2}-\d{2}$/.test(readString(m, 'reviewDate')) ? readString(m, 'reviewDate') : ''
		};
	}

	setMeta(patch: Partial<DpiaMeta>, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			writeFields(this.meta as RecordMap, {
				state: patch.state,
				conclusion: patch.conclusion,
				conclusionNote: patch.conclusionNote?.slice(0, LIMITS.text),
				continueAnyway: patch.continueAnyway,
				opinion: patch.opinion?.slice(0, LIMITS.text),
				reviewDate: patch.reviewDate === undefined ? undefined : /^\d{4}-\d{2}-\d{2}$/.test(patch.reviewDate) ? patch.reviewDate : ''
			});
		}, origin);
	}

	screening(): Map<string, { ticked: boolean; note: string }> {
		const out = new Map<string, { ticked: boolean; note: string }>();
		this.#root('screening').forEach((m, id) => out.set(id, { ticked: readBoolean(m, 'ticked'), note: readString(m, 'note', LIMITS.text) }));
		return out;
	}

	setCriterion(id: string, patch: { ticked?: boolean; note?: string }, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const root = this.#root('screening');
			let m = root.get(id);
			if (!m) {
				m = newRecord({ ticked: false, note: '' });
				root.set(id, m);
			}
			writeFields(m, { ticked: patch.ticked, note: patch.note?.slice(0, LIMITS.text) });
		}, origin);
	}

	context(): Record<ContextField, string> {
		const m = this.doc.getMap<Scalar>('context') as RecordMap;
		return Object.fromEntries(CONTEXT_FIELDS.map((f) => [f, readString(m, f, LIMITS.text)])) as Record<ContextField, string>;
	}

	setContext(field: ContextField, value: string, origin: TransactionOrigin): void {
		if (!CONTEXT_FIELDS.includes(field)) return;
		this.doc.transact(() => writeFields(this.doc.getMap<Scalar>('context') as RecordMap, { [field]: value.slice(0, LIMITS.text) }), origin);
	}

	/** Each agency's own text in `root` (its role, or its DPO's advice), by agency id. */
	agencyTexts(root: AgencyTextRoot): Map<string, string> {
		const out = new Map<string, string>();
		this.doc.getMap<Scalar>(root).forEach((v, k) => out.set(k, typeof v === 'string' ? v.slice(0, LIMITS.text) : ''));
		return out;
	}

	/** Who last wrote each agency's text in `root` (server-stamped), by agency id. */
	agencyTextAuthors(root: AgencyTextRoot): Map<string, Author> {
		return readAuthors(this.doc, root);
	}

	setAgencyText(root: AgencyTextRoot, agencyId: string, text: string, origin: TransactionOrigin): void {
		this.doc.transact(() => writeFields(this.doc.getMap<Scalar>(root) as RecordMap, { [agencyId]: text.slice(0, LIMITS.text) }), origin);
	}

	agencyRoles(): Map<string, string> {
		return this.agencyTexts('agencyRoles');
	}

	/** Who last wrote each agency's role (server-stamped), by agency id. */
	agencyRoleAuthors(): Map<string, Author> {
		return this.agencyTextAuthors('agencyRoles');
	}

	setAgencyRole(agencyId: string, text: string, origin: TransactionOrigin): void {
		this.setAgencyText('agencyRoles', agencyId, text, origin);
	}

	categories(): DataCategory[] {
		return records(this.#root('categories'), (id, m) => ({
			id,
			name: readString(m, 'name', LIMITS.title),
			sensitivity: readString(m, 'sensitivity', LIMITS.short),
			position: readNumber(m, 'position')
		})).sort(byPosition);
	}

	setCategory(category: DataCategory, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const root = this.#root('categories');
			const fields = { name: category.name.slice(0, LIMITS.title), sensitivity: category.sensitivity.slice(0, LIMITS.short), position: category.position };
			const m = root.get(category.id);
			if (m) writeFields(m, fields);
			else root.set(category.id, newRecord(fields));
		}, origin);
	}

	removeCategory(id: string, origin: TransactionOrigin): void {
		this.doc.transact(() => this.#root('categories').delete(id), origin);
	}

	risks(): DpiaRisk[] {
		const acceptances = this.#root('acceptances');
		return records(this.#root('risks'), (id, m) => readRisk(id, m, readAcceptance(acceptances.get(id)))).sort(byPosition);
	}

	risk(id: string): DpiaRisk | null {
		const m = this.#root('risks').get(id);
		return m ? readRisk(id, m, readAcceptance(this.#root('acceptances').get(id))) : null;
	}

	addRisk(risk: NewRisk, origin: TransactionOrigin): void {
		this.doc.transact(() => this.#root('risks').set(risk.id, newRecord(riskFields(risk))), origin);
	}

	updateRisk(id: string, patch: RiskPatch, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const m = this.#root('risks').get(id);
			if (m) writeFields(m, riskFields(patch));
		}, origin);
	}

	/** Removes a risk and its measures. */
	removeRisk(id: string, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			this.#root('risks').delete(id);
			const measures = this.#root('measures');
			for (const [mid, m] of [...measures.entries()]) if (readString(m, 'riskId') === id) measures.delete(mid);
		}, origin);
	}

	measures(): (Measure & { position: number })[] {
		return records(this.#root('measures'), readMeasure).sort(byPosition);
	}

	setMeasure(measure: Measure & { position: number }, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const root = this.#root('measures');
			const fields = {
				riskId: measure.riskId,
				text: measure.text.slice(0, LIMITS.text),
				kind: measure.kind,
				agency: measure.agency.slice(0, LIMITS.short),
				due: /^\d{4}-\d{2}-\d{2}$/.test(measure.due) ? measure.due : '',
				status: measure.status,
				position: measure.position
			};
			const m = root.get(measure.id);
			if (m) writeFields(m, fields);
			else root.set(measure.id, newRecord(fields));
		}, origin);
	}

	removeMeasure(id: string, origin: TransactionOrigin): void {
		this.doc.transact(() => this.#root('measures').delete(id), origin);
	}

	rounds(): ScoringRound[] {
		return records(this.#root('scoring'), readRound).sort((a, b) => b.openedAt - a.openedAt);
	}

	round(id: string): ScoringRound | null {
		const m = this.#root('scoring').get(id);
		return m ? readRound(id, m) : null;
	}

	// --- written by the server only ---

	seed(input: { categories: Omit<DataCategory, 'position'>[]; criteria: string[] }, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			if (this.isSeeded()) return;
			writeFields(this.meta as RecordMap, { schemaVersion: DPIA_SCHEMA_VERSION, state: 'in-progress' });
			for (const id of input.criteria) this.setCriterion(id, { ticked: false, note: '' }, origin);
			input.categories.forEach((c, i) => this.setCategory({ ...c, position: i + 1 }, origin));
		}, origin);
	}

	openRound(round: Pick<ScoringRound, 'id' | 'riskIds' | 'openedAt' | 'openedBy' | 'eligible'>, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const m = newRecord({
				riskIds: JSON.stringify(round.riskIds),
				state: 'open',
				openedAt: round.openedAt,
				openedBy: round.openedBy,
				eligible: JSON.stringify(round.eligible),
				ratings: '[]',
				revealedAt: 0
			});
			(m as Y.Map<unknown>).set('submitted', new Y.Map<boolean>());
			this.#root('scoring').set(round.id, m);
		}, origin);
	}

	/** Records that someone has rated, without what they rated. */
	markSubmitted(roundId: string, userId: string, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const submitted = this.#root('scoring').get(roundId)?.get('submitted') as unknown;
			if (submitted instanceof Y.Map && !submitted.has(userId)) submitted.set(userId, true);
		}, origin);
	}

	/** Publishes every rating of a round at once. */
	revealRound(roundId: string, ratings: RoundRating[], at: number, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const m = this.#root('scoring').get(roundId);
			if (m) writeFields(m, { state: 'revealed', ratings: JSON.stringify(ratings), revealedAt: at });
		}, origin);
	}

	/** Records an agency's acceptance of a risk, replacing any earlier one. */
	accept(riskId: string, acceptance: Omit<Acceptance, 'voidedAt' | 'voidReason'>, origin: TransactionOrigin): void {
		this.doc.transact(() => this.#root('acceptances').set(riskId, newRecord({ ...acceptance, reason: acceptance.reason.slice(0, LIMITS.text), voidedAt: 0, voidReason: '' })), origin);
	}

	/** Marks a standing acceptance void, keeping it visible with when and why. */
	voidAcceptance(riskId: string, at: number, reason: AcceptanceVoidReason, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const m = this.#root('acceptances').get(riskId);
			if (m && !readNumber(m, 'voidedAt')) writeFields(m, { voidedAt: at, voidReason: reason });
		}, origin);
	}

	cancelRound(roundId: string, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const m = this.#root('scoring').get(roundId);
			if (m) writeFields(m, { state: 'cancelled' });
		}, origin);
	}
}
