import * as Y from 'yjs';
import { parsePositionKey, positionKey, POSITIONS, type Position } from '../domain/dpisp/positions';
import { cellKey, SHARING_DECISIONS, type SharingCell, type SharingDecision } from '../domain/dpisp/sharing';
import { readAuthors, type Author } from './authors';
import type { TransactionOrigin } from './origins';
import { fragmentToBlocks, seedFragment, type Block } from './rich-text';
import { newRecord, readBoolean, readNumber, readString, records, writeFields, type RecordMap } from './y-records';
import { DPISP_SCHEMA_VERSION, L, type Clause, type ClauseComment, type ClausePosition, type GuardFinding, type NewComment, type PositionReset, type RequestStep } from './dpisp-records';

export * from './dpisp-records';

/**
 * The Step 7 (DPISP) board's Yjs shape, defined once:
 *   meta      Y.Map  schemaVersion, leadAgency
 *   clauses   Y.Map<clauseId, Y.Map { title, decision, guidance, position, catalogueId }>
 *   texts     Y.Map<clauseId, Y.XmlFragment>            rich text, edited with Tiptap
 *   positions Y.Map<"clauseId|agencyId", Y.Map { value, comment }>   one per agency and clause
 *   resets    Y.Map<clauseId, Y.Map { at, by, count }>  server-written: positions reset by a text edit
 *   comments  Y.Map<commentId, Y.Map { clauseId, parentId, text, at, quote, resolved }>
 *   sharing   Y.Map<"categoryId|recipientId", Y.Map { decision, conditions, channel }>
 *   requests  Y.Map<typeId, Y.Map { label, receiver, decider, days, logging, position }>
 *   guard     Y.Map<findingId, Y.Map { clauseId, kind, masked, at, cleared }>
 *   auditDecision Y.Map { text, at }          server-written from Step 9: who may view the audit log
 *   authors   who took each position, wrote each comment, raised each finding (see authors.ts)
 * Positions are keyed per agency so that no two agencies ever write the same key, and the server
 * lets only an agency's own members write under its key (see the DPISP write policy). Who did it
 * comes from `authors`, which the server stamps from the writer's account; a comment's words can
 * only be changed by its author. Its constants and records are in dpisp-records.ts.
 */
export class DpispDoc {
	constructor(readonly doc: Y.Doc) {}

