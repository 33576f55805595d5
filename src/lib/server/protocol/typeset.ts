import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { textDirection } from '../../domain/text-direction';
import { tint } from '../../domain/protocol/document-model';
import { isolate } from '../../domain/text';
import type { Part, ProtocolDocument } from './document';

/**
 * Typesets an exported document as a tagged PDF with Typst (shaping, the Unicode bidirectional
 * algorithm, right-to-left layout, PDF/UA-1). docs/architecture.md says why Typst and not pdfmake.
 *
 * The template below is the only Typst code that is ever compiled: the document itself arrives as
 * JSON through `sys.inputs` and is placed as strings, which Typst never reads as markup, so a clause
 * that reads `#read("/etc/passwd")` is printed as those characters. The compiler's workspace is an
 * empty folder of its own, and no package is ever imported (nothing is downloaded at run time).
 *
 * Fonts: Libertinus Serif, which ships inside the compiler package, for Latin, Greek and Cyrillic
 * scripts; Noto Naskh Arabic (package `@embedpdf/fonts-arabic`, SIL OFL) for Arabic.
 */

const require = createRequire(import.meta.url);
// the package exports only its main module (in dist/); the fonts are in fonts/ beside it
const ARABIC_FONTS = path.join(path.dirname(require.resolve('@embedpdf/fonts-arabic')), '..', 'fonts');

/** The template. `data` is the JSON built by `typesetData`. */
export const TEMPLATE = String.raw`
#let data = json(bytes(sys.inputs.data))
#set document(title: data.metaTitle, description: data.subject, keywords: data.keywords)
#set text(lang: data.lang, dir: if data.rtl { rtl } else { ltr }, font: ("Libertinus Serif", "Noto Naskh Arabic"), size: 10.5pt)
#set par(leading: 0.7em, spacing: 1em)
#set page(
  paper: "a4",
  margin: (x: 2cm, top: 2.4cm, bottom: 2.4cm),
  header: context {
    if here().page() > 2 {
      set text(size: 7.5pt, fill: luma(35%))
      data.running
      v(-0.4em)
      line(length: 100%, stroke: 0.4pt + luma(70%))
    }
  },
  footer: context {
    set text(size: 7.5pt, fill: luma(35%))
    align(center, [#here().page() / #counter(page).final().first()#if data.footer != "" [ · #data.footer]])
  },
)
#show heading.where(level: 1): it => { set text(size: 17pt); block(above: 1.4em, below: 0.9em, it) }
#show heading.where(level: 2): it => { set text(size: 13pt); block(above: 1.3em, below: 0.7em, it) }
#show heading.where(level: 3): it => { set text(size: 11pt); block(above: 1.1em, below: 0.6em, it) }
#set table(stroke: (x, y) => (top: if y == 0 { 0.6pt + luma(45%) } else { 0.3pt + luma(75%) }, bottom: 0.6pt + luma(45%)), inset: (x: 4pt, y: 3.5pt))

#let runs(p) = p.runs.map(r => {
  let c = text(r.text)
  if r.at("bold", default: false) { c = strong(c) }
  if r.at("italic", default: false) { c = emph(c) }
  c
}).join()

#let cell(s) = text(size: 8.5pt, s)

#let part(p) = {
  if p.kind == "heading" {
    heading(level: p.level, outlined: p.level <= 2, p.text)
  } else if p.kind == "paragraph" {
    if p.at("runs", default: none) != none { par(runs(p)) }
    else if p.at("bold", default: false) { par(strong(p.text)) }
    else { par(p.text) }
  } else if p.kind == "list" {
    list(..p.items.map(i => text(i)))
  } else if p.kind == "pagebreak" {
    pagebreak(weak: true)
  } else if p.kind == "table" and p.at("labelled", default: false) {
    block(above: 0.6em, below: 1em, table(
      columns: (auto, 1fr),
      ..p.rows.map(r => (cell(strong(r.at(0))), cell(r.at(1)))).flatten()
    ))
  } else if p.kind == "table" {
    block(above: 0.6em, below: 1em, table(
      columns: p.header.len() * (1fr,),
      table.header(..p.header.map(h => cell(strong(h)))),
      ..p.rows.flatten().map(c => cell(c))
    ))
  } else if p.kind == "matrix" {
    block(breakable: false, above: 0.9em, below: 1.1em, {
      par(strong(p.caption))
      figure(
        alt: p.alt,
        kind: table,
        supplement: none,
        numbering: none,
        table(
          columns: (auto,) + p.columns.len() * (1fr,),
          align: center + horizon,
          inset: (x: 4pt, y: 6pt),
          stroke: 0.5pt + white,
          fill: (x, y) => if x > 0 and y > 0 { let c = p.cells.at(y - 1).at(x - 1).colour; if c != none { rgb(c) } } else { luma(94%) },
          table.header(cell(strong(p.corner)), ..p.columns.map(c => cell(strong(c)))),
          ..p.rows.enumerate().map(((i, r)) => (cell(strong(r)),) + p.cells.at(i).map(c => text(size: 11pt, weight: "bold", c.text))).flatten()
        ),
      )
    })
  }
}

// The cover
#page(header: none, footer: none, {
  v(1fr)
  text(size: 9pt, fill: luma(35%), upper(data.brand))
  v(0.6em)
  line(length: 100%, stroke: 1.2pt)
  v(0.8em)
  text(size: 24pt, weight: "bold", data.title)
  v(0.4em)
  text(size: 14pt, data.subtitle)
  v(2.2em)
  for m in data.meta { par(text(size: 9pt, fill: luma(25%), m)) }
  v(2fr)
})

#outline(title: data.contents, depth: 2)
#pagebreak(weak: true)

#for p in data.parts { part(p) }
`;

