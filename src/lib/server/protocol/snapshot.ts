import { BreachDoc } from '../../collab/breach-doc';
import { DpiaDoc } from '../../collab/dpia-doc';
import { DpispDoc } from '../../collab/dpisp-doc';
import { blocksToText, type Block } from '../../collab/rich-text';
import { TermsDoc } from '../../collab/terms-doc';
import { LiveDoc } from '../../collab/live-doc';
import type { Author } from '../../collab/authors';
import { isStanding } from '../../domain/dpia/acceptance';
import { actionPlan } from '../../domain/dpia/assessment';
import { priorityBand, type Rating } from '../../domain/dpia/scoring';
import { clauseStatus, type Position } from '../../domain/dpisp/positions';
import { organisationStatus } from '../../domain/terms/review';
import { pickText, type Kit } from '../../domain/kit-schema';
import type { CollabServer } from '../collab/collab-server';
import type { Agency, Workshop } from '../repositories/types';
import { SNAPSHOT_SCHEMA, type SnapshotData } from '../../domain/protocol/export-schema';

/**
 * The frozen protocol: everything the agencies agreed, as plain data, in the shape
 * `domain/protocol/export-schema.ts` defines. Its canonical JSON (domain/protocol/canonical.ts) is
 * what is hashed and signed; docs/protocol-json.md documents every field.
 */

/** Who did an act the protocol records: the account the server stamped, and when. */
const attribution = (a: Author | null | undefined) => (a ? { userId: a.userId, name: a.name, at: new Date(a.at).toISOString() } : null);

const rated = (r: Rating | null, kit: Kit) => (r ? { severity: r.severity, likelihood: r.likelihood, band: priorityBand(kit.scales.priority, r) } : null);

