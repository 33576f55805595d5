import { z } from 'zod';
import { KIT_BOARD_IDS, ROLLOUT_TYPES } from './boards';
import { PARAMETER_PLACEHOLDERS, PLACEHOLDERS } from './dpisp/placeholders';

/**
 * The one schema every workshop kit is validated against. A kit is content only:
 * kit.json (the manifest), scales.json and agenda.json under workshop-kits/<kit-id>/.
 */

export const localeCode = z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language code such as "en" or "fr"');
const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as "#1f6feb"');
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes');

/** Text in every language the kit declares, e.g. { "en": "...", "fr": "..." }. */
export const localisedText = z.record(localeCode, z.string().trim().min(1, 'must not be empty'));
/** The rollout types an item is for (absent: every one), e.g. a UNHCR clause only in refugee rollouts. */
const rolloutTypes = z.array(z.enum(ROLLOUT_TYPES)).min(1).optional();
export type LocalisedText = z.infer<typeof localisedText>;

export const kitManifestSchema = z.strictObject({
	id: slug,
	version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a version such as "1.0.0"'),
	name: localisedText,
	description: localisedText.optional(),
	languages: z.array(localeCode).min(1).refine((l) => new Set(l).size === l.length, 'must not repeat a language'),
	boards: z.array(z.enum(KIT_BOARD_IDS)).min(1).refine((b) => b.includes('agenda'), 'must include "agenda"')
});
export type KitManifest = z.infer<typeof kitManifestSchema>;

const scaleLevel = z.strictObject({
	level: z.number().int().min(1).max(5),
	name: localisedText,
	definition: localisedText,
	examples: localisedText.optional(),
	colour
});

const scale = z
	.strictObject({ name: localisedText, levels: z.array(scaleLevel).min(3).max(5) })
	.refine((s) => s.levels.every((l, i) => l.level === i + 1), {
		message: 'levels must be numbered 1, 2, 3... in order',
		path: ['levels']
	});

const priorityBand = z.strictObject({
	id: slug,
	name: localisedText,
	colour,
	/** Lowest severity × likelihood score that falls in this band. */
	minScore: z.number().int().min(1)
});

const priorityFloor = z.strictObject({
	/** A risk at this severity or above is at least in band `atLeast`. */
	minSeverity: z.number().int().min(1).max(5),
	atLeast: slug
});

export const kitScalesSchema = z
	.strictObject({
		severity: scale,
		likelihood: scale,
		priority: z.strictObject({
			bands: z.array(priorityBand).min(2),
			floors: z.array(priorityFloor).default([])
		})
	})
	.superRefine((s, ctx) => {
		const bands = s.priority.bands;
		if (bands[0] && bands[0].minScore !== 1) {
			ctx.addIssue({ code: 'custom', message: 'the first band must start at score 1', path: ['priority', 'bands', 0, 'minScore'] });
		}
		bands.forEach((band, i) => {
			if (i > 0 && band.minScore <= bands[i - 1].minScore) {
				ctx.addIssue({ code: 'custom', message: 'bands must be in increasing order of minScore', path: ['priority', 'bands', i, 'minScore'] });
			}
		});
		const ids = new Set(bands.map((b) => b.id));
		s.priority.floors.forEach((floor, i) => {
			if (!ids.has(floor.atLeast)) {
				ctx.addIssue({ code: 'custom', message: `names unknown band "${floor.atLeast}"`, path: ['priority', 'floors', i, 'atLeast'] });
			}
			if (floor.minSeverity > s.severity.levels.length) {
				ctx.addIssue({ code: 'custom', message: 'is above the highest severity level', path: ['priority', 'floors', i, 'minSeverity'] });
			}
		});
	});
export type KitScales = z.infer<typeof kitScalesSchema>;

export const kitAgendaSchema = z.strictObject({
	/** Local start time of the day, "HH:MM". */
	startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as "09:00"'),
	items: z
		.array(
			z.strictObject({
				id: slug,
				title: localisedText,
				minutes: z.number().int().min(1).max(480),
				board: z.enum([...KIT_BOARD_IDS, 'general']),
				owner: localisedText
			})
		)
		.min(1)
		.refine((items) => new Set(items.map((i) => i.id)).size === items.length, 'item ids must be unique')
});
export type KitAgenda = z.infer<typeof kitAgendaSchema>;

