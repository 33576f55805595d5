import { DpispDoc } from '../collab/dpisp-doc';
import { serverOrigin } from '../collab/origins';
import type { Block } from '../collab/rich-text';
import { fillPlaceholders } from '../domain/dpisp/placeholders';
import { pickText, type Kit } from '../domain/kit-schema';
import { KIT_ID, kitDifferences, kitForSaving, parseKitChange, type KitChangeProblem, type KitDifference, type RecordedKitChange } from '../domain/kit-tailoring';
import { KIT_FILES } from '../domain/kit-schema';
import { validateKit } from '../domain/kit-validation';
import fs from 'node:fs';
import path from 'node:path';
import type { Actor, AuditLog } from './audit';
import { placeholderValues } from './boards/dpisp';
import type { CollabServer } from './collab/collab-server';
import { newId } from './ids';
import type { KitCatalogue } from './kits';
import type { KitChangeRepository, Member, ProtocolRepository, Workshop, WorkshopRepository } from './repositories/types';

/** The words of the "changes to the standard kit" annex, in the workshop's language (from the message catalogue, by the caller). */
export interface KitAnnexLabels {
	title: string;
	intro: string;
	change: string;
	by: string;
	parameters: Record<string, string>;
	removed: (risk: string) => string;
	added: (risk: string) => string;
	itemRemoved: (item: string) => string;
	itemAdded: (item: string) => string;
	parameter: (name: string, from: number, to: number) => string;
}

export type TailoringProblem = KitChangeProblem | 'forbidden' | 'frozen' | 'unknown-kit';

/**
 * Tailoring a workshop's kit before the day (issue 19): the facilitator's changes are recorded in
 * order and replayed over the standard kit by KitCatalogue.forWorkshop, so every board, the
 * pre-read pack and the frozen protocol see the workshop's kit. A new parameter value is written
 * into the clauses nobody has edited yet. Nothing changes once a version is frozen.
 */
export class KitTailoringService {
	constructor(
		private readonly d: {
			kits: KitCatalogue;
			changes: KitChangeRepository;
			collab: CollabServer;
			workshops: WorkshopRepository;
			protocols: ProtocolRepository;
			audit: AuditLog;
			/** Where kits are kept (KITS_DIR): a tailored kit saved as a new one is written there. */
			kitsDir: string;
		}
	) {
		d.kits.useTailoring((workshopId) => d.changes.list(workshopId));
	}

	changes(workshop: Workshop): RecordedKitChange[] {
		return this.d.changes.list(workshop.id);
	}

	/** What the workshop's kit changes from the standard one, net, with who made each change. */
	differences(workshop: Workshop): KitDifference[] {
		const standard = this.d.kits.standardFor(workshop);
		return standard ? kitDifferences(standard, this.changes(workshop)) : [];
	}

	record(workshop: Workshop, member: Member, input: Record<string, string>, actor: Actor): { ok: true; clausesUpdated: number } | { ok: false; problem: TailoringProblem } {
		if (member.role !== 'facilitator') return { ok: false, problem: 'forbidden' };
		if (this.d.protocols.activeFreeze(workshop.id)) return { ok: false, problem: 'frozen' };
		const standard = this.d.kits.standardFor(workshop);
		const before = this.d.kits.forWorkshop(workshop);
		if (!standard || !before) return { ok: false, problem: 'unknown-kit' };
		const parsed = parseKitChange(input, standard, this.changes(workshop), newId);
		if (!parsed.ok) return parsed;
		this.d.changes.add(workshop.id, { id: newId(), at: Date.now(), by: { userId: member.userId, name: member.name }, change: parsed.change });
		this.d.kits.invalidate(workshop.id);
		const after = this.d.kits.forWorkshop(workshop)!;
		const clausesUpdated = parsed.change.type === 'parameter' ? this.#refillClauses(workshop, before, after) : 0;
		this.d.audit.record('kit.tailored', actor, { workshopId: workshop.id, target: parsed.change.type, details: { change: parsed.change, clausesUpdated } });
		return { ok: true, clausesUpdated };
	}

