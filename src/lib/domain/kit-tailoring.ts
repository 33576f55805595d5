import { FEARED_EVENTS, type Kit } from './kit-schema';
import { PARAMETER_PLACEHOLDERS } from './dpisp/placeholders';

/**
 * A workshop's own copy of its kit, before the day: the facilitator sets the country's parameters,
 * takes catalogue risks out (or back in) and adds risks of their own. The kit files are never
 * touched; each change is recorded (who, when, what) and the workshop's kit is the kit it started
 * from with every change replayed in order. What differs at the end is listed as "changes to the
 * standard kit", in the workshop and as an annex of the frozen protocol.
 */

export type ParameterKey = (typeof PARAMETER_PLACEHOLDERS)[number];
export const PARAMETER_KEYS: readonly ParameterKey[] = PARAMETER_PLACEHOLDERS;

/** The bounds the kit schema gives each parameter. */
export const PARAMETER_BOUNDS: Record<ParameterKey, { min: number; max: number }> = {
	consentAge: { min: 7, max: 18 },
	closedCaseRetentionYears: { min: 1, max: 30 },
	auditLogRetentionMonths: { min: 1, max: 120 },
	referralCopyDays: { min: 1, max: 365 },
	rightsResponseDays: { min: 1, max: 90 }
};

export type KitChange =
	| { type: 'parameter'; key: ParameterKey; value: number }
	| { type: 'risk-out'; riskId: string }
	| { type: 'risk-in'; riskId: string }
	| { type: 'custom-risk'; id: string; title: string; description: string; group: string; fearedEvent: (typeof FEARED_EVENTS)[number] }
	| { type: 'custom-risk-removed'; id: string }
	| { type: 'terms-item-out'; itemId: string }
	| { type: 'terms-item-in'; itemId: string }
	| { type: 'terms-item'; id: string; title: string; description: string }
	| { type: 'terms-item-removed'; id: string };

export interface RecordedKitChange {
	id: string;
	at: number;
	by: { userId: string; name: string };
	change: KitChange;
}

export const TAILORING_LIMITS = { title: 200, description: 2000, customRisks: 100 } as const;

/** The prefix of every custom risk's id, so it can never collide with a catalogue risk's. */
export const CUSTOM_PREFIX = 'custom-';

/** The workshop's kit: `kit` with every change applied in order (the language of custom risks is the workshop's). */
export function tailorKit(kit: Kit, changes: readonly RecordedKitChange[], language: string): Kit {
	if (changes.length === 0) return kit;
	const parameters = { ...kit.dpisp.parameters };
	const out = new Set<string>();
	const custom = new Map<string, Kit['dpia']['risks'][number]>();
	const itemsOut = new Set<string>();
	const customItems = new Map<string, Kit['terms']['checklist'][number]>();
	for (const { change: c } of changes) {
		if (c.type === 'terms-item-out') itemsOut.add(c.itemId);
		else if (c.type === 'terms-item-in') itemsOut.delete(c.itemId);
		else if (c.type === 'terms-item') customItems.set(c.id, { id: c.id, title: { [language]: c.title }, description: { [language]: c.description || c.title } });
		else if (c.type === 'terms-item-removed') customItems.delete(c.id);
		else if (c.type === 'parameter') parameters[c.key] = c.value;
		else if (c.type === 'risk-out') out.add(c.riskId);
		else if (c.type === 'risk-in') out.delete(c.riskId);
		else if (c.type === 'custom-risk-removed') custom.delete(c.id);
		else {
			const text = { [language]: c.title };
			const description = { [language]: c.description || c.title };
			custom.set(c.id, {
				id: c.id,
				group: c.group,
				fearedEvent: c.fearedEvent,
				severity: 2,
				likelihood: 2,
				title: text,
				description,
				sources: description,
				assets: description,
				reasoning: description,
				mitigations: [description]
			});
		}
	}
	const checklist = (items: Kit['terms']['checklist']) => [...items.filter((i) => !itemsOut.has(i.id)), ...customItems.values()];
	return {
		...kit,
		dpia: { ...kit.dpia, risks: [...kit.dpia.risks.filter((r) => !out.has(r.id)), ...custom.values()] },
		dpisp: { ...kit.dpisp, parameters },
		terms: { ...kit.terms, checklist: checklist(kit.terms.checklist), ...(kit.terms.governmentChecklist ? { governmentChecklist: checklist(kit.terms.governmentChecklist) } : {}) }
	};
}

