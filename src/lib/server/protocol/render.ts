import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { Document, HeadingLevel, Packer, PageBreak, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { PDFDocument } from 'pdf-lib';
import { tint } from '../../domain/protocol/document-model';
import { hasRtlLetters, textDirection } from '../../domain/text-direction';
import type { InstanceKey } from '../signing/instance-key';
import type { ProtocolDocument } from './document';
import { ATTACHED_EXPORT } from './seal';
import { typeset } from './typeset';

/** A PDF that carries no seal: a working document such as the pre-read pack. */
export async function renderPlainPdf(doc: ProtocolDocument): Promise<Buffer> {
	return typeset(doc, { footer: '' });
}

/**
 * The PDF, then sealed by the instance (ETSI.CAdES.detached), with the snapshot digest in its
 * metadata and the sealed JSON export attached, so that whoever holds the file can see what exactly
 * was signed and check it without the instance.
 */
export async function renderPdf(doc: ProtocolDocument, digest: string, key: InstanceKey, sealedExport: string): Promise<Buffer> {
	const unsigned = typeset(doc, { footer: `${digest.slice(0, 16)}…`, subject: `accord-digest:${digest}`, keywords: ['accord', `digest ${digest}`] });
	const pdf = await PDFDocument.load(unsigned);
	await pdf.attach(Buffer.from(sealedExport, 'utf8'), ATTACHED_EXPORT, {
		mimeType: 'application/json',
		description: 'The signed protocol as data (accord.export/1), sealed by the same certificate',
		creationDate: new Date(0),
		modificationDate: new Date(0)
	});
	pdflibAddPlaceholder({ pdfDoc: pdf, reason: `Accord seal of protocol ${digest}`, contactInfo: key.fingerprint, name: key.subject, location: 'Accord', subFilter: 'ETSI.CAdES.detached', signatureLength: 16384 });
	const withPlaceholder = Buffer.from(await pdf.save({ useObjectStreams: false }));
	return new SignPdf().sign(withPlaceholder, new P12Signer(key.p12, { passphrase: key.passphrase }));
}

/**
 * The DOCX. A document in a right-to-left language is marked so throughout, so that Word and
 * LibreOffice open it the right way round: every paragraph bidirectional (w:bidi), every table laid
 * out from the right (w:bidiVisual), and each run holding Arabic or Hebrew letters right to left
 * (w:rtl), with the document's language on every run.
 */
export async function renderDocx(doc: ProtocolDocument): Promise<Buffer> {
	const lang = doc.language ?? 'en';
	const rtl = textDirection(lang) === 'rtl';
	const run = (text: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}) =>
		new TextRun({ text, ...options, ...(rtl ? { rightToLeft: hasRtlLetters(text), language: { value: lang, bidirectional: lang } } : {}) });
	const paragraph = (children: (TextRun | PageBreak)[], options: { heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]; bullet?: { level: number } } = {}) =>
		new Paragraph({ children, ...options, ...(rtl ? { bidirectional: true } : {}) });
	const children: (Paragraph | Table)[] = [
		paragraph([run(doc.title)], { heading: HeadingLevel.TITLE }),
		paragraph([run(doc.subtitle)]),
		...doc.meta.map((line) => paragraph([run(line, { size: 16 })]))
	];
	const headings = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
	for (const part of doc.parts) {
		if (part.kind === 'heading') children.push(paragraph([run(part.text)], { heading: headings[part.level] }));
		else if (part.kind === 'paragraph') children.push(paragraph((part.runs ?? [{ text: part.text, bold: part.bold }]).map((r) => run(r.text, { bold: r.bold, italics: r.italic }))));
		else if (part.kind === 'list') for (const item of part.items) children.push(paragraph([run(item)], { bullet: { level: 0 } }));
		else if (part.kind === 'pagebreak') children.push(paragraph([new PageBreak()]));
		else if (part.kind === 'matrix') {
			// the risk matrix: its caption, then the grid, each cell shaded in its level's colour
			const cell = (text: string, colour: string | null = null, bold = true) =>
				new TableCell({ children: [paragraph([run(text, { bold, size: 18 })])], ...(colour ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: tint(colour).slice(1) } } : {}) });
			const rows = [new TableRow({ tableHeader: true, children: [part.corner, ...part.columns].map((text) => cell(text)) }), ...part.rows.map((r, i) => new TableRow({ children: [cell(r), ...part.cells[i].map((c) => cell(c.text, c.colour))] }))];
			children.push(paragraph([run(part.caption, { bold: true })]), new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, ...(rtl ? { visuallyRightToLeft: true } : {}), rows }), paragraph([]));
		} else {
			const row = (cells: string[], bold = false) => new TableRow({ tableHeader: bold, children: part.header.map((_, i) => new TableCell({ children: [paragraph([run(cells[i] ?? '', { bold, size: 18 })])] })) });
			const rows = part.labelled ? part.rows.map((r) => row(r)) : [row(part.header, true), ...part.rows.map((r) => row(r))];
			children.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, ...(part.labelled ? { columnWidths: [2800, 6200] } : {}), ...(rtl ? { visuallyRightToLeft: true } : {}), rows }));
			children.push(paragraph([]));
		}
	}
	return Packer.toBuffer(new Document({ creator: 'Accord', title: doc.title, sections: [{ children }] }));
}