export const FEARED_EVENTS = ['illegitimate-access', 'unwanted-modification', 'disappearance', 'principle'] as const;
export type FearedEvent = (typeof FEARED_EVENTS)[number];

const labelled = z.strictObject({ id: slug, label: localisedText, help: localisedText });

export const kitDpiaSchema = z
	.strictObject({
		screeningCriteria: z.array(labelled).min(3),
		fearedEvents: z.array(labelled.extend({ id: z.enum(FEARED_EVENTS) })).length(FEARED_EVENTS.length),
		sensitivityClasses: z.array(z.strictObject({ id: slug, label: localisedText, description: localisedText, colour })).min(2),
		/** The data categories a new DPIA's context starts with, each with its sensitivity class. */
		defaultDataCategories: z.array(z.strictObject({ id: slug, name: localisedText, sensitivity: slug })).default([]),
		riskGroups: z.array(z.strictObject({ id: slug, label: localisedText })).min(1),
		/** Residual risks in this band or above need a named acceptance. */
		acceptanceFromBand: slug,
		risks: z
			.array(
				z.strictObject({
					id: slug,
					group: slug,
					fearedEvent: z.enum(FEARED_EVENTS),
					severity: z.number().int().min(1).max(5),
					likelihood: z.number().int().min(1).max(5),
					title: localisedText,
					description: localisedText,
					sources: localisedText,
					assets: localisedText,
					reasoning: localisedText,
					mitigations: z.array(localisedText).min(1),
					rolloutTypes
				})
			)
			.min(1)
	})
	.superRefine((d, ctx) => {
		const classes = new Set(d.sensitivityClasses.map((c) => c.id));
		d.defaultDataCategories.forEach((c, i) => {
			if (!classes.has(c.sensitivity)) ctx.addIssue({ code: 'custom', message: `names unknown sensitivity class "${c.sensitivity}"`, path: ['defaultDataCategories', i, 'sensitivity'] });
		});
		const groups = new Set(d.riskGroups.map((g) => g.id));
		const ids = new Set<string>();
		d.risks.forEach((r, i) => {
			if (!groups.has(r.group)) ctx.addIssue({ code: 'custom', message: `names unknown group "${r.group}"`, path: ['risks', i, 'group'] });
			if (ids.has(r.id)) ctx.addIssue({ code: 'custom', message: `repeats risk id "${r.id}"`, path: ['risks', i, 'id'] });
			ids.add(r.id);
		});
	});
export type KitDpia = z.infer<typeof kitDpiaSchema>;

const option = z.strictObject({ id: slug, label: localisedText });

