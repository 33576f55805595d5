import { z } from 'zod';
import { ROLLOUT_TYPES } from '../boards';
import { BREACH_CLASSES } from '../breach/severity';
import { POSITIONS } from '../dpisp/positions';
import { DECISION_KINDS } from '../facilitation/decisions';
import { SHARING_DECISIONS } from '../dpisp/sharing';

/**
 * The frozen protocol (`accord.protocol/1`) and its sealed JSON export (`accord.export/1`), defined
 * once. The snapshot builder is typed by it, every JSON export is checked against it before it is
 * believed, and the published JSON Schema (docs/accord-export-1.schema.json, served at
 * /schemas/accord-export-1.json) is generated from it. Objects are closed: a field the schema
 * does not name makes a file non-conforming.
 */
export const SNAPSHOT_SCHEMA = 'accord.protocol/1';
export const EXPORT_SCHEMA = 'accord.export/1';
export const EXPORT_SCHEMA_ID = 'urn:accord:schema:export:1';

const text = z.string();
const id = z.string();
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const isoTime = z.iso.datetime({ offset: true });
const option = z.strictObject({ id, label: text });
const scale = z.strictObject({ name: text, levels: z.array(z.strictObject({ level: z.int().min(1), label: text })) });

/** Who did an act the protocol records: the account the server stamped, and when. */
const attribution = z
	.strictObject({ userId: id, name: text, at: isoTime })
	.nullable()
	.describe('The account that did it, stamped by the server from the session that wrote it (null for content the server seeded itself)');
const rated = z
	.strictObject({
		severity: z.int().min(1),
		likelihood: z.int().min(1),
		band: id,
		likelihoodUnknown: z.boolean().optional().describe('Nobody could say how likely it is: scored as the worst case (the highest likelihood)')
	})
	.nullable();
const block = z.discriminatedUnion('type', [
	z.strictObject({ type: z.literal('paragraph'), text }),
	z.strictObject({ type: z.literal('heading'), level: z.int().min(1).max(6), text }),
	z.strictObject({ type: z.literal('list'), ordered: z.boolean(), items: z.array(text) }),
	z.strictObject({ type: z.literal('table'), rows: z.array(z.array(text)) })
]);

export const snapshotSchema = z.strictObject({
	schema: z.literal(SNAPSHOT_SCHEMA),
	version: z.int().min(1),
	workshop: z.strictObject({
		id,
		title: text,
		context: text,
		date: text,
		rolloutType: z.enum(ROLLOUT_TYPES),
		language: text,
		kit: z.strictObject({ id, version: text })
	}),
	agencies: z.array(z.strictObject({ id, name: text, shortName: text, lead: z.boolean() })),
	labels: z.strictObject({
		sensitivity: z.array(option),
		bands: z.array(z.strictObject({ id, label: text, colour: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional() })),
		/** The rating scales and the level of each of their cells; absent from versions frozen before it existed. */
		scales: z
			.strictObject({ severity: scale, likelihood: scale, grid: z.array(z.array(id)).describe('The band of each cell: a row per likelihood level (lowest first), a column per severity level (lowest first)') })
			.optional(),
		recipients: z.array(option),
		conditions: z.array(option),
		channels: z.array(option),
		roles: z.array(option),
		attestations: z.array(z.strictObject({ id, text }))
	}),
	dpia: z.strictObject({
		conclusion: text,
		conclusionNote: text,
		state: z.enum(['in-progress', 'ready']),
		opinion: text,
		screening: z.array(z.strictObject({ id, label: text, ticked: z.boolean(), note: text })),
		context: z.strictObject({
			purposes: text,
			dataSubjects: text,
			systems: text,
			hosting: text,
			retention: text,
			necessity: text.optional().describe('Necessity and proportionality of the processing (GDPR Art. 35(7)(b))'),
			subjectsViews: text.optional().describe('Views of children and caregivers, or why they were not sought (Art. 35(9))')
		}),
		agencyRoles: z.array(z.strictObject({ agency: id, role: text, by: attribution })),
		dpoAdvice: z.array(z.strictObject({ agency: id, advice: text, by: attribution })).optional().describe("Each agency's data-protection officer's advice (Art. 35(2))"),
		reviewDate: text.optional().describe('When the DPIA is to be reviewed, YYYY-MM-DD or empty (Art. 35(11))'),
		priorConsultation: z.boolean().optional().describe('High residual risks remain: the supervisory authority may have to be consulted first (Art. 36)'),
		categories: z.array(z.strictObject({ id, name: text, sensitivity: id })),
		risks: z.array(
			z.strictObject({
				id,
				title: text,
				description: text,
				fearedEvent: id,
				sources: text,
				assets: text,
				ownerAgency: text,
				inherent: rated,
				inherentRationale: text,
				residual: rated,
				acceptance: z.strictObject({ agency: id, by: attribution, reason: text }).nullable().describe('The standing acceptance of the residual risk, given through the server by a participant of that agency'),
				measures: z.array(z.strictObject({ id, text, kind: z.enum(['existing', 'planned']), agency: text, due: text, status: z.enum(['planned', 'in-progress', 'done']) }))
			})
		),
		actionPlan: z.array(z.strictObject({ risk: text, band: id.nullable(), measure: text, agency: text, due: text, status: z.enum(['planned', 'in-progress', 'done']) }))
	}),
	dpisp: z.strictObject({
		clauses: z.array(
			z.strictObject({
				number: z.int().min(1),
				id,
				title: text,
				blocks: z.array(block),
				text,
				status: z.enum(['agreed', 'objected', 'legal-review', 'partial', 'open']),
				positions: z.array(z.strictObject({ agency: id, value: z.enum(POSITIONS), comment: text, by: attribution }))
			})
		),
		auditDecision: text,
		sharing: z.array(z.strictObject({ key: text, decision: z.enum(SHARING_DECISIONS), conditions: z.array(id), channel: text })),
		requests: z.array(z.strictObject({ id, label: text, receiver: text, decider: text, days: z.number(), logging: text }))
	}),
	terms: z.strictObject({
		version: z.int().min(0),
		text,
		organisations: z.array(z.strictObject({ agency: id, status: z.enum(['not-started', 'reviewing', 'queries-open', 'ready']) })),
		rapidOnset: z.boolean().optional().describe('The system goes live before the Terms are signed (a rapid-onset emergency); each organisation signs them later')
	}),
	breach: z.strictObject({
		steps: z.array(
			z.strictObject({
				id,
				order: z.number(),
				role: text,
				action: text,
				hours: z.number().nullable(),
				relativeTo: z.enum(['detection', 'awareness', 'previous']),
				channel: text,
				fallbackId: text,
				classes: z.array(z.enum(BREACH_CLASSES as unknown as [string, ...string[]])),
				notifiesAuthority: z.boolean().describe('Whether the step is the decision on notifying the supervisory authority (duty "authority")'),
				duty: z
					.enum(['authority', 'subjects', 'controller', 'register'])
					.optional()
					.describe('What the law asks of the step: the authority decision (Art. 33(1)), telling the children and caregivers (Art. 34), the processor telling the controllers (Art. 33(2)), the register entry (Art. 33(5)); absent for other steps'),
				childSafety: z.boolean(),
				awareness: z.boolean().optional().describe("Once this step is done the agency is aware of the breach; Art. 33's 72 hours count from it"),
				namedPerAgency: z.boolean().optional().describe('Whether each agency names its own person for this step’s role')
			})
		),
		register: z
			.strictObject({
				columns: z.array(z.strictObject({ id, label: text, help: text })),
				entries: z.array(
					z.strictObject({
						scenario: text,
						class: z.enum(BREACH_CLASSES as unknown as [string, ...string[]]),
						startedAt: isoTime,
						authority: z.strictObject({ outcome: text, reason: text, by: text }).nullable(),
						subjects: z.strictObject({ outcome: text, reason: text, by: text, safetyChecked: z.boolean() }).nullable(),
						missed: z.int().min(0)
					})
				)
			})
			.optional()
			.describe('The breach register (Art. 33(5)): its columns, and the drills of the day entered in it as exercises'),
		people: z.array(z.strictObject({ role: id, agency: id, name: text, by: attribution })),
		audit: z.strictObject({ viewers: z.array(id), purposes: z.array(id), frequency: text, findingsTo: text, retention: text })
	}),
	record: z
		.strictObject({
			decisions: z.array(z.strictObject({ kind: z.enum(DECISION_KINDS), text, board: text, by: text, at: isoTime, present: z.array(text) })),
			parking: z.array(z.strictObject({ text, owner: text, by: text, done: z.boolean() }))
		})
		.optional(),
	annexes: z
		.array(z.strictObject({ board: id, title: text, blocks: z.array(block) }))
		.optional()
		.describe("What boards other than the four steps' add to the protocol, each as a titled run of text blocks (absent when none does)")
});

