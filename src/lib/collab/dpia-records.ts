import * as Y from 'yjs';
import type { Acceptance } from '../domain/dpia/acceptance';
import type { Measure } from '../domain/dpia/assessment';
import type { Rater, RoundRating } from '../domain/dpia/rounds';
import type { Rating } from '../domain/dpia/scoring';
import type { ScreeningConclusion } from '../domain/dpia/screening';
import { FEARED_EVENTS, type FearedEvent } from '../domain/kit-schema';
import { parseJson, readBoolean, readNumber, readString, type RecordMap, type Scalar } from './y-records';

/**
 * The DPIA board's records as plain data, and how each is read from (and written into) its Y.Map:
 * the shapes `DpiaDoc` (dpia-doc.ts) hands out and takes in.
 */
export type DpiaState = 'in-progress' | 'ready';
/**
 * The description of the processing. `necessity` is the assessment of necessity and proportionality
 * (GDPR Art. 35(7)(b)); `subjectsViews`, the views of children and caregivers, or why they were not sought (Art. 35(9)).
 */
export const CONTEXT_FIELDS = ['purposes', 'dataSubjects', 'systems', 'hosting', 'retention', 'necessity', 'subjectsViews'] as const;
export type ContextField = (typeof CONTEXT_FIELDS)[number];

export interface DpiaMeta {
	schemaVersion: number;
	state: DpiaState;
	conclusion: ScreeningConclusion | '';
	conclusionNote: string;
	continueAnyway: boolean;
	opinion: string;
	/** When the DPIA is to be reviewed (Art. 35(11)), as YYYY-MM-DD, or ''. */
	reviewDate: string;
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

export const LIMITS = { title: 300, text: 4000, short: 200 } as const;

export const rating = (s: number, l: number, unknown = false): Rating | null => (s > 0 && l > 0 ? { severity: s, likelihood: l, ...(unknown ? { likelihoodUnknown: true } : {}) } : null);

export function readAcceptance(m: RecordMap | undefined): Acceptance | null {
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

export function readRisk(id: string, m: RecordMap, acceptance: Acceptance | null): DpiaRisk {
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
		inherent: rating(readNumber(m, 'inherentS'), readNumber(m, 'inherentL'), readBoolean(m, 'inherentLU')),
		inherentDraft: { severity: readNumber(m, 'inherentS'), likelihood: readNumber(m, 'inherentL'), likelihoodUnknown: readBoolean(m, 'inherentLU') },
		inherentRationale: readString(m, 'inherentRationale', LIMITS.text),
		residual: rating(readNumber(m, 'residualS'), readNumber(m, 'residualL'), readBoolean(m, 'residualLU')),
		residualDraft: { severity: readNumber(m, 'residualS'), likelihood: readNumber(m, 'residualL'), likelihoodUnknown: readBoolean(m, 'residualLU') },
		acceptance,
		createdBy: readString(m, 'createdBy', LIMITS.short),
		position: readNumber(m, 'position')
	};
}

export type RiskPatch = Partial<Pick<DpiaRisk, 'title' | 'description' | 'fearedEvent' | 'sources' | 'assets' | 'group' | 'reasoning' | 'ownerAgency' | 'inherent' | 'inherentRationale' | 'residual' | 'position'>>;

type RiskInput = RiskPatch & Partial<Pick<DpiaRisk, 'catalogueId' | 'suggested' | 'createdBy'>>;

export function riskFields(p: RiskInput): Record<string, Scalar | undefined> {
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
		inherentLU: p.inherent === undefined ? undefined : p.inherent?.likelihoodUnknown === true,
		inherentRationale: clip(p.inherentRationale, LIMITS.text),
		residualS: p.residual === undefined ? undefined : (p.residual?.severity ?? 0),
		residualL: p.residual === undefined ? undefined : (p.residual?.likelihood ?? 0),
		residualLU: p.residual === undefined ? undefined : p.residual?.likelihoodUnknown === true,
		createdBy: clip(p.createdBy, LIMITS.short),
		position: p.position
	};
}

export function readMeasure(id: string, m: RecordMap): Measure & { position: number } {
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

export function readRound(id: string, m: RecordMap): ScoringRound {
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

export const byPosition = <T extends { position: number; id: string }>(a: T, b: T) => a.position - b.position || (a.id < b.id ? -1 : 1);
