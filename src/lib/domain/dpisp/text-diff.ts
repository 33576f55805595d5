import { diffWordsWithSpace } from 'diff';

/** A readable comparison of two texts, word by word. */
export interface DiffPart {
	kind: 'same' | 'added' | 'removed';
	text: string;
}

export function diffText(before: string, after: string): DiffPart[] {
	return diffWordsWithSpace(before, after).map((p) => ({ kind: p.added ? 'added' : p.removed ? 'removed' : 'same', text: p.value }));
}

export interface VersionClause {
	id: string;
	title: string;
	text: string;
}

export type ClauseChange =
	| { kind: 'added'; id: string; title: string; parts: DiffPart[] }
	| { kind: 'removed'; id: string; title: string; parts: DiffPart[] }
	| { kind: 'changed'; id: string; title: string; titleParts: DiffPart[]; parts: DiffPart[] }
	| { kind: 'same'; id: string; title: string };

/** Clause-by-clause comparison of two versions of a protocol (in the newer one's order). */
export function compareVersions(older: readonly VersionClause[], newer: readonly VersionClause[]): ClauseChange[] {
	const before = new Map(older.map((c) => [c.id, c]));
	const after = new Set(newer.map((c) => c.id));
	const out: ClauseChange[] = [];
	for (const c of newer) {
		const was = before.get(c.id);
		if (!was) out.push({ kind: 'added', id: c.id, title: c.title, parts: [{ kind: 'added', text: c.text }] });
		else if (was.text === c.text && was.title === c.title) out.push({ kind: 'same', id: c.id, title: c.title });
		else out.push({ kind: 'changed', id: c.id, title: c.title, titleParts: diffText(was.title, c.title), parts: diffText(was.text, c.text) });
	}
	for (const c of older) if (!after.has(c.id)) out.push({ kind: 'removed', id: c.id, title: c.title, parts: [{ kind: 'removed', text: c.text }] });
	return out;
}
