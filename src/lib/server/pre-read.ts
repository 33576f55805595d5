import { AgendaDoc } from '../collab/agenda-doc';
import { DpiaDoc } from '../collab/dpia-doc';
import { DpispDoc } from '../collab/dpisp-doc';
import { CONTEXT_FIELDS } from '../collab/dpia-records';
import { pickText } from '../domain/kit-schema';
import { PARAMETER_KEYS } from '../domain/kit-tailoring';
import type { CollabServer } from './collab/collab-server';
import type { KitCatalogue } from './kits';
import type { Part, ProtocolDocument } from './protocol/document';
import type { Renderer } from './protocol/render-pool';
import type { Workshop } from './repositories/types';

/** The words of the pre-read pack, in the workshop's language (from the message catalogue, by the caller). */
export interface PreReadLabels {
	/** The workshop's language, which the document is written in, and "Contents" in it. */
	language: string;
	contents: string;
	title: string;
	note: string;
	purpose: string;
	purposeText: string;
	agenda: string;
	item: string;
	minutes: string;
	owner: string;
	method: string;
	scoring: string;
	positions: string;
	scale: (name: string) => string;
	level: string;
	meaning: string;
	parameters: string;
	parameterNames: Record<string, string>;
	context: string;
	contextFields: Record<string, string>;
	notDrafted: string;
	risks: string;
	risksIntro: string;
	clauses: string;
}

/**
 * The pack participants read before the day (issue 19), made from the workshop as it stands: the
 * tailored kit's scales and parameters, the agenda board, the DPIA's context and risks, the
 * catalogue risks kept for this workshop, and the protocol's draft clauses. One document, rendered
 * as PDF (unsealed: it is a working paper), DOCX, or shown in the browser.
 */
export class PreReadService {
	constructor(private readonly d: { collab: CollabServer; kits: KitCatalogue; render: Renderer }) {}

	document(workshop: Workshop, l: PreReadLabels): ProtocolDocument | null {
		const kit = this.d.kits.forWorkshop(workshop);
		if (!kit) return null;
		const lang = workshop.language;
		const boards = kit.manifest.boards;
		const parts: Part[] = [];
		const h = (level: 1 | 2 | 3, text: string) => parts.push({ kind: 'heading', level, text });
		const p = (text: string) => parts.push({ kind: 'paragraph', text });

		h(1, l.purpose);
		p(l.purposeText);
		const agenda = this.d.collab.read(workshop.id, 'agenda', (doc) => new AgendaDoc(doc).items());
		if (agenda.length > 0) {
			h(2, l.agenda);
			parts.push({ kind: 'table', header: [l.item, l.minutes, l.owner], rows: agenda.map((a) => [a.title, String(a.minutes), a.owner]) });
		}

		h(1, l.method);
		p(l.scoring);
		for (const scale of [kit.scales.severity, kit.scales.likelihood]) {
			h(3, l.scale(pickText(scale.name, lang)));
			parts.push({ kind: 'table', header: [l.level, l.meaning], rows: scale.levels.map((v) => [`${v.level} · ${pickText(v.name, lang)}`, pickText(v.definition, lang)]) });
		}
		p(l.positions);

		h(1, l.parameters);
		parts.push({ kind: 'list', items: PARAMETER_KEYS.map((key) => `${l.parameterNames[key] ?? key}: ${kit.dpisp.parameters[key]}`) });

		if (boards.includes('dpia')) {
			const { context, risks } = this.d.collab.read(workshop.id, 'dpia', (doc) => {
				const dpia = new DpiaDoc(doc);
				return { context: dpia.context(), risks: dpia.risks() };
			});
			h(1, l.context);
			for (const field of CONTEXT_FIELDS) {
				h(3, l.contextFields[field] ?? field);
				p(context[field].trim() || l.notDrafted);
			}
			h(1, l.risks);
			p(l.risksIntro);
			const onBoard = new Set(risks.map((r) => r.catalogueId).filter(Boolean));
			const listed = [
				...risks.map((r) => (r.description ? `${r.title}: ${r.description}` : r.title)),
				...kit.dpia.risks.filter((r) => !onBoard.has(r.id)).map((r) => `${pickText(r.title, lang)}: ${pickText(r.description, lang)}`)
			];
			parts.push({ kind: 'list', items: listed });
		}

		if (boards.includes('dpisp')) {
			h(1, l.clauses);
			const clauses = this.d.collab.read(workshop.id, 'dpisp', (doc) => {
				const dpisp = new DpispDoc(doc);
				return dpisp.clauses().map((c) => ({ title: c.title, blocks: dpisp.blocks(c.id) }));
			});
			clauses.forEach((c, i) => {
				h(2, `${i + 1}. ${c.title}`);
				for (const b of c.blocks) {
					if (b.type === 'list') parts.push({ kind: 'list', items: b.items });
					else if (b.type === 'table') parts.push({ kind: 'table', header: b.rows[0] ?? [], rows: b.rows.slice(1) });
					else if (b.text.trim()) parts.push({ kind: 'paragraph', text: b.text, bold: b.type === 'heading' });
				}
			});
		}
		return { language: workshop.language, contentsLabel: l.contents, title: l.title, subtitle: `${workshop.title} · ${workshop.context} · ${workshop.date}`, meta: [l.note], parts };
	}

	async file(workshop: Workshop, format: 'pdf' | 'docx', l: PreReadLabels): Promise<{ name: string; type: string; body: Uint8Array } | null> {
		const doc = this.document(workshop, l);
		if (!doc) return null;
		const body = await this.d.render(format === 'pdf' ? { kind: 'plain-pdf', doc } : { kind: 'docx', doc });
		return {
			name: `pre-read-${workshop.date}.${format}`,
			type: format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			body
		};
	}
}