	/**
	 * Saves the workshop's kit as a new kit in the kits folder, for the next country: checked
	 * against the kit schema before anything is written, never over an existing kit, written aside
	 * and moved in whole; then offered for new workshops at once (and by `kits-check` on disk).
	 */
	saveAsKit(workshop: Workshop, member: Member, input: { id: string; name: string; note: string }, actor: Actor): { ok: true; id: string } | { ok: false; problem: 'forbidden' | 'bad-id' | 'no-name' | 'exists' | 'unknown-kit' | 'invalid' } {
		if (member.role !== 'facilitator') return { ok: false, problem: 'forbidden' };
		const id = input.id.trim();
		const name = input.name.trim().slice(0, 200);
		if (!KIT_ID.test(id)) return { ok: false, problem: 'bad-id' };
		if (!name) return { ok: false, problem: 'no-name' };
		const base = this.d.kits.get(workshop.kitId);
		if (!base) return { ok: false, problem: 'unknown-kit' };
		const dir = path.join(this.d.kitsDir, id);
		if (this.d.kits.get(id) || fs.existsSync(dir)) return { ok: false, problem: 'exists' };
		const kit = kitForSaving(base, this.changes(workshop), workshop.language, { id, name, note: input.note.trim().slice(0, 2000) || name });
		const checked = validateKit(kit as unknown as Record<keyof typeof KIT_FILES, unknown>, id);
		if (!checked.ok) return { ok: false, problem: 'invalid' };
		const partial = `${dir}.partial-${process.pid}`;
		fs.mkdirSync(partial, { recursive: true });
		for (const [key, { file }] of Object.entries(KIT_FILES)) fs.writeFileSync(path.join(partial, file), `${JSON.stringify(kit[key as keyof typeof KIT_FILES], null, '\t')}\n`);
		fs.renameSync(partial, dir);
		this.d.kits.add(checked.kit);
		this.d.audit.record('kit.saved', actor, { workshopId: workshop.id, target: id, details: { from: `${base.manifest.id}@${base.manifest.version}`, changes: this.changes(workshop).length } });
		return { ok: true, id };
	}

	/** Writes the new parameter values into every clause still as the kit seeded it. */
	#refillClauses(workshop: Workshop, before: Kit, after: Kit): number {
		const agencies = this.d.workshops.agencies(workshop.id);
		const oldValues = placeholderValues({ workshop, agencies, kit: before });
		const newValues = placeholderValues({ workshop, agencies, kit: after });
		let updated = 0;
		this.d.collab.transact(workshop.id, 'dpisp', (doc) => {
			const dpisp = new DpispDoc(doc);
			for (const clause of dpisp.clauses()) {
				const source = after.dpisp.clauses.find((c) => c.id === clause.catalogueId);
				if (!source) continue;
				const text = pickText(source.text, workshop.language);
				const seeded = fillPlaceholders(text, oldValues);
				const next = fillPlaceholders(text, newValues);
				if (seeded !== next && dpisp.replaceSeededText(clause.id, seeded, next, serverOrigin)) updated++;
			}
		});
		return updated;
	}

	/** The annex of the frozen protocol: each difference from the standard kit, who made it and when (null when there is none). */
	annex(workshop: Workshop, l: KitAnnexLabels, titleOf: (kind: 'risk' | 'item', id: string) => string): { title: string; blocks: Block[] } | null {
		const differences = this.differences(workshop);
		if (differences.length === 0) return null;
		const describe = (d: KitDifference) => {
			if (d.kind === 'parameter') return l.parameter(l.parameters[d.key] ?? d.key, d.from, d.to);
			if (d.kind === 'risk-removed') return l.removed(titleOf('risk', d.riskId));
			if (d.kind === 'risk-added') return l.added(d.title);
			if (d.kind === 'terms-item-removed') return l.itemRemoved(titleOf('item', d.itemId));
			return l.itemAdded(d.title);
		};
		return {
			title: l.title,
			blocks: [
				{ type: 'paragraph', text: l.intro },
				{ type: 'table', rows: [[l.change, l.by], ...differences.map((d) => [describe(d), `${d.by}, ${new Date(d.at).toISOString().slice(0, 16).replace('T', ' ')}`])] }
			]
		};
	}
}
