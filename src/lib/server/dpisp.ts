import { DpiaDoc } from '../collab/dpia-doc';
import { DpispDoc } from '../collab/dpisp-doc';
import { serverOrigin } from '../collab/origins';
import { blocksToText } from '../collab/rich-text';
import type { BoardState } from '../domain/boards';
import { clauseStatus, protocolReady, type Position } from '../domain/dpisp/positions';
import type { VersionClause } from '../domain/dpisp/text-diff';
import type { Kit } from '../domain/kit-schema';
import { shownName, type Actor, type AuditLog } from './audit';
import type { WorkshopBoards } from './boards/workshop-boards';
import type { CollabServer } from './collab/collab-server';
import { newId } from './ids';
import type { KitCatalogue } from './kits';
import type { ProtocolVersion, VersionRepository, Workshop, WorkshopRepository } from './repositories/types';

export interface ProtocolText {
	clauses: (VersionClause & { number: number })[];
}

/** The Step 7 board's server side: the protocol's text, board state, and named versions (seeding is in boards/dpisp.ts). */
export class DpispService {
	constructor(private readonly d: { collab: CollabServer; boards: WorkshopBoards; workshops: WorkshopRepository; kits: KitCatalogue; versions: VersionRepository; audit: AuditLog }) {
		// Agreement follows the annexes: a change to the sharing matrix, the data-request procedure or
		// the escalation chain withdraws the agreements given to the clause the annex belongs to, as an
		// edit to the clause's own text does.
		d.boards.onWrite('dpisp', (workshopId, paths, writer) => {
			const touched = new Set(paths.map((p) => p[0]));
			if (touched.has('sharing')) this.#withdraw(workshopId, 'sharing', writer.name);
			if (touched.has('requests')) this.#withdraw(workshopId, 'requests', writer.name);
		});
		d.boards.onWrite('breach', (workshopId, paths, writer) => {
			if (paths.some((p) => p[0] === 'steps')) this.#withdraw(workshopId, 'breachChain', writer.name);
		});
	}

	#withdraw(workshopId: string, annex: keyof Kit['dpisp']['annexClauses'], by: string): void {
		const workshop = this.d.workshops.get(workshopId);
		const clauseId = workshop && this.d.kits.forWorkshop(workshop)?.dpisp.annexClauses[annex];
		if (!clauseId) return;
		this.d.collab.transact(workshopId, 'dpisp', (doc) => {
			const dpisp = new DpispDoc(doc);
			if (dpisp.positions().some((p) => p.clauseId === clauseId && (p.value === 'agree' || p.value === 'reservation'))) dpisp.resetAgreements(clauseId, by, Date.now(), serverOrigin);
		});
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
		const version: ProtocolVersion = { id: newId(), workshopId: workshop.id, name, content: JSON.stringify(this.text(workshop)), createdBy: shownName(actor), createdAt: Date.now() };
		this.d.versions.add(version);
		this.d.audit.record('dpisp.version-saved', actor, { workshopId: workshop.id, target: name });
		return version;
	}

	versions(workshop: Workshop): { id: string; name: string; createdBy: string; createdAt: number; content: ProtocolText }[] {
		return this.d.versions.list(workshop.id).map((v) => ({ id: v.id, name: v.name, createdBy: v.createdBy, createdAt: v.createdAt, content: JSON.parse(v.content) as ProtocolText }));
	}
}