/**
 * A cell's text with a place to break inside every run of more than 40 characters without a space
 * (a digest, a browser string, an address): a word wider than its column would otherwise run past
 * the page's edge. The mark is U+200B, invisible.
 */
function breakable(text: string): string {
	return text.replace(/\S{41,}/g, (word) => word.replace(/(.{16})(?=.)/gu, '$1\u200b'));
}

/**
 * The parts as the template takes them: every table row as wide as its header, long tokens
 * breakable, and heading levels that never skip one (a reader's outline and PDF/UA need 1, 2, 3 in
 * turn: level-3 headings straight under a level 1 become level 2, still siblings of each other).
 */
function forTemplate(parts: Part[]): Part[] {
	// the levels of the headings still open above this point; a heading's level is how many there are
	const open: number[] = [];
	return parts.map((part) => {
		if (part.kind === 'heading') {
			while (open.length > 0 && open[open.length - 1] >= part.level) open.pop();
			open.push(part.level);
			return { ...part, level: open.length as 1 | 2 | 3 };
		}
		if (part.kind === 'paragraph') return part.runs ? part : { ...part, text: own(part.text) };
		if (part.kind === 'list') return { ...part, items: part.items.map(own) };
		if (part.kind === 'matrix') return { ...part, cells: part.cells.map((row) => row.map((c) => ({ ...c, colour: c.colour ? tint(c.colour) : null }))) };
		if (part.kind !== 'table') return part;
		const width = part.labelled ? 2 : part.header.length;
		return { ...part, header: part.header.map(own), rows: part.rows.map((r) => Array.from({ length: width }, (_, i) => own(breakable(r[i] ?? '')))) };
	});
}

/**
 * A text isolated in its own direction (`isolate`: U+2068 … U+2069, any direction controls inside
 * removed): an English sentence in an Arabic protocol keeps its full stop at its end, an Arabic name
 * in an English table reads right to left, and neither reorders what surrounds it. Typst draws
 * nothing for the two marks. Headings are left as they are: their text also names the PDF's bookmarks.
 */
function own(text: string): string {
	return text ? isolate(text) : text;
}

export interface TypesetOptions {
	/** Printed at the foot of each page after the page number (the digest of a sealed protocol). */
	footer: string;
	/** The PDF's subject and keywords (a sealed protocol names its digest there). */
	subject?: string;
	keywords?: string[];
}

export function typesetData(doc: ProtocolDocument, options: TypesetOptions): Record<string, unknown> {
	const lang = (doc.language ?? 'en').split('-')[0].toLowerCase();
	return {
		lang,
		rtl: textDirection(lang) === 'rtl',
		brand: 'Accord',
		metaTitle: doc.title,
		title: own(doc.title),
		subtitle: own(doc.subtitle),
		meta: doc.meta.map(own),
		contents: doc.contentsLabel ?? 'Contents',
		running: doc.running ? own(doc.running) : `${own(doc.title)} · ${own(doc.subtitle)}`,
		footer: options.footer,
		subject: options.subject ?? doc.subtitle,
		keywords: options.keywords ?? [],
		parts: forTemplate(doc.parts)
	};
}

let compiler: NodeCompiler | null = null;

/**
 * One compiler per thread, made on first use (it loads its fonts once, about 50 ms). Its workspace,
 * the only folder Typst code could read from, is an empty one of its own.
 */
function theCompiler(): NodeCompiler {
	compiler ??= NodeCompiler.create({ workspace: fs.mkdtempSync(path.join(os.tmpdir(), 'accord-typst-')), fontArgs: [{ fontPaths: [ARABIC_FONTS] }] });
	return compiler;
}

export class TypesetError extends Error {}

function diagnostics(error: unknown): string {
	return error && typeof error === 'object' && 'shortDiagnostics' in error ? JSON.stringify((error as { shortDiagnostics: unknown }).shortDiagnostics) : String(error);
}

/**
 * The document as a tagged PDF that declares PDF/UA-1, not yet sealed. Typst checks the standard's
 * rules as it writes; should a document ever break one of them, the export still happens, as a
 * tagged PDF that does not claim the standard (the protocol matters more than the claim).
 */
export function typeset(doc: ProtocolDocument, options: TypesetOptions): Buffer {
	const c = theCompiler();
	const input = { mainFileContent: TEMPLATE, inputs: { data: JSON.stringify(typesetData(doc, options)) } };
	try {
		return c.pdf(input, { pdfStandard: 'ua-1' });
	} catch (error) {
		if (!diagnostics(error).includes('PDF/UA-1 error')) throw new TypesetError(`the PDF could not be typeset: ${diagnostics(error)}`);
		try {
			return c.pdf(input, { pdfTags: true });
		} catch (again) {
			throw new TypesetError(`the PDF could not be typeset: ${diagnostics(again)}`);
		}
	} finally {
		// keep memoised layouts of recent documents only
		c.evictCache(10);
	}
}
