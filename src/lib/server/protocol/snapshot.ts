import { pickText, type Kit } from '../../domain/kit-schema';
import { priorityBand } from '../../domain/dpia/scoring';
import type { CollabServer } from '../collab/collab-server';
import type { ServerBoard, SnapshotSections } from '../boards/board';
import type { Agency, Workshop } from '../repositories/types';
import { SNAPSHOT_SCHEMA, type SnapshotData } from '../../domain/protocol/export-schema';

/**
 * The frozen protocol: everything the agencies agreed, as plain data, in the shape
 * `domain/protocol/export-schema.ts` defines. Its canonical JSON (domain/protocol/canonical.ts) is
 * what is hashed and signed; docs/protocol-json.md documents every field.
 */

const SECTIONS = ['dpia', 'dpisp', 'terms', 'breach', 'record'] as const satisfies readonly (keyof SnapshotSections)[];

export function buildSnapshot(
	collab: CollabServer,
	boards: readonly ServerBoard[],
	workshop: Workshop,
	agencies: Agency[],
	kit: Kit,
	version: number,
	leadAgencyId: string,
	/** Annexes that come from the workshop rather than a board (the changes to the standard kit). */
	extraAnnexes: NonNullable<SnapshotData['annexes']> = []
): SnapshotData {
	const lang = workshop.language;
	// each board writes its own section, read once from its document
	const facts = { workshop, agencies, kit };
	const sections: Partial<SnapshotSections> = {};
	for (const board of boards) if (board.snapshot) Object.assign(sections, collab.read(workshop.id, board.id, (doc) => board.snapshot!(doc, facts)));
	const missing = SECTIONS.filter((key) => !sections[key]);
	if (missing.length > 0) throw new Error(`no board writes the ${missing.join(', ')} section of the protocol`);
	const { dpia, dpisp, terms, breach, record } = sections as SnapshotSections;
	const annexes = boards.flatMap((board) => {
		const annex = board.annex ? collab.read(workshop.id, board.id, (doc) => board.annex!(doc, facts)) : null;
		return annex ? [{ board: board.id, ...annex }] : [];
	}).concat(extraAnnexes);
	return {
		schema: SNAPSHOT_SCHEMA,
		version,
		workshop: { id: workshop.id, title: workshop.title, context: workshop.context, date: workshop.date, rolloutType: workshop.rolloutType, language: lang, kit: { id: kit.manifest.id, version: kit.manifest.version } },
		agencies: agencies.map((a) => ({ id: a.id, name: a.name, shortName: a.shortName, lead: a.id === leadAgencyId })),
		labels: {
			sensitivity: kit.dpia.sensitivityClasses.map((s) => ({ id: s.id, label: pickText(s.label, lang) })),
			bands: kit.scales.priority.bands.map((b) => ({ id: b.id, label: pickText(b.name, lang), colour: b.colour })),
			scales: {
				severity: { name: pickText(kit.scales.severity.name, lang), levels: kit.scales.severity.levels.map((l) => ({ level: l.level, label: pickText(l.name, lang) })) },
				likelihood: { name: pickText(kit.scales.likelihood.name, lang), levels: kit.scales.likelihood.levels.map((l) => ({ level: l.level, label: pickText(l.name, lang) })) },
				grid: kit.scales.likelihood.levels.map((l) => kit.scales.severity.levels.map((s) => priorityBand(kit.scales.priority, { severity: s.level, likelihood: l.level })))
			},
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
		record,
		// absent when no board adds one, so that a protocol without annexes hashes as it always did
		...(annexes.length > 0 ? { annexes } : {})
	};
}

export type ProtocolSnapshot = SnapshotData;
