import * as Y from 'yjs';
import { organisationStatus, type ItemReview, type OrganisationStatus, type Review } from '../domain/terms/review';
import { AUTHORS_ROOT, readAuthors, type AttributedRoot } from './authors';
import type { TransactionOrigin } from './origins';
import { newRecord, readNumber, readString, records, writeFields, type RecordMap } from './y-records';

/**
 * The Step 8 (Terms of Use) board's Yjs shape:
 *   meta       Y.Map  schemaVersion
 *   draft      Y.Text the text being prepared (Markdown or plain text)
 *   published  Y.Map<version, Y.Map { text, at, by }>   server-written: each published version
 *   reviews    Y.Map<"itemId|agencyId", Y.Map { value, comment, version }>  one per organisation and item,
 *              written only by that organisation's members
 *   authors    who reviewed each item for each organisation (see authors.ts)
 *   goLive     Y.Map  rapidOnset, by, at   server-written: the facilitator's record that the system goes
 *              live before the Terms are signed (a rapid-onset emergency)
 */
export const TERMS_SCHEMA_VERSION = 1;
export const TERMS_SERVER_ROOTS = ['published', 'goLive', AUTHORS_ROOT] as const;
export const TERMS_ATTRIBUTED: readonly AttributedRoot[] = [{ root: 'reviews', mode: 'last-writer' }];
export const TERMS_MAX_CHARS = 100_000;
/** Roots that are Y.Text rather than maps (a restore needs to know). */
export const TERMS_TEXT_ROOTS = ['draft'] as const;

export interface PublishedTerms {
	version: number;
	text: string;
	at: number;
	by: string;
}

/** Whether the system goes live before the Terms are signed, and who decided it when. */
export interface RapidOnset {
	on: boolean;
	by: string;
	at: number;
}

export interface TermsReview extends Review {
	comment: string;
	by: string;
	at: number;
}

export class TermsDoc {
	constructor(readonly doc: Y.Doc) {}

	get draft(): Y.Text {
		return this.doc.getText('draft');
	}

	isSeeded(): boolean {
		return readNumber(this.doc.getMap('meta') as RecordMap, 'schemaVersion') > 0;
	}

	published(): PublishedTerms[] {
		return records(this.doc.getMap<RecordMap>('published'), (key, m) => ({ version: Number(key), text: readString(m, 'text', TERMS_MAX_CHARS), at: readNumber(m, 'at'), by: readString(m, 'by', 200) }))
			.filter((p) => Number.isInteger(p.version) && p.version > 0)
			.sort((a, b) => a.version - b.version);
	}

	current(): PublishedTerms | null {
		return this.published().at(-1) ?? null;
	}

	/** Where each organisation stands on the current version ('not-started' for all before one is published). */
	statuses(agencyIds: readonly string[], items: readonly string[]): { agencyId: string; status: OrganisationStatus }[] {
		const version = this.current()?.version ?? 0;
		const reviews = version ? this.reviews() : [];
		return agencyIds.map((agencyId) => ({ agencyId, status: version ? organisationStatus(agencyId, items, reviews, version) : 'not-started' }));
	}

	reviews(): TermsReview[] {
		const authors = readAuthors(this.doc, 'reviews');
		return records(this.doc.getMap<RecordMap>('reviews'), (key, m) => {
			const i = key.lastIndexOf('|');
			const value = readString(m, 'value');
			if (i <= 0 || (value !== 'accepted' && value !== 'queried')) return null;
			const author = authors.get(key);
			return { itemId: key.slice(0, i), agencyId: key.slice(i + 1), value: value as ItemReview, version: readNumber(m, 'version'), comment: readString(m, 'comment', 4000), by: author?.name ?? '', at: author?.at ?? 0 };
		}).filter((r): r is TermsReview => r !== null);
	}

	/** Records an organisation's review of an item; who reviewed is stamped by the server. */
	setReview(r: Omit<TermsReview, 'at' | 'by'>, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const root = this.doc.getMap<RecordMap>('reviews');
			const key = `${r.itemId}|${r.agencyId}`;
			const fields = { value: r.value, version: r.version, comment: r.comment.slice(0, 4000) };
			const m = root.get(key);
			if (m) writeFields(m, fields);
			else root.set(key, newRecord(fields));
		}, origin);
	}

	/** Replaces the draft with `next`, touching only the changed middle (so concurrent edits elsewhere survive). */
	replaceDraft(next: string, origin: TransactionOrigin): void {
		const text = this.draft;
		const prev = text.toString();
		if (prev === next) return;
		let start = 0;
		while (start < prev.length && start < next.length && prev[start] === next[start]) start++;
		let end = 0;
		while (end < prev.length - start && end < next.length - start && prev[prev.length - 1 - end] === next[next.length - 1 - end]) end++;
		this.doc.transact(() => {
			text.delete(start, prev.length - start - end);
			text.insert(start, next.slice(start, next.length - end).slice(0, TERMS_MAX_CHARS));
		}, origin);
	}

	rapidOnset(): RapidOnset {
		const m = this.doc.getMap('goLive') as RecordMap;
		return { on: m.get('rapidOnset') === true, by: readString(m, 'by', 200), at: readNumber(m, 'at') };
	}

	// --- written by the server only ---

	setRapidOnset(value: RapidOnset, origin: TransactionOrigin): void {
		this.doc.transact(() => writeFields(this.doc.getMap('goLive') as RecordMap, { rapidOnset: value.on, by: value.by.slice(0, 200), at: value.at }), origin);
	}

	seed(defaultText: string, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			if (this.isSeeded()) return;
			writeFields(this.doc.getMap('meta') as RecordMap, { schemaVersion: TERMS_SCHEMA_VERSION });
			this.draft.insert(0, defaultText);
		}, origin);
	}

	publish(text: string, by: string, at: number, origin: TransactionOrigin): number {
		const version = (this.current()?.version ?? 0) + 1;
		this.doc.transact(() => this.doc.getMap<RecordMap>('published').set(String(version), newRecord({ text: text.slice(0, TERMS_MAX_CHARS), at, by })), origin);
		return version;
	}
}