/** One net difference from the standard kit, with the change that made it. */
export type KitDifference =
	| { kind: 'parameter'; key: ParameterKey; from: number; to: number; by: string; at: number }
	| { kind: 'risk-removed'; riskId: string; by: string; at: number }
	| { kind: 'risk-added'; riskId: string; title: string; by: string; at: number }
	| { kind: 'terms-item-removed'; itemId: string; by: string; at: number }
	| { kind: 'terms-item-added'; itemId: string; title: string; by: string; at: number };

/** Every item of the Terms checklists (and of the agreement in lieu of them), each once. */
export function allTermsItems(kit: Kit): Kit['terms']['checklist'] {
	const seen = new Set<string>();
	return [...kit.terms.checklist, ...(kit.terms.governmentChecklist ?? [])].filter((i) => !seen.has(i.id) && !!seen.add(i.id));
}

/** What the workshop's kit changes from the standard one, net: a risk taken out then back in is no change, nor is a parameter set to its standard value. */
export function kitDifferences(kit: Kit, changes: readonly RecordedKitChange[]): KitDifference[] {
	const params = new Map<ParameterKey, { value: number; by: string; at: number }>();
	const removed = new Map<string, { by: string; at: number }>();
	const added = new Map<string, { title: string; by: string; at: number }>();
	const itemsRemoved = new Map<string, { by: string; at: number }>();
	const itemsAdded = new Map<string, { title: string; by: string; at: number }>();
	for (const { change: c, by, at } of changes) {
		if (c.type === 'terms-item-out') itemsRemoved.set(c.itemId, { by: by.name, at });
		else if (c.type === 'terms-item-in') itemsRemoved.delete(c.itemId);
		else if (c.type === 'terms-item') itemsAdded.set(c.id, { title: c.title, by: by.name, at });
		else if (c.type === 'terms-item-removed') itemsAdded.delete(c.id);
		else if (c.type === 'parameter') params.set(c.key, { value: c.value, by: by.name, at });
		else if (c.type === 'risk-out') removed.set(c.riskId, { by: by.name, at });
		else if (c.type === 'risk-in') removed.delete(c.riskId);
		else if (c.type === 'custom-risk') added.set(c.id, { title: c.title, by: by.name, at });
		else added.delete(c.id);
	}
	const out: KitDifference[] = [];
	for (const key of PARAMETER_KEYS) {
		const p = params.get(key);
		if (p && p.value !== kit.dpisp.parameters[key]) out.push({ kind: 'parameter', key, from: kit.dpisp.parameters[key], to: p.value, by: p.by, at: p.at });
	}
	for (const risk of kit.dpia.risks) {
		const r = removed.get(risk.id);
		if (r) out.push({ kind: 'risk-removed', riskId: risk.id, ...r });
	}
	for (const [riskId, a] of added) out.push({ kind: 'risk-added', riskId, ...a });
	for (const item of allTermsItems(kit)) {
		const r = itemsRemoved.get(item.id);
		if (r) out.push({ kind: 'terms-item-removed', itemId: item.id, ...r });
	}
	for (const [itemId, a] of itemsAdded) out.push({ kind: 'terms-item-added', itemId, ...a });
	return out;
}

export type KitChangeProblem = 'unknown-change' | 'bad-parameter' | 'out-of-range' | 'unknown-risk' | 'unknown-item' | 'no-title' | 'too-long' | 'bad-group' | 'bad-feared-event' | 'too-many';

