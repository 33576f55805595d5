import * as Y from 'yjs';
import type { TransactionOrigin } from './origins';
import { newRecord, readNumber, readString, writeFields, type RecordMap } from './y-records';

/**
 * Who did what a board records as someone's act (an agency's position, a comment, a focal point, an
 * agency's role), stamped by the server from the account of the connection that wrote it. Clients
 * never write here (every board lists `authors` among its server-owned roots), so no one can take a
 * position, comment or name a focal point under someone else's name.
 *
 *   authors  Y.Map<"<root>/<key>", Y.Map { userId, name, agencyId, at }>
 *
 * Each board says which of its roots are attributed and how:
 * - `creator`: the first writer of a record is its author for good (comments, questions);
 * - `last-writer`: whoever changed the record last (a position, a focal point), re-stamped when the
 *   writer changes and otherwise at most every `RESTAMP_MS` while they type.
 */
export const AUTHORS_ROOT = 'authors';
export const RESTAMP_MS = 5_000;

export interface Author {
	userId: string;
	name: string;
	agencyId: string;
	/** Server time of the act, in ms. */
	at: number;
}

export interface AttributedRoot {
	root: string;
	mode: 'creator' | 'last-writer';
}

export const authorKey = (root: string, key: string) => `${root}/${key}`;

function read(m: RecordMap | undefined): Author | null {
	if (!(m instanceof Y.Map)) return null;
	const userId = readString(m, 'userId', 200);
	return userId ? { userId, name: readString(m, 'name', 200), agencyId: readString(m, 'agencyId', 200), at: readNumber(m, 'at') } : null;
}

export function readAuthor(doc: Y.Doc, root: string, key: string): Author | null {
	return read(doc.getMap<RecordMap>(AUTHORS_ROOT).get(authorKey(root, key)));
}

/** Every author of a root's records, by record key. */
export function readAuthors(doc: Y.Doc, root: string): Map<string, Author> {
	const out = new Map<string, Author>();
	const prefix = `${root}/`;
	doc.getMap<RecordMap>(AUTHORS_ROOT).forEach((m, key) => {
		const author = key.startsWith(prefix) ? read(m) : null;
		if (author) out.set(key.slice(prefix.length), author);
	});
	return out;
}

/**
 * Server only: records `author` as the author of `root/key` (or forgets it, when the record is
 * gone). Returns whether anything changed.
 */
export function stampAuthor(doc: Y.Doc, target: AttributedRoot, key: string, author: Author | null, origin: TransactionOrigin): boolean {
	const authors = doc.getMap<RecordMap>(AUTHORS_ROOT);
	const k = authorKey(target.root, key);
	const current = read(authors.get(k));
	if (!author) {
		if (!authors.has(k)) return false;
		doc.transact(() => authors.delete(k), origin);
		return true;
	}
	if (current && (target.mode === 'creator' || (current.userId === author.userId && author.at - current.at < RESTAMP_MS))) return false;
	doc.transact(() => {
		const m = authors.get(k);
		if (m instanceof Y.Map) writeFields(m, { ...author });
		else authors.set(k, newRecord({ ...author }));
	}, origin);
	return true;
}
