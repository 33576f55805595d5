import { strToU8, zipSync } from 'fflate';
import { toCsv } from '../../domain/dpia/csv';
import type { Freeze, SignatureRecord, StoredExport } from '../repositories/types';
import type { InstanceKey } from '../signing/instance-key';
import { outline } from './document';
import type { ExportLabels } from './labels';
import { renderMarkdown } from './markdown';
import type { ExportFormat } from './protocol-service';
import type { Renderer } from './render-pool';
import type { ProtocolSnapshot } from './snapshot';

/** What one export file is made from. */
export interface ExportMaking {
	/** The workshop's date, in the file's name. */
	date: string;
	version: number;
	format: ExportFormat;
	labels: ExportLabels;
	freeze: Freeze;
	snapshot: ProtocolSnapshot;
	signatures: SignatureRecord[];
	auditHead: { entry: number; hash: string } | null;
	/** The sealed JSON export, as text: the JSON file itself, and attached inside the PDF. */
	sealed: string;
	key: InstanceKey;
	render: Renderer;
}

/** Renders one export of a frozen version: every format comes from the same outline (document.ts). PDF and DOCX go to the render worker. */
export async function makeExportFile(m: ExportMaking): Promise<StoredExport> {
	const { version, format, labels, freeze, snapshot, signatures, auditHead, sealed } = m;
	const doc = outline(snapshot, freeze.digest, signatures, labels, m.key.fingerprint, auditHead);
	const base = `protocol-${m.date}-v${version}`;
	const csv = () => toCsv([[labels.columns.risk, labels.columns.level, labels.columns.measure, labels.columns.owner, labels.columns.due, labels.columns.status], ...snapshot.dpia.actionPlan.map((a) => [a.risk, a.band ?? '', a.measure, snapshot.agencies.find((x) => x.id === a.agency)?.shortName ?? '', a.due, a.status])]);
	const { p12, passphrase, fingerprint, subject } = m.key;
	const pdf = () => m.render({ kind: 'pdf', doc, digest: freeze.digest, key: { p12, passphrase, fingerprint, subject }, sealedExport: sealed });
	const docx = () => m.render({ kind: 'docx', doc });
	if (format === 'pdf') return { body: await pdf(), type: 'application/pdf', name: `${base}.pdf` };
	if (format === 'docx') return { body: await docx(), type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', name: `${base}.docx` };
	if (format === 'md') return { body: strToU8(renderMarkdown(doc)), type: 'text/markdown; charset=utf-8', name: `${base}.md` };
	if (format === 'json') return { body: strToU8(sealed), type: 'application/json', name: `${base}.json` };
	if (format === 'csv') return { body: strToU8(csv()), type: 'text/csv; charset=utf-8', name: `${base}-action-plan.csv` };
	const zip = zipSync({
		[`${base}.pdf`]: await pdf(),
		[`${base}.docx`]: await docx(),
		[`${base}.md`]: strToU8(renderMarkdown(doc)),
		[`${base}.json`]: strToU8(sealed),
		[`${base}-action-plan.csv`]: strToU8(csv())
	});
	return { body: zip, type: 'application/zip', name: `${base}.zip` };
}