/** A change a facilitator asked for, checked against the standard kit (and what the workshop already changed). */
export function parseKitChange(
	input: Record<string, string | undefined>,
	kit: Kit,
	changes: readonly RecordedKitChange[],
	newId: () => string
): { ok: true; change: KitChange } | { ok: false; problem: KitChangeProblem } {
	const get = (k: string) => (input[k] ?? '').trim();
	const customIds = () => new Set(kitDifferences(kit, changes).flatMap((d) => (d.kind === 'risk-added' ? [d.riskId] : [])));
	const customItemIds = () => new Set(kitDifferences(kit, changes).flatMap((d) => (d.kind === 'terms-item-added' ? [d.itemId] : [])));
	switch (get('type')) {
		case 'parameter': {
			const key = get('key') as ParameterKey;
			if (!PARAMETER_KEYS.includes(key)) return { ok: false, problem: 'bad-parameter' };
			const value = Number(get('value'));
			const { min, max } = PARAMETER_BOUNDS[key];
			if (!get('value') || !Number.isInteger(value) || value < min || value > max) return { ok: false, problem: 'out-of-range' };
			return { ok: true, change: { type: 'parameter', key, value } };
		}
		case 'risk-out':
		case 'risk-in': {
			const riskId = get('riskId');
			if (!kit.dpia.risks.some((r) => r.id === riskId)) return { ok: false, problem: 'unknown-risk' };
			return { ok: true, change: { type: get('type') as 'risk-out' | 'risk-in', riskId } };
		}
		case 'custom-risk': {
			const title = get('title');
			const description = get('description');
			if (!title) return { ok: false, problem: 'no-title' };
			if (title.length > TAILORING_LIMITS.title || description.length > TAILORING_LIMITS.description) return { ok: false, problem: 'too-long' };
			if (!kit.dpia.riskGroups.some((g) => g.id === get('group'))) return { ok: false, problem: 'bad-group' };
			const fearedEvent = get('fearedEvent') as (typeof FEARED_EVENTS)[number];
			if (!FEARED_EVENTS.includes(fearedEvent)) return { ok: false, problem: 'bad-feared-event' };
			if (customIds().size >= TAILORING_LIMITS.customRisks) return { ok: false, problem: 'too-many' };
			return { ok: true, change: { type: 'custom-risk', id: `${CUSTOM_PREFIX}${newId()}`, title, description, group: get('group'), fearedEvent } };
		}
		case 'custom-risk-removed': {
			const id = get('riskId');
			if (!customIds().has(id)) return { ok: false, problem: 'unknown-risk' };
			return { ok: true, change: { type: 'custom-risk-removed', id } };
		}
		case 'terms-item-out':
		case 'terms-item-in': {
			const itemId = get('itemId');
			if (!allTermsItems(kit).some((i) => i.id === itemId)) return { ok: false, problem: 'unknown-item' };
			return { ok: true, change: { type: get('type') as 'terms-item-out' | 'terms-item-in', itemId } };
		}
		case 'terms-item': {
			const title = get('title');
			const description = get('description');
			if (!title) return { ok: false, problem: 'no-title' };
			if (title.length > TAILORING_LIMITS.title || description.length > TAILORING_LIMITS.description) return { ok: false, problem: 'too-long' };
			if (customItemIds().size >= TAILORING_LIMITS.customRisks) return { ok: false, problem: 'too-many' };
			return { ok: true, change: { type: 'terms-item', id: `${CUSTOM_PREFIX}${newId()}`, title, description } };
		}
		case 'terms-item-removed': {
			const id = get('itemId');
			if (!customItemIds().has(id)) return { ok: false, problem: 'unknown-item' };
			return { ok: true, change: { type: 'terms-item-removed', id } };
		}
		default:
			return { ok: false, problem: 'unknown-change' };
	}
}

/**
 * The workshop's kit as a new standard kit for the next country: the whole kit (every rollout
 * type), the changes applied, a new id, name and version. A custom risk written in one language
 * takes that text in every language the kit declares, to be translated in the files.
 */
export function kitForSaving(base: Kit, changes: readonly RecordedKitChange[], language: string, manifest: { id: string; name: string; note: string }): Kit {
	const tailored = tailorKit(base, changes, language);
	const everyLanguage = (text: Record<string, string>) => {
		const value = text[language] ?? Object.values(text)[0] ?? '';
		return Object.fromEntries(base.manifest.languages.map((l) => [l, text[l] ?? value]));
	};
	const risks = tailored.dpia.risks.map((r) =>
		r.id.startsWith(CUSTOM_PREFIX)
			? { ...r, title: everyLanguage(r.title), description: everyLanguage(r.description), sources: everyLanguage(r.sources), assets: everyLanguage(r.assets), reasoning: everyLanguage(r.reasoning), mitigations: r.mitigations.map(everyLanguage) }
			: r
	);
	const items = (list: Kit['terms']['checklist']) => list.map((i) => (i.id.startsWith(CUSTOM_PREFIX) ? { ...i, title: everyLanguage(i.title), description: everyLanguage(i.description) } : i));
	return {
		...tailored,
		terms: { ...tailored.terms, checklist: items(tailored.terms.checklist), ...(tailored.terms.governmentChecklist ? { governmentChecklist: items(tailored.terms.governmentChecklist) } : {}) },
		manifest: { ...base.manifest, id: manifest.id, version: '1.0.0', name: everyLanguage({ [language]: manifest.name }), description: everyLanguage({ [language]: manifest.note }) },
		dpia: { ...tailored.dpia, risks }
	};
}

/** A kit id as the kits folder accepts one. */
export const KIT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
