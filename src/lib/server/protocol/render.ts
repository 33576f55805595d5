import { createRequire } from 'node:module';
import path from 'node:path';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { AlignmentType, Document, HeadingLevel, Packer, PageBreak, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { PDFDocument } from 'pdf-lib';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { InstanceKey } from '../signing/instance-key';
import type { ProtocolDocument } from './document';
import { ATTACHED_EXPORT } from './seal';

const require = createRequire(import.meta.url);
const FONTS = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
let fontsReady = false;

function setUpPdfmake(): void {
	if (fontsReady) return;
	pdfmake.addFonts({
		Roboto: {
			normal: path.join(FONTS, 'Roboto-Regular.ttf'),
			bold: path.join(FONTS, 'Roboto-Medium.ttf'),
			italics: path.join(FONTS, 'Roboto-Italic.ttf'),
			bolditalics: path.join(FONTS, 'Roboto-MediumItalic.ttf')
		}
	});
	// A document definition can never fetch a URL or read a file other than the fonts.
	pdfmake.setUrlAccessPolicy(() => false);
	pdfmake.setLocalAccessPolicy((file: string) => path.resolve(file).startsWith(FONTS));
	fontsReady = true;
}

/**
 * A cell's text with a place to break inside every run of more than 40 characters without a space
 * (a digest, a browser string, an address): pdfmake breaks lines only between words, and a word
 * wider than its column pushed the whole table past the page's edge. The mark is U+200B, invisible.
 */
function breakable(text: string): string {
	return text.replace(/\S{41,}/g, (word) => word.replace(/(.{16})(?=.)/gu, '$1\u200b'));
}

/** The PDF as pdfmake lays it out, before any seal: `footer` runs at the foot of each page after the page number. */
async function layOut(doc: ProtocolDocument, footer: string, info: TDocumentDefinitions['info']): Promise<Buffer> {
	setUpPdfmake();
	const content: Content[] = [
		{ text: doc.title, style: 'title' },
		{ text: doc.subtitle, style: 'subtitle' },
		...doc.meta.map((line) => ({ text: line, style: 'meta' })),
		{ toc: { title: { text: 'Contents', style: 'h2' } }, pageBreak: 'before' },
		{ text: '', pageBreak: 'after' }
	];
	for (const part of doc.parts) {
		if (part.kind === 'heading') content.push({ text: part.text, style: `h${part.level}`, tocItem: part.level <= 2, tocMargin: [(part.level - 1) * 12, 0, 0, 0] });
		else if (part.kind === 'paragraph' && part.runs) content.push({ text: part.runs.map((r) => ({ text: r.text, bold: r.bold, italics: r.italic })), margin: [0, 2, 0, 4] });
		else if (part.kind === 'paragraph') content.push({ text: part.text, bold: part.bold, margin: [0, 2, 0, 4] });
		else if (part.kind === 'list') content.push({ ul: part.items, margin: [0, 2, 0, 6] });
		else if (part.kind === 'pagebreak') content.push({ text: '', pageBreak: 'after' });
		else if (part.labelled) {
			// a certificate: labels as wide as they need, values take the rest of the line and wrap within it
			content.push({
				table: { widths: ['auto', '*'], body: part.rows.map((r) => [{ text: r[0] ?? '', bold: true }, breakable(r[1] ?? '')]) },
				layout: 'lightHorizontalLines',
				fontSize: 8,
				margin: [0, 4, 0, 8]
			});
		} else {
			const widths = part.header.map(() => '*');
			content.push({
				table: { headerRows: 1, widths, body: [part.header.map((text) => ({ text, bold: true })), ...part.rows.map((r) => part.header.map((_, i) => breakable(r[i] ?? '')))] },
				layout: 'lightHorizontalLines',
				fontSize: 8,
				margin: [0, 4, 0, 8]
			});
		}
	}
	const definition: TDocumentDefinitions = {
		info,
		pageSize: 'A4',
		pageMargins: [50, 50, 50, 60],
		defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.25 },
		// from the first page after the contents, each page says which document it belongs to
		header: (page: number) => (page > 2 ? { text: `${doc.title} · ${doc.subtitle}`, fontSize: 7, color: '#666666', margin: [50, 25, 50, 0] } : null),
		footer: (page: number, count: number) => ({ text: footer ? `${page} / ${count} · ${footer}` : `${page} / ${count}`, alignment: 'center', fontSize: 7, color: '#666666', margin: [0, 20, 0, 0] }),
		styles: {
			title: { fontSize: 22, bold: true, margin: [0, 120, 0, 10] },
			subtitle: { fontSize: 13, margin: [0, 0, 0, 20] },
			meta: { fontSize: 8, color: '#444444', margin: [0, 2, 0, 2] },
			h1: { fontSize: 16, bold: true, margin: [0, 10, 0, 8] },
			h2: { fontSize: 13, bold: true, margin: [0, 8, 0, 4] },
			h3: { fontSize: 11, bold: true, margin: [0, 6, 0, 3] }
		},
		content
	};
	return Buffer.from(await pdfmake.createPdf(definition).getBuffer());
}

/** A PDF that carries no seal: a working document such as the pre-read pack. */
export async function renderPlainPdf(doc: ProtocolDocument): Promise<Buffer> {
	return layOut(doc, '', { title: doc.title, creator: 'Accord', producer: 'Accord' });
}

/**
 * The PDF, then sealed by the instance (ETSI.CAdES.detached), with the snapshot digest in its
 * metadata and the sealed JSON export attached, so that whoever holds the file can see what exactly
 * was signed and check it without the instance.
 */
export async function renderPdf(doc: ProtocolDocument, digest: string, key: InstanceKey, sealedExport: string): Promise<Buffer> {
	const unsigned = await layOut(doc, `${digest.slice(0, 16)}…`, { title: doc.title, subject: `accord-digest:${digest}`, keywords: `accord digest ${digest}`, creator: 'Accord', producer: 'Accord' });
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

export async function renderDocx(doc: ProtocolDocument): Promise<Buffer> {
	const children: (Paragraph | Table)[] = [
		new Paragraph({ text: doc.title, heading: HeadingLevel.TITLE }),
		new Paragraph({ text: doc.subtitle }),
		...doc.meta.map((line) => new Paragraph({ children: [new TextRun({ text: line, size: 16 })] }))
	];
	const headings = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
	for (const part of doc.parts) {
		if (part.kind === 'heading') children.push(new Paragraph({ text: part.text, heading: headings[part.level] }));
		else if (part.kind === 'paragraph') children.push(new Paragraph({ children: (part.runs ?? [{ text: part.text, bold: part.bold }]).map((r) => new TextRun({ text: r.text, bold: r.bold, italics: r.italic })) }));
		else if (part.kind === 'list') for (const item of part.items) children.push(new Paragraph({ text: item, bullet: { level: 0 } }));
		else if (part.kind === 'pagebreak') children.push(new Paragraph({ children: [new PageBreak()] }));
		else {
			const row = (cells: string[], bold = false) =>
				new TableRow({ children: part.header.map((_, i) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: cells[i] ?? '', bold, size: 18 })], alignment: AlignmentType.LEFT })] })) });
			const rows = part.labelled ? part.rows.map((r) => row(r)) : [row(part.header, true), ...part.rows.map((r) => row(r))];
			children.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, ...(part.labelled ? { columnWidths: [2800, 6200] } : {}), rows }));
			children.push(new Paragraph({ text: '' }));
		}
	}
	return Packer.toBuffer(new Document({ creator: 'Accord', title: doc.title, sections: [{ children }] }));
}
