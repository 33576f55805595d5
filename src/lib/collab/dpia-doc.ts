import * as Y from 'yjs';
import type { Acceptance, AcceptanceVoidReason } from '../domain/dpia/acceptance';
import type { Measure } from '../domain/dpia/assessment';
import type { Rater, RoundRating } from '../domain/dpia/rounds';
import type { Rating } from '../domain/dpia/scoring';
import type { ScreeningConclusion } from '../domain/dpia/screening';
import { FEARED_EVENTS, type FearedEvent } from '../domain/kit-schema';
import { AUTHORS_ROOT, readAuthors, type AttributedRoot, type Author } from './authors';
import type { TransactionOrigin } from './origins';
import { newRecord, parseJson, readBoolean, readNumber, readString, records, writeFields, type RecordMap, type Scalar } from './y-records';

/**
 * The Step 6 (DPIA) board's Yjs shape, defined once:
 *   meta        Y.Map  schemaVersion, state, conclusion, conclusionNote, continueAnyway, opinion
 *   screening   Y.Map<criterionId, Y.Map { ticked, note }>
 *   context     Y.Map  purposes, dataSubjects, systems, hosting, retention
 *   agencyRoles Y.Map<agencyId, string>
 *   categories  Y.Map<id, Y.Map { name, sensitivity, position }>
 *   risks       Y.Map<id, Y.Map { title, description, fearedEvent, ... inherentS, inherentL, residualS, residualL, ... }>
 *   measures    Y.Map<id, Y.Map { riskId, text, kind, agency, due, status, position }>
 *   scoring     Y.Map<roundId, Y.Map { riskIds, state, eligible, submitted: Y.Map<userId,true>, ratings, ... }>
 *   acceptances Y.Map<riskId, Y.Map { agencyId, userId, name, reason, at, basis, voidedAt, voidReason }>
 *   authors     who set each agency's role (see authors.ts)
 * `scoring`, `acceptances` and `authors` are written by the server only (see DPIA_SERVER_ROOTS):
 * ratings reach `scoring` all at once when the facilitator reveals a round, never before; an
 * acceptance is an agency's decision taken through the server, and voided by it when the risk's
 * ratings or measures change. An agency's role may only be written by that agency's members.
 */
export const DPIA_SCHEMA_VERSION = 1;
export const DPIA_SERVER_ROOTS = ['scoring', 'acceptances', AUTHORS_ROOT] as const;
/** A lock on a risk covers the risk (its ratings, measures and acceptance live under it). */
export const DPIA_LOCK_PATHS = (item: string): string[][] => [['risks', item]];
export const DPIA_ATTRIBUTED: readonly AttributedRoot[] = [{ root: 'agencyRoles', mode: 'last-writer' }];

export type DpiaState = 'in-progress' | 'ready';
export const CONTEXT_FIELDS = ['purposes', 'dataSubjects', 'systems', 'hosting', 'retention'] as const;
export type ContextField = (typeof CONTEXT_FIELDS)[number];

export interface DpiaMeta {
	schemaVersion: number;
	state: DpiaState;
	conclusion: ScreeningConclusion | '';
	conclusionNote: string;
	continueAnyway: boolean;
	opinion: string;
}

export interface DpiaRisk {
	id: string;
	title: string;
	description: string;
	fearedEvent: FearedEvent;
	sources: string;
	assets: string;
	group: string;
	catalogueId: string;
	reasoning: string;
	suggested: string;
	ownerAgency: string;
	inherent: Rating | null;
	/** The levels chosen so far (0 = not yet), so a half-made rating survives. */
	inherentDraft: Rating;
	inherentRationale: string;
	residual: Rating | null;
	residualDraft: Rating;
	/** The acceptance an agency gave through the server (standing or void), from `acceptances`. */
	acceptance: Acceptance | null;
	createdBy: string;
	position: number;
}

export type NewRisk = Omit<DpiaRisk, 'inherentDraft' | 'residualDraft'>;

