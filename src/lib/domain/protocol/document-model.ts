/**
 * One neutral outline of the signed protocol that every export format and the signing page
 * render (PDF, DOCX, Markdown, HTML), so they always hold the same sections in the same order.
 */
export type Part =
	| { kind: 'heading'; level: 1 | 2 | 3; text: string }
	| { kind: 'paragraph'; text: string; bold?: boolean }
	| { kind: 'list'; items: string[] }
	| { kind: 'table'; header: string[]; rows: string[][] }
	| { kind: 'pagebreak' };

export interface ProtocolDocument {
	title: string;
	subtitle: string;
	meta: string[];
	parts: Part[];
}
