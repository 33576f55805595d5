/**
 * One neutral outline of the signed protocol that every export format and the signing page
 * render (PDF, DOCX, Markdown, HTML), so they always hold the same sections in the same order.
 */

/** A stretch of a paragraph with its emphasis (the Terms are written in Markdown: `**Access.**`). */
export interface Run {
	text: string;
	bold?: boolean;
	italic?: boolean;
}

export type Part =
	| { kind: 'heading'; level: 1 | 2 | 3; text: string }
	/** `text` is the whole paragraph; `runs`, when present, the same text with its emphasis. */
	| { kind: 'paragraph'; text: string; bold?: boolean; runs?: Run[] }
	| { kind: 'list'; items: string[] }
	/** `labelled`: a two-column table of labels and values (a signature certificate), with no header row. */
	| { kind: 'table'; header: string[]; rows: string[][]; labelled?: boolean }
	| { kind: 'pagebreak' };

export interface ProtocolDocument {
	/** The language the document is written in (BCP 47): the PDF's language and direction, the DOCX's. */
	language?: string;
	/** "Contents", in that language. */
	contentsLabel?: string;
	title: string;
	subtitle: string;
	meta: string[];
	parts: Part[];
}