export function buildSnapshot(collab: CollabServer, workshop: Workshop, agencies: Agency[], kit: Kit, version: number, leadAgencyId: string): SnapshotData {
	const lang = workshop.language;
	const agencyIds = agencies.map((a) => a.id);
	const dpia = collab.read(workshop.id, 'dpia', (doc) => {
		const d = new DpiaDoc(doc);
		const risks = d.risks();
		const measures = d.measures();
		const meta = d.readMeta();
		const roleAuthors = d.agencyRoleAuthors();
		return {
			conclusion: meta.conclusion,
			conclusionNote: meta.conclusionNote,
			state: meta.state,
			opinion: meta.opinion,
			screening: kit.dpia.screeningCriteria.map((c) => ({ id: c.id, label: pickText(c.label, lang), ticked: d.screening().get(c.id)?.ticked ?? false, note: d.screening().get(c.id)?.note ?? '' })),
			context: d.context(),
			agencyRoles: agencies.map((a) => ({ agency: a.id, role: d.agencyRoles().get(a.id) ?? '', by: attribution(roleAuthors.get(a.id)) })),
			categories: d.categories().map(({ id, name, sensitivity }) => ({ id, name, sensitivity })),
			risks: risks.map((r) => ({
				id: r.id,
				title: r.title,
				description: r.description,
				fearedEvent: r.fearedEvent,
				sources: r.sources,
				assets: r.assets,
				ownerAgency: r.ownerAgency,
				inherent: rated(r.inherent, kit),
				inherentRationale: r.inherentRationale,
				residual: rated(r.residual, kit),
				acceptance: isStanding(r.acceptance) ? { agency: r.acceptance.agencyId, by: attribution(r.acceptance), reason: r.acceptance.reason } : null,
				measures: measures.filter((m) => m.riskId === r.id).map(({ id, text, kind, agency, due, status }) => ({ id, text, kind, agency, due, status }))
			})),
			actionPlan: actionPlan(kit.scales.priority, risks, measures).map((row) => ({ risk: row.risk.title, band: row.band, measure: row.measure.text, agency: row.measure.agency, due: row.measure.due, status: row.measure.status }))
		};
	});
	const dpisp = collab.read(workshop.id, 'dpisp', (doc) => {
		const d = new DpispDoc(doc);
		const positions = d.positions();
		return {
			clauses: d.clauses().map((c, i) => {
				const mine = positions.filter((p) => p.clauseId === c.id);
				const blocks: Block[] = d.blocks(c.id);
				return {
					number: i + 1,
					id: c.id,
					title: c.title,
					blocks,
					text: blocksToText(blocks),
					status: clauseStatus(new Map<string, Position>(mine.map((p) => [p.agencyId, p.value])), agencyIds),
					positions: mine.map(({ agencyId, value, comment, author }) => ({ agency: agencyId, value, comment, by: attribution(author) }))
				};
			}),
			auditDecision: d.auditDecision().text,
			sharing: [...d.sharing()].map(([key, cell]) => ({ key, ...cell })).sort((a, b) => (a.key < b.key ? -1 : 1)),
			requests: d.requests().map(({ id, label, receiver, decider, days, logging }) => ({ id, label, receiver, decider, days, logging }))
		};
	});
	const terms = collab.read(workshop.id, 'terms', (doc) => {
		const t = new TermsDoc(doc);
		const current = t.current();
		const items = kit.terms.checklist.map((i) => i.id);
		return {
			version: current?.version ?? 0,
			text: current?.text ?? '',
			organisations: agencies.map((a) => ({ agency: a.id, status: current ? organisationStatus(a.id, items, t.reviews(), current.version) : 'not-started' }))
		};
	});
	const breach = collab.read(workshop.id, 'breach', (doc) => {
		const b = new BreachDoc(doc);
		const namedBy = b.peopleAuthors();
		return {
			steps: b.steps(),
			people: [...b.people()]
				.flatMap(([role, byAgency]) => [...byAgency].map(([agency, name]) => ({ role, agency, name, by: attribution(namedBy.get(`${role}|${agency}`)) })))
				.sort((x, y) => (`${x.role}|${x.agency}` < `${y.role}|${y.agency}` ? -1 : 1)),
			audit: b.audit()
		};
	});
	// The day's record: decisions as they were logged, and the questions parked for later.
	const record = collab.read(workshop.id, 'live', (doc) => {
		const live = new LiveDoc(doc);
		return {
			decisions: live.decisions().map((d) => ({ kind: d.kind, text: d.text, board: d.board, by: d.by, at: new Date(d.at).toISOString(), present: d.present })),
			parking: live.parking().map((q) => ({ text: q.text, owner: q.owner, by: q.by, done: q.done }))
		};
	});
	return {
		schema: SNAPSHOT_SCHEMA,
		version,
		workshop: { id: workshop.id, title: workshop.title, context: workshop.context, date: workshop.date, rolloutType: workshop.rolloutType, language: lang, kit: { id: kit.manifest.id, version: kit.manifest.version } },
		agencies: agencies.map((a) => ({ id: a.id, name: a.name, shortName: a.shortName, lead: a.id === leadAgencyId })),
		labels: {
			sensitivity: kit.dpia.sensitivityClasses.map((s) => ({ id: s.id, label: pickText(s.label, lang) })),
			bands: kit.scales.priority.bands.map((b) => ({ id: b.id, label: pickText(b.name, lang) })),
			recipients: kit.dpisp.recipients.map((r) => ({ id: r.id, label: pickText(r.label, lang) })),
			conditions: kit.dpisp.sharingConditions.map((r) => ({ id: r.id, label: pickText(r.label, lang) })),
			channels: [...kit.dpisp.channels, ...kit.breach.channels].map((r) => ({ id: r.id, label: pickText(r.label, lang) })),
			roles: kit.breach.roles.map((r) => ({ id: r.id, label: pickText(r.label, lang) })),
			attestations: kit.signing.attestations.map((a) => ({ id: a.id, text: pickText(a.text, lang) }))
		},
		dpia,
		dpisp,
		terms,
		breach,
		record
	};
}

export type ProtocolSnapshot = SnapshotData;
