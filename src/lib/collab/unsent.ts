import * as Y from 'yjs';

/**
 * The words a person wrote that the server does not have: every string inserted after the given
 * state vector (the last state the server was known to hold). Shown when offline edits were
 * refused, so they can copy them instead of losing them silently.
 */
export function unsentTexts(doc: Y.Doc, confirmed: Uint8Array): string[] {
	const update = Y.encodeStateAsUpdate(doc, confirmed);
	const out: string[] = [];
	for (const struct of Y.decodeUpdate(update).structs) {
		if (!(struct instanceof Y.Item) || struct.deleted) continue;
		const content = struct.content;
		if (content instanceof Y.ContentString) out.push(content.str);
		else if (content instanceof Y.ContentAny) for (const value of content.arr) if (typeof value === 'string' && value.trim()) out.push(value);
	}
	// Consecutive characters typed into a text arrive as several items; join them back into lines.
	return out.filter((s) => s.trim().length > 0);
}