export const exportSignatureSchema = z.strictObject({
	kind: z.enum(['approver', 'signatory', 'countersignatory']),
	agencyId: id.nullable(),
	decision: z.enum(['signed', 'declined']),
	userId: id.describe('The account that signed; its name and e-mail below come from that account, not from the form'),
	email: text,
	fullName: text,
	title: text,
	attestations: z.array(id),
	reason: text,
	digest: hex64,
	authMethod: text,
	address: text.nullable(),
	userAgent: text.nullable(),
	at: isoTime
});

export const exportSchema = z
	.strictObject({
		schema: z.literal(EXPORT_SCHEMA),
		digest: hex64.describe('SHA-256 of the canonical JSON of `snapshot`: what every signatory signed'),
		snapshot: snapshotSchema,
		signatures: z.array(exportSignatureSchema),
		auditHead: z.strictObject({ entry: z.int().min(1), hash: hex64 }).nullable().describe("The instance audit log's last entry when this file was made (its id and hash)"),
		exportedAt: isoTime,
		seal: z.strictObject({
			algorithm: z.literal('RSA-SHA256'),
			fingerprint: hex64.describe('SHA-256 of the certificate (DER); compare it with the one the instance publishes'),
			certificate: z.string().startsWith('-----BEGIN CERTIFICATE-----'),
			signature: z.base64().describe('RSA-SHA256 signature, by the certificate key, of the canonical JSON of this object without `seal`')
		})
	});

export type SnapshotData = z.infer<typeof snapshotSchema>;
export type ProtocolExport = z.infer<typeof exportSchema>;
export type ExportSignature = z.infer<typeof exportSignatureSchema>;

/** The published JSON Schema of `accord.export/1`. */
export function exportJsonSchema(): Record<string, unknown> {
	const { $schema, ...rest } = z.toJSONSchema(exportSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
	return { $schema, $id: EXPORT_SCHEMA_ID, title: 'Accord sealed protocol export (accord.export/1)', ...rest };
}

/** Checks a parsed JSON export; names the first place it does not conform. */
export function parseExport(value: unknown): { ok: true; data: ProtocolExport } | { ok: false; where: string; problem: string } {
	const parsed = exportSchema.safeParse(value);
	if (parsed.success) return { ok: true, data: parsed.data };
	const issue = parsed.error.issues[0];
	return { ok: false, where: issue.path.join('.') || '(top)', problem: issue.message };
}
