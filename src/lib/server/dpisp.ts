import { DpiaDoc } from '../collab/dpia-doc';
import { DpispDoc } from '../collab/dpisp-doc';
import { blocksToText } from '../collab/rich-text';
import type { BoardState } from '../domain/boards';
import { clauseStatus, protocolReady, type Position } from '../domain/dpisp/positions';
import type { VersionClause } from '../domain/dpisp/text-diff';
import type { Actor, AuditLog } from './audit';
import type { CollabServer } from './collab/collab-server';
import { newId } from './ids';
import type { KitCatalogue } from './kits';
import type { ProtocolVersion, VersionRepository, Workshop, WorkshopRepository } from './repositories/types';

export interface ProtocolText {
	clauses: (VersionClause & { number: number })[];
}

/** The Step 7 board's server side: the protocol's text, board state, and named versions (seeding is in boards/dpisp.ts). */
export class DpispService {
	constructor(private readonly d: { collab: CollabServer; workshops: WorkshopRepository; kits: KitCatalogue; versions: VersionRepository; audit: AuditLog }) {}


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
