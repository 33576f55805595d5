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
	/**
	 * A grid of counts (the risk matrix): `corner` and `columns` head the columns, each row starts
	 * with its name in `rows`; a cell's `colour` (#rrggbb) is its level's. `alt` says in words what
	 * the grid shows, for those who cannot see it.
	 */
	| { kind: 'matrix'; caption: string; corner: string; columns: string[]; rows: string[]; cells: MatrixCell[][]; alt: string }
	| { kind: 'pagebreak' };

export interface MatrixCell {
	text: string;
	colour: string | null;
}

/**
 * A level's colour lightened towards white (`share` of the colour is kept), so that dark text
 * reads on it whatever colour a kit gives its levels.
 */
export function tint(hex: string, share = 0.45): string {
	const channel = (i: number) => Math.round(parseInt(hex.slice(i, i + 2), 16) * share + 255 * (1 - share));
	return `#${[1, 3, 5].map((i) => channel(i).toString(16).padStart(2, '0')).join('')}`;
}

export interface ProtocolDocument {
	/** The language the document is written in (BCP 47): the PDF's language and direction, the DOCX's. */
	language?: string;
	/** "Contents", in that language. */
	contentsLabel?: string;
	/** The line atop each page after the contents (the workshop and the version); else title · subtitle. */
	running?: string;
	title: string;
	subtitle: string;
	meta: string[];
	parts: Part[];
}