	#root(name: string): Y.Map<RecordMap> {
		return this.doc.getMap<RecordMap>(name);
	}

	get texts(): Y.Map<Y.XmlFragment> {
		return this.doc.getMap<Y.XmlFragment>('texts');
	}

	/** The clause's rich text, created when missing. */
	text(clauseId: string): Y.XmlFragment | null {
		const t = this.texts.get(clauseId);
		return t instanceof Y.XmlFragment ? t : null;
	}

	get editable(): Y.AbstractType<unknown>[] {
		return ['meta', 'clauses', 'texts', 'positions', 'comments', 'sharing', 'requests', 'guard'].map((n) => this.doc.getMap(n) as Y.AbstractType<unknown>);
	}

	#authors(root: string): Map<string, Author> {
		return readAuthors(this.doc, root);
	}

	isSeeded(): boolean {
		return readNumber(this.doc.getMap('meta') as RecordMap, 'schemaVersion') > 0;
	}

	leadAgency(): string {
		return readString(this.doc.getMap('meta') as RecordMap, 'leadAgency', L.short);
	}

	setLeadAgency(agencyId: string, origin: TransactionOrigin): void {
		this.doc.transact(() => writeFields(this.doc.getMap('meta') as RecordMap, { leadAgency: agencyId }), origin);
	}

	clauses(): Clause[] {
		return records(this.#root('clauses'), (id, m) => ({
			id,
			title: readString(m, 'title', L.title),
			decision: readString(m, 'decision', L.text),
			guidance: readString(m, 'guidance', L.text),
			position: readNumber(m, 'position'),
			catalogueId: readString(m, 'catalogueId', L.short)
		})).sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
	}

	blocks(clauseId: string): Block[] {
		const t = this.text(clauseId);
		return t ? fragmentToBlocks(t) : [];
	}

	addClause(clause: Clause, text: string, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			this.#root('clauses').set(
				clause.id,
				newRecord({ title: clause.title.slice(0, L.title), decision: clause.decision.slice(0, L.text), guidance: clause.guidance.slice(0, L.text), position: clause.position, catalogueId: clause.catalogueId })
			);
			const fragment = new Y.XmlFragment();
			this.texts.set(clause.id, fragment);
			if (text) seedFragment(fragment, text);
		}, origin);
	}

	/**
	 * Replaces a clause's text by `next` if nobody has changed it from `seeded` (what the kit put
	 * there): a new parameter value reaches the clauses people have not yet edited, and never
	 * overwrites one they have. Returns whether it replaced.
	 */
	replaceSeededText(clauseId: string, seeded: string, next: string, origin: TransactionOrigin): boolean {
		const fragment = this.text(clauseId);
		if (!fragment) return false;
		const probe = new Y.Doc().getXmlFragment('probe');
		seedFragment(probe, seeded);
		if (JSON.stringify(fragmentToBlocks(fragment)) !== JSON.stringify(fragmentToBlocks(probe))) return false;
		this.doc.transact(() => {
			fragment.delete(0, fragment.length);
			seedFragment(fragment, next);
		}, origin);
		return true;
	}

	updateClause(id: string, patch: Partial<Pick<Clause, 'title' | 'decision' | 'position'>>, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const m = this.#root('clauses').get(id);
			if (m) writeFields(m, { title: patch.title?.slice(0, L.title), decision: patch.decision?.slice(0, L.text), position: patch.position });
		}, origin);
	}

	removeClause(id: string, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			this.#root('clauses').delete(id);
			this.texts.delete(id);
		}, origin);
	}

	positions(): ClausePosition[] {
		const authors = this.#authors('positions');
		return records(this.#root('positions'), (key, m) => {
			const k = parsePositionKey(key);
			const value = readString(m, 'value');
			const author = authors.get(key) ?? null;
			return k && (POSITIONS as readonly string[]).includes(value)
				? { clauseId: k.clauseId, agencyId: k.agencyId, value: value as Position, comment: readString(m, 'comment', L.text), author, by: author?.name ?? '', at: author?.at ?? 0 }
				: null;
		}).filter((p): p is ClausePosition => p !== null);
	}

	/** Sets an agency's position; who set it is stamped by the server. */
	setPosition(p: Pick<ClausePosition, 'clauseId' | 'agencyId' | 'value' | 'comment'>, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const root = this.#root('positions');
			const key = positionKey(p.clauseId, p.agencyId);
			const fields = { value: p.value, comment: p.comment.slice(0, L.text) };
			const m = root.get(key);
			if (m) writeFields(m, fields);
			else root.set(key, newRecord(fields));
		}, origin);
	}

	resets(): PositionReset[] {
		return records(this.#root('resets'), (clauseId, m) => ({ clauseId, at: readNumber(m, 'at'), by: readString(m, 'by', L.short), count: readNumber(m, 'count') }));
	}

	comments(): ClauseComment[] {
		const authors = this.#authors('comments');
		return records(this.#root('comments'), (id, m) => {
			const author = authors.get(id) ?? null;
			return {
				id,
				clauseId: readString(m, 'clauseId', L.short),
				parentId: readString(m, 'parentId', L.short),
				text: readString(m, 'text', L.text),
				author,
				by: author?.name ?? '',
				byUserId: author?.userId ?? '',
				agencyId: author?.agencyId ?? '',
				at: author?.at ?? readNumber(m, 'at'),
				quote: readString(m, 'quote', L.text),
				resolved: readBoolean(m, 'resolved')
			};
		}).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
	}

	/** Adds a comment; its author is stamped by the server from the writer's account. */
	addComment(c: NewComment, origin: TransactionOrigin): void {
		this.doc.transact(
			() => this.#root('comments').set(c.id, newRecord({ clauseId: c.clauseId, parentId: c.parentId, text: c.text.slice(0, L.text), at: c.at, quote: c.quote.slice(0, L.text), resolved: c.resolved })),
			origin
		);
	}

	setResolved(commentId: string, resolved: boolean, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const m = this.#root('comments').get(commentId);
			if (m) writeFields(m, { resolved });
		}, origin);
	}

	sharing(): Map<string, SharingCell> {
		const out = new Map<string, SharingCell>();
		this.#root('sharing').forEach((m, key) => {
			const d = readString(m, 'decision');
			out.set(key, {
				decision: (SHARING_DECISIONS as readonly string[]).includes(d) ? (d as SharingDecision) : 'undecided',
				conditions: readString(m, 'conditions', L.text).split(',').filter(Boolean),
				channel: readString(m, 'channel', L.short)
			});
		});
		return out;
	}

	setSharing(categoryId: string, recipientId: string, cell: SharingCell, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const root = this.#root('sharing');
			const key = cellKey(categoryId, recipientId);
			const fields = { decision: cell.decision, conditions: cell.conditions.join(','), channel: cell.channel };
			const m = root.get(key);
			if (m) writeFields(m, fields);
			else root.set(key, newRecord(fields));
		}, origin);
	}

	requests(): RequestStep[] {
		return records(this.#root('requests'), (id, m) => ({
			id,
			label: readString(m, 'label', L.title),
			receiver: readString(m, 'receiver', L.text),
			decider: readString(m, 'decider', L.text),
			days: readNumber(m, 'days'),
			logging: readString(m, 'logging', L.text),
			position: readNumber(m, 'position')
		})).sort((a, b) => a.position - b.position);
	}

	setRequest(r: RequestStep, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const root = this.#root('requests');
			const fields = { label: r.label.slice(0, L.title), receiver: r.receiver.slice(0, L.text), decider: r.decider.slice(0, L.text), days: Math.max(0, Math.min(365, Math.round(r.days) || 0)), logging: r.logging.slice(0, L.text), position: r.position };
			const m = root.get(r.id);
			if (m) writeFields(m, fields);
			else root.set(r.id, newRecord(fields));
		}, origin);
	}

	removeRequest(id: string, origin: TransactionOrigin): void {
		this.doc.transact(() => this.#root('requests').delete(id), origin);
	}

	findings(): GuardFinding[] {
		const authors = this.#authors('guard');
		return records(this.#root('guard'), (id, m) => ({
			id,
			clauseId: readString(m, 'clauseId', L.short),
			kind: readString(m, 'kind', L.short),
			masked: readString(m, 'masked', L.short),
			by: authors.get(id)?.name ?? '',
			at: readNumber(m, 'at'),
			cleared: readBoolean(m, 'cleared')
		})).sort((a, b) => b.at - a.at);
	}

	addFinding(f: Omit<GuardFinding, 'by'>, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			if (!this.#root('guard').has(f.id)) this.#root('guard').set(f.id, newRecord({ clauseId: f.clauseId, kind: f.kind, masked: f.masked, at: f.at, cleared: false }));
		}, origin);
	}

	clearFinding(id: string, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const m = this.#root('guard').get(id);
			if (m) writeFields(m, { cleared: true });
		}, origin);
	}

	/** The audit-log decision agreed on the breach board (Step 9), shown in the audit clause. */
	auditDecision(): { text: string; at: number } {
		const m = this.doc.getMap('auditDecision') as RecordMap;
		return { text: readString(m, 'text', L.text), at: readNumber(m, 'at') };
	}

	// --- written by the server only ---

	setAuditDecision(text: string, at: number, origin: TransactionOrigin): boolean {
		let changed = false;
		this.doc.transact(() => {
			const m = this.doc.getMap('auditDecision') as RecordMap;
			if (readString(m, 'text', L.text) === text) return;
			writeFields(m, { text: text.slice(0, L.text), at });
			changed = true;
		}, origin);
		return changed;
	}

	seed(input: { clauses: { clause: Clause; text: string }[]; requests: RequestStep[]; leadAgency: string }, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			if (this.isSeeded()) return;
			writeFields(this.doc.getMap('meta') as RecordMap, { schemaVersion: DPISP_SCHEMA_VERSION, leadAgency: input.leadAgency });
			for (const { clause, text } of input.clauses) this.addClause(clause, text, origin);
			for (const r of input.requests) this.setRequest(r, origin);
		}, origin);
	}

	/** Removes every agreement on a clause whose text changed; objections and legal reviews stay. */
	resetAgreements(clauseId: string, by: string, at: number, origin: TransactionOrigin): number {
		let count = 0;
		this.doc.transact(() => {
			const root = this.#root('positions');
			for (const [key, m] of [...root.entries()]) {
				const k = parsePositionKey(key);
				const value = readString(m, 'value');
				if (k?.clauseId === clauseId && (value === 'agree' || value === 'reservation')) {
					root.delete(key);
					count++;
				}
			}
			if (count > 0) this.#root('resets').set(clauseId, newRecord({ at, by: by.slice(0, L.short), count }));
		}, origin);
		return count;
	}
}