export const kitDpispSchema = z
	.strictObject({
		clauses: z
			.array(z.strictObject({ id: slug, title: localisedText, decision: localisedText, guidance: localisedText, text: localisedText, rolloutTypes }))
			.min(20)
			.refine((c) => new Set(c.map((x) => x.id)).size === c.length, 'clause ids must be unique'),
		/** Recipients beyond the participating agencies (which are always recipients). */
		recipients: z.array(z.strictObject({ id: slug, label: localisedText, rolloutTypes })).min(1),
		sharingConditions: z.array(option).min(1),
		channels: z.array(option).min(1),
		requestTypes: z
			.array(z.strictObject({ id: slug, label: localisedText, receiver: localisedText, decider: localisedText, days: z.number().int().min(1).max(365), logging: localisedText }))
			.min(1),
		/** Regular expressions for case numbers the personal-data guard warns about. */
		caseNumberPatterns: z.array(z.string().max(300)).default([]),
		/**
		 * The clause each annex belongs to: editing the annex (the sharing matrix, the data-request
		 * procedure, Step 9's escalation chain) withdraws the agencies' agreement to that clause.
		 */
		/**
		 * Judgement calls set for the country, named in clause texts as {{consentAge}} and so on: the age
		 * from which a child consents (below it, the child assents and a caregiver consents), how long
		 * closed cases, the audit log and copies of referrals are kept, and how fast a rights request is answered.
		 */
		parameters: z
			.strictObject({
				consentAge: z.number().int().min(7).max(18).default(15),
				closedCaseRetentionYears: z.number().int().min(1).max(30).default(5),
				auditLogRetentionMonths: z.number().int().min(1).max(120).default(24),
				referralCopyDays: z.number().int().min(1).max(365).default(30),
				rightsResponseDays: z.number().int().min(1).max(90).default(30)
			})
			.default({ consentAge: 15, closedCaseRetentionYears: 5, auditLogRetentionMonths: 24, referralCopyDays: 30, rightsResponseDays: 30 }),
		annexClauses: z
			.strictObject({ sharing: slug.default('sharing'), requests: slug.default('data-requests'), breachChain: slug.default('breach') })
			.default({ sharing: 'sharing', requests: 'data-requests', breachChain: 'breach' })
	})
	.superRefine((d, ctx) => {
		const ids = new Set(d.clauses.map((c) => c.id));
		for (const [annex, clause] of Object.entries(d.annexClauses)) {
			if (!ids.has(clause)) ctx.addIssue({ code: 'custom', message: `names unknown clause "${clause}"`, path: ['annexClauses', annex] });
		}
		d.caseNumberPatterns.forEach((p, i) => {
			try {
				new RegExp(p);
			} catch {
				ctx.addIssue({ code: 'custom', message: 'is not a valid regular expression', path: ['caseNumberPatterns', i] });
			}
		});
		d.clauses.forEach((c, i) => {
			for (const [lang, text] of Object.entries(c.text)) {
				for (const m of text.matchAll(/\{\{\s*([a-zA-Z]+)\s*\}\}/g)) {
					if (![...PLACEHOLDERS, ...PARAMETER_PLACEHOLDERS].includes(m[1] as (typeof PLACEHOLDERS)[number])) {
						ctx.addIssue({ code: 'custom', message: `uses unknown placeholder {{${m[1]}}}`, path: ['clauses', i, 'text', lang] });
					}
				}
			}
		});
	});
export type KitDpisp = z.infer<typeof kitDpispSchema>;

const termsChecklist = z
	.array(z.strictObject({ id: slug, title: localisedText, description: localisedText }))
	.min(5)
	.refine((c) => new Set(c.map((x) => x.id)).size === c.length, 'item ids must be unique');

export const kitTermsSchema = z.strictObject({
	checklist: termsChecklist,
	/** Markdown the Terms start from; the workshop replaces it with the real text. */
	defaultText: localisedText,
	/**
	 * Government partners sign an agreement in lieu of the Terms: its own checklist and starting text,
	 * used by government-only rollouts (the Terms' are used when a kit has none).
	 */
	governmentChecklist: termsChecklist.optional(),
	governmentDefaultText: localisedText.optional()
});
export type KitTerms = z.infer<typeof kitTermsSchema>;

/** The checklist and starting text a workshop's organisations review: the government agreement's for a government-only rollout. */
export function termsFor(terms: KitTerms, rolloutType: string): { checklist: KitTerms['checklist']; defaultText: KitTerms['defaultText'] } {
	if (rolloutType === 'government-only' && terms.governmentChecklist) return { checklist: terms.governmentChecklist, defaultText: terms.governmentDefaultText ?? terms.defaultText };
	return { checklist: terms.checklist, defaultText: terms.defaultText };
}

const BREACH_CLASS_IDS = ['low', 'medium', 'high', 'very-high'] as const;

