import { DpiaDoc } from '../collab/dpia-doc';
import { DpispDoc } from '../collab/dpisp-doc';
import { serverOrigin } from '../collab/origins';
import { blocksToText } from '../collab/rich-text';
import type { BoardState } from '../domain/boards';
import { fillPlaceholders, listNames } from '../domain/dpisp/placeholders';
import { clauseStatus, protocolReady, type Position } from '../domain/dpisp/positions';
import type { VersionClause } from '../domain/dpisp/text-diff';
import { pickText } from '../domain/kit-schema';
import type { Actor, AuditLog } from './audit';
import type { CollabServer } from './collab/collab-server';
import { newId } from './ids';
import type { KitCatalogue } from './kits';
import type { ProtocolVersion, VersionRepository, Workshop, WorkshopRepository } from './repositories/types';

export interface ProtocolText {
	clauses: (VersionClause & { number: number })[];
}

/** The Step 7 board's server side: seeding clauses from the kit with the workshop's facts filled in, board state, and named versions. */
export class DpispService {
	constructor(private readonly d: { collab: CollabServer; workshops: WorkshopRepository; kits: KitCatalogue; versions: VersionRepository; audit: AuditLog }) {}

	ensureSeeded(workshop: Workshop): void {
		const kit = this.d.kits.get(workshop.kitId);
		if (!kit) return;
		if (this.d.collab.read(workshop.id, 'dpisp', (doc) => new DpispDoc(doc).isSeeded())) return;
		const agencies = this.d.workshops.agencies(workshop.id);
		const lang = workshop.language;
		const values = {
			agencies: listNames(agencies.map((a) => `${a.name} (${a.shortName})`), lang),
			leadAgency: agencies[0] ? `${agencies[0].name} (${agencies[0].shortName})` : '',
			context: workshop.context,
			date: new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${workshop.date}T00:00:00Z`)),
			workshop: workshop.title
		};
		this.d.collab.transact(workshop.id, 'dpisp', (doc) =>
			new DpispDoc(doc).seed(
				{
					leadAgency: agencies[0]?.id ?? '',
					clauses: kit.dpisp.clauses.map((c, i) => ({
						clause: { id: c.id, title: pickText(c.title, lang), decision: pickText(c.decision, lang), guidance: pickText(c.guidance, lang), position: i + 1, catalogueId: c.id },
						text: fillPlaceholders(pickText(c.text, lang), values)
					})),
					requests: kit.dpisp.requestTypes.map((r, i) => ({
						id: r.id,
						label: pickText(r.label, lang),
						receiver: pickText(r.receiver, lang),
						decider: pickText(r.decider, lang),
						days: r.days,
						logging: pickText(r.logging, lang),
						position: i + 1
					}))
				},
				serverOrigin
			)
		);
	}

	/** The protocol as plain text, clause by clause, numbered as shown. */
	text(workshop: Workshop): ProtocolText {
		return this.d.collab.read(workshop.id, 'dpisp', (doc) => {
			const dpisp = new DpispDoc(doc);
			return { clauses: dpisp.clauses().map((c, i) => ({ id: c.id, number: i + 1, title: c.title, text: blocksToText(dpisp.blocks(c.id)) })) };
		});
	}

	state(workshop: Workshop): BoardState {
		const agencyIds = this.d.workshops.agencies(workshop.id).map((a) => a.id);
		return this.d.collab.read(workshop.id, 'dpisp', (doc) => {
			const dpisp = new DpispDoc(doc);
			if (!dpisp.isSeeded()) return 'not-started';
			const positions = dpisp.positions();
			const statuses = dpisp.clauses().map((c) => clauseStatus(new Map<string, Position>(positions.filter((p) => p.clauseId === c.id).map((p) => [p.agencyId, p.value])), agencyIds));
			if (protocolReady(statuses)) return 'ready';
			return positions.length > 0 ? 'in-progress' : 'not-started';
		});
	}

	/** Data categories from the DPIA's context, with their sensitivity, for the sharing matrix. */
	categories(workshop: Workshop): { id: string; name: string; sensitivity: string }[] {
		return this.d.collab.read(workshop.id, 'dpia', (doc) => new DpiaDoc(doc).categories().map(({ id, name, sensitivity }) => ({ id, name, sensitivity })));
	}

	saveVersion(workshop: Workshop, name: string, actor: Actor & { label: string }): ProtocolVersion {
		const version: ProtocolVersion = { id: newId(), workshopId: workshop.id, name, content: JSON.stringify(this.text(workshop)), createdBy: actor.label, createdAt: Date.now() };
		this.d.versions.add(version);
		this.d.audit.record('dpisp.version-saved', actor, { workshopId: workshop.id, target: name });
		return version;
	}

	versions(workshop: Workshop): { id: string; name: string; createdBy: string; createdAt: number; content: ProtocolText }[] {
		return this.d.versions.list(workshop.id).map((v) => ({ id: v.id, name: v.name, createdBy: v.createdBy, createdAt: v.createdAt, content: JSON.parse(v.content) as ProtocolText }));
	}
}