/** A risk written on the board by hand: nothing rated, nothing accepted yet. */
export function newRisk(fields: Pick<NewRisk, 'id' | 'title' | 'createdBy' | 'position'> & Partial<NewRisk>): NewRisk {
	return {
		description: '',
		fearedEvent: 'illegitimate-access',
		sources: '',
		assets: '',
		group: 'workshop',
		catalogueId: '',
		reasoning: '',
		suggested: '',
		ownerAgency: '',
		inherent: null,
		inherentRationale: '',
		residual: null,
		acceptance: null,
		...fields
	};
}

export interface DataCategory {
	id: string;
	name: string;
	sensitivity: string;
	position: number;
}

export type RoundState = 'open' | 'revealed' | 'cancelled';

export interface ScoringRound {
	id: string;
	riskIds: string[];
	state: RoundState;
	openedAt: number;
	openedBy: string;
	eligible: Rater[];
	submitted: string[];
	ratings: RoundRating[];
	revealedAt: number;
}

const LIMITS = { title: 300, text: 4000, short: 200 } as const;

const rating = (s: number, l: number): Rating | null => (s > 0 && l > 0 ? { severity: s, likelihood: l } : null);

function readAcceptance(m: RecordMap | undefined): Acceptance | null {
	if (!(m instanceof Y.Map)) return null;
	const voidReason = readString(m, 'voidReason');
	return {
		agencyId: readString(m, 'agencyId', LIMITS.short),
		userId: readString(m, 'userId', LIMITS.short),
		name: readString(m, 'name', LIMITS.short),
		reason: readString(m, 'reason', LIMITS.text),
		at: readNumber(m, 'at'),
		basis: readString(m, 'basis', 100_000),
		voidedAt: readNumber(m, 'voidedAt'),
		voidReason: (['rating-changed', 'measures-changed', 'withdrawn'].includes(voidReason) ? voidReason : '') as Acceptance['voidReason']
	};
}

function readRisk(id: string, m: RecordMap, acceptance: Acceptance | null): DpiaRisk {
	const fe = readString(m, 'fearedEvent');
	return {
		id,
		title: readString(m, 'title', LIMITS.title),
		description: readString(m, 'description', LIMITS.text),
		fearedEvent: (FEARED_EVENTS as readonly string[]).includes(fe) ? (fe as FearedEvent) : 'illegitimate-access',
		sources: readString(m, 'sources', LIMITS.text),
		assets: readString(m, 'assets', LIMITS.text),
		group: readString(m, 'group', LIMITS.short),
		catalogueId: readString(m, 'catalogueId', LIMITS.short),
		reasoning: readString(m, 'reasoning', LIMITS.text),
		suggested: readString(m, 'suggested', LIMITS.text),
		ownerAgency: readString(m, 'ownerAgency', LIMITS.short),
		inherent: rating(readNumber(m, 'inherentS'), readNumber(m, 'inherentL')),
		inherentDraft: { severity: readNumber(m, 'inherentS'), likelihood: readNumber(m, 'inherentL') },
		inherentRationale: readString(m, 'inherentRationale', LIMITS.text),
		residual: rating(readNumber(m, 'residualS'), readNumber(m, 'residualL')),
		residualDraft: { severity: readNumber(m, 'residualS'), likelihood: readNumber(m, 'residualL') },
		acceptance,
		createdBy: readString(m, 'createdBy', LIMITS.short),
		position: readNumber(m, 'position')
	};
}

export type RiskPatch = Partial<{
	title: string;
	description: string;
	fearedEvent: FearedEvent;
	sources: string;
	assets: string;
	group: string;
	reasoning: string;
	ownerAgency: string;
	inherent: Rating | null;
	inherentRationale: string;
	residual: Rating | null;
	position: number;
}>;

type RiskInput = RiskPatch & Partial<Pick<DpiaRisk, 'catalogueId' | 'suggested' | 'createdBy'>>;