export const kitBreachSchema = z
	.strictObject({
		triggers: z.array(z.strictObject({ id: slug, label: localisedText, kind: z.enum(['breach', 'near-miss']) })).min(1),
		dpcLevels: z.array(z.strictObject({ level: z.number().int().min(1).max(4), label: localisedText })).length(4),
		roles: z.array(option).min(1),
		channels: z.array(option).min(1),
		chain: z
			.array(
				z.strictObject({
					id: slug,
					order: z.number().int().min(0).max(50),
					role: slug,
					action: localisedText,
					hours: z.number().min(0).max(24 * 365),
					relativeTo: z.enum(['detection', 'awareness', 'previous']),
					channel: slug,
					classes: z.array(z.enum(BREACH_CLASS_IDS)).min(1),
					/** What the law asks of the step (see STEP_DUTIES in domain/breach/chain.ts). */
					duty: z.enum(['authority', 'subjects', 'controller', 'register']).optional(),
					/** Kits written before `duty`: true is the same as duty "authority". */
					notifiesAuthority: z.boolean().optional(),
					childSafety: z.boolean(),
					/** Once this step is done the agency is aware of the breach; Art. 33's 72 hours count from it. */
					awareness: z.boolean().default(false),
					/** Whether each agency names its own person for this step's role (default: yes). */
					namedPerAgency: z.boolean().default(true)
				})
			)
			.min(1),
		/** The columns of the breach register (Art. 33(5)), annexed to the protocol. */
		register: z.array(z.strictObject({ id: slug, label: localisedText, help: localisedText })).default([]),
		auditViewerRoles: z.array(option).min(1),
		auditPurposes: z.array(option).min(1),
		scenarios: z.array(z.strictObject({ id: slug, title: localisedText, description: localisedText, severityClass: z.enum(BREACH_CLASS_IDS) })).min(1),
		/** The sentence Step 9 writes into the protocol's audit clause: {viewers}, {purposes}, {frequency}, {findingsTo}, {retention}. */
		auditDecisionTemplate: localisedText
	})
	.superRefine((b, ctx) => {
		const roles = new Set(b.roles.map((r) => r.id));
		const channels = new Set(b.channels.map((c) => c.id));
		b.chain.forEach((step, i) => {
			if (!roles.has(step.role)) ctx.addIssue({ code: 'custom', message: `names unknown role "${step.role}"`, path: ['chain', i, 'role'] });
			if (!channels.has(step.channel)) ctx.addIssue({ code: 'custom', message: `names unknown channel "${step.channel}"`, path: ['chain', i, 'channel'] });
		});
	});
export type KitBreach = z.infer<typeof kitBreachSchema>;

export const kitSigningSchema = z.strictObject({
	/** What every signatory ticks before signing. */
	attestations: z.array(z.strictObject({ id: slug, text: localisedText })).min(1)
});
export type KitSigning = z.infer<typeof kitSigningSchema>;

export interface Kit {
	manifest: KitManifest;
	scales: KitScales;
	agenda: KitAgenda;
	dpia: KitDpia;
	dpisp: KitDpisp;
	terms: KitTerms;
	breach: KitBreach;
	signing: KitSigning;
}

/** The files of a kit and the schema each is checked against. */
export const KIT_FILES = {
	manifest: { file: 'kit.json', schema: kitManifestSchema },
	scales: { file: 'scales.json', schema: kitScalesSchema },
	agenda: { file: 'agenda.json', schema: kitAgendaSchema },
	dpia: { file: 'dpia.json', schema: kitDpiaSchema },
	dpisp: { file: 'dpisp.json', schema: kitDpispSchema },
	terms: { file: 'terms.json', schema: kitTermsSchema },
	breach: { file: 'breach.json', schema: kitBreachSchema },
	signing: { file: 'signing.json', schema: kitSigningSchema }
} as const;

/** Picks the text for a language, falling back to English, then to any text. */
export function pickText(text: LocalisedText, locale: string): string {
	return text[locale] ?? text.en ?? Object.values(text)[0] ?? '';
}

/** A kit holding only the clauses, recipients and risks that apply to a rollout type (items without `rolloutTypes` apply to all). */
export function kitForRollout(kit: Kit, rolloutType: string): Kit {
	const applies = (item: { rolloutTypes?: readonly string[] }) => !item.rolloutTypes || item.rolloutTypes.includes(rolloutType);
	return {
		...kit,
		dpisp: { ...kit.dpisp, clauses: kit.dpisp.clauses.filter(applies), recipients: kit.dpisp.recipients.filter(applies) },
		dpia: { ...kit.dpia, risks: kit.dpia.risks.filter(applies) }
	};
}
