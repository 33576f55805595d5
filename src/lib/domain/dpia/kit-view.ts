import { pickText, type FearedEvent, type Kit } from '../kit-schema';
import type { PriorityRules } from './scoring';

/** What the DPIA board needs from the kit, in the reader's language (catalogue in the workshop's). */
export interface DpiaKitView {
	levels: { severity: number; likelihood: number };
	severity: ScaleLevelView[];
	likelihood: ScaleLevelView[];
	rules: PriorityRules;
	bands: { id: string; name: string; colour: string; minScore: number }[];
	acceptanceFromBand: string;
	criteria: { id: string; label: string; help: string }[];
	fearedEvents: { id: FearedEvent; label: string; help: string }[];
	sensitivity: { id: string; label: string; description: string; colour: string }[];
	groups: { id: string; label: string }[];
	catalogue: CatalogueRisk[];
}

export interface ScaleLevelView {
	level: number;
	name: string;
	definition: string;
	examples: string;
	colour: string;
}

export interface CatalogueRisk {
	id: string;
	group: string;
	fearedEvent: FearedEvent;
	severity: number;
	likelihood: number;
	title: string;
	description: string;
	sources: string;
	assets: string;
	reasoning: string;
	mitigations: string[];
}

export function dpiaKitView(kit: Kit, uiLocale: string, contentLocale: string): DpiaKitView {
	const t = (text: Record<string, string> | undefined, locale = uiLocale) => (text ? pickText(text, locale) : '');
	const level = (l: Kit['scales']['severity']['levels'][number]): ScaleLevelView => ({
		level: l.level,
		name: t(l.name),
		definition: t(l.definition),
		examples: t(l.examples),
		colour: l.colour
	});
	return {
		levels: { severity: kit.scales.severity.levels.length, likelihood: kit.scales.likelihood.levels.length },
		severity: kit.scales.severity.levels.map(level),
		likelihood: kit.scales.likelihood.levels.map(level),
		rules: kit.scales.priority,
		bands: kit.scales.priority.bands.map((b) => ({ id: b.id, name: t(b.name), colour: b.colour, minScore: b.minScore })),
		acceptanceFromBand: kit.dpia.acceptanceFromBand,
		criteria: kit.dpia.screeningCriteria.map((c) => ({ id: c.id, label: t(c.label), help: t(c.help) })),
		fearedEvents: kit.dpia.fearedEvents.map((f) => ({ id: f.id, label: t(f.label), help: t(f.help) })),
		sensitivity: kit.dpia.sensitivityClasses.map((c) => ({ id: c.id, label: t(c.label), description: t(c.description), colour: c.colour })),
		groups: kit.dpia.riskGroups.map((g) => ({ id: g.id, label: t(g.label) })),
		catalogue: kit.dpia.risks.map((r) => ({
			id: r.id,
			group: r.group,
			fearedEvent: r.fearedEvent,
			severity: r.severity,
			likelihood: r.likelihood,
			title: t(r.title, contentLocale),
			description: t(r.description, contentLocale),
			sources: t(r.sources, contentLocale),
			assets: t(r.assets, contentLocale),
			reasoning: t(r.reasoning, contentLocale),
			mitigations: r.mitigations.map((m) => t(m, contentLocale))
		}))
	};
}