function riskFields(p: RiskInput): Record<string, Scalar | undefined> {
	const clip = (v: string | undefined, n: number) => (v === undefined ? undefined : v.slice(0, n));
	return {
		title: clip(p.title, LIMITS.title),
		description: clip(p.description, LIMITS.text),
		fearedEvent: p.fearedEvent && (FEARED_EVENTS as readonly string[]).includes(p.fearedEvent) ? p.fearedEvent : undefined,
		sources: clip(p.sources, LIMITS.text),
		assets: clip(p.assets, LIMITS.text),
		group: clip(p.group, LIMITS.short),
		catalogueId: clip(p.catalogueId, LIMITS.short),
		reasoning: clip(p.reasoning, LIMITS.text),
		suggested: clip(p.suggested, LIMITS.text),
		ownerAgency: clip(p.ownerAgency, LIMITS.short),
		inherentS: p.inherent === undefined ? undefined : (p.inherent?.severity ?? 0),
		inherentL: p.inherent === undefined ? undefined : (p.inherent?.likelihood ?? 0),
		inherentRationale: clip(p.inherentRationale, LIMITS.text),
		residualS: p.residual === undefined ? undefined : (p.residual?.severity ?? 0),
		residualL: p.residual === undefined ? undefined : (p.residual?.likelihood ?? 0),
		createdBy: clip(p.createdBy, LIMITS.short),
		position: p.position
	};
}

function readMeasure(id: string, m: RecordMap): Measure & { position: number } {
	const kind = readString(m, 'kind');
	const status = readString(m, 'status');
	return {
		id,
		riskId: readString(m, 'riskId', LIMITS.short),
		text: readString(m, 'text', LIMITS.text),
		kind: kind === 'existing' ? 'existing' : 'planned',
		agency: readString(m, 'agency', LIMITS.short),
		due: /^\d{4}-\d{2}-\d{2}$/.test(readString(m, 'due')) ? readString(m, 'due') : '',
		status: status === 'in-progress' || status === 'done' ? status : 'planned',
		position: readNumber(m, 'position')
	};
}

function readRound(id: string, m: RecordMap): ScoringRound {
	const state = readString(m, 'state');
	const submitted = m.get('submitted') as unknown;
	return {
		id,
		riskIds: parseJson<string[]>(m.get('riskIds'), []),
		state: state === 'revealed' || state === 'cancelled' ? state : 'open',
		openedAt: readNumber(m, 'openedAt'),
		openedBy: readString(m, 'openedBy', LIMITS.short),
		eligible: parseJson<Rater[]>(m.get('eligible'), []),
		submitted: submitted instanceof Y.Map ? [...submitted.keys()] : [],
		ratings: parseJson<RoundRating[]>(m.get('ratings'), []),
		revealedAt: readNumber(m, 'revealedAt')
	};
}

const byPosition = <T extends { position: number; id: string }>(a: T, b: T) => a.position - b.position || (a.id < b.id ? -1 : 1);

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
		return ['meta', 'screening', 'context', 'agencyRoles', 'categories', 'risks', 'measures', 'scoring', 'acceptances', AUTHORS_ROOT].map((n) => this.doc.getMap(n) as Y.AbstractType<unknown>);
	}

	/** The roots an undo manager tracks (everything people edit; not the server's scoring). */
	get editable(): Y.AbstractType<unknown>[] {
		return ['meta', 'screening', 'context', 'agencyRoles', 'categories', 'risks', 'measures'].map((n) => this.doc.getMap(n) as Y.AbstractType<unknown>);
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
			opinion: readString(m, 'opinion', LIMITS.text)
		};
	}

	setMeta(patch: Partial<DpiaMeta>, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			writeFields(this.meta as RecordMap, {
				state: patch.state,
				conclusion: patch.conclusion,
				conclusionNote: patch.conclusionNote?.slice(0, LIMITS.text),
				continueAnyway: patch.continueAnyway,
				opinion: patch.opinion?.slice(0, LIMITS.text)
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

	agencyRoles(): Map<string, string> {
		const out = new Map<string, string>();
		this.doc.getMap<Scalar>('agencyRoles').forEach((v, k) => out.set(k, typeof v === 'string' ? v.slice(0, LIMITS.text) : ''));
		return out;
	}

	/** Who last wrote each agency's role (server-stamped), by agency id. */
	agencyRoleAuthors(): Map<string, Author> {
		return readAuthors(this.doc, 'agencyRoles');
	}

	setAgencyRole(agencyId: string, text: string, origin: TransactionOrigin): void {
		this.doc.transact(() => writeFields(this.doc.getMap<Scalar>('agencyRoles') as RecordMap, { [agencyId]: text.slice(0, LIMITS.text) }), origin);
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
