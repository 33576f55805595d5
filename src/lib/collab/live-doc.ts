import * as Y from 'yjs';
import type { Lock } from '../domain/facilitation/locks';
import type { TimerState } from '../domain/facilitation/timer';
import { AUTHORS_ROOT, readAuthors, type AttributedRoot } from './authors';
import type { TransactionOrigin } from './origins';
import { newRecord, parseJson, readBoolean, readNumber, readString, records, writeFields, type RecordMap } from './y-records';

/**
 * The facilitation board ("live"), one per workshop:
 *   timer     Y.Map  itemId, durationMs, runningSince (-1 when stopped), usedMs      server-written, server clock
 *   locks     Y.Map<"board|path", Y.Map { board, path, by, at }>                    server-written
 *   votes     Y.Map<voteId, Y.Map { question, options, perPerson, endsAt, state, results, voters, voted: Y.Map }>  server-written
 *   decisions Y.Map<id, Y.Map { kind, text, board, by, at, present }>                      server-written
 *   follow    Y.Map  board (the page's path), view (the item on it), by, summon     facilitators only
 *   parking   Y.Map<id, Y.Map { text, owner, at, done }>                             everyone who edits;
 *             a question's words are its author's
 *   authors   who parked each question (see authors.ts)                               server-written
 */
export const LIVE_SERVER_ROOTS = ['timer', 'locks', 'votes', 'decisions', 'protocol', AUTHORS_ROOT] as const;
export const LIVE_ATTRIBUTED: readonly AttributedRoot[] = [{ root: 'parking', mode: 'creator' }];
/** The parking-lot fields anyone who edits may change (the words are the author's). */
export const PARKING_SHARED_FIELDS = ['owner', 'done'] as const;
export const LIVE_FACILITATOR_ROOTS = ['follow'] as const;

export interface VoteView {
	id: string;
	question: string;
	options: { id: string; label: string }[];
	perPerson: number;
	endsAt: number;
	state: 'open' | 'closed';
	results: { option: string; dots: number }[];
	voters: number;
	voted: string[];
	openedAt: number;
}

import { DECISION_KINDS, type DecisionKind } from '../domain/facilitation/decisions';
export { DECISION_KINDS, type DecisionKind };

export interface Decision {
	id: string;
	kind: DecisionKind;
	/** The facilitator's words, or what the board decision is about (a clause title, a count, a version). */
	text: string;
	board: string;
	by: string;
	at: number;
	present: string[];
}

export interface ParkedItem {
	id: string;
	text: string;
	owner: string;
	by: string;
	at: number;
	done: boolean;
}

export interface Follow {
	board: string;
	view: string;
	by: string;
	summon: number;
}

export class LiveDoc {
	constructor(readonly doc: Y.Doc) {}

	/** The Yjs types a view observes for changes. */
	get observed(): Y.AbstractType<unknown>[] {
		return ['timer', 'locks', 'votes', 'decisions', 'follow', 'parking', 'protocol', AUTHORS_ROOT].map((n) => this.doc.getMap(n) as Y.AbstractType<unknown>);
	}

	#root(name: string): Y.Map<RecordMap> {
		return this.doc.getMap<RecordMap>(name);
	}

	timer(): TimerState & { title: string } {
		const m = this.doc.getMap('timer') as RecordMap;
		const since = readNumber(m, 'runningSince');
		return { itemId: readString(m, 'itemId', 200), title: readString(m, 'title', 300), durationMs: readNumber(m, 'durationMs'), runningSince: since > 0 ? since : null, usedMs: readNumber(m, 'usedMs') };
	}

	/** `title` is the agenda item's, copied so that every page can show the countdown without the agenda. */
	setTimer(t: TimerState, title: string, origin: TransactionOrigin): void {
		this.doc.transact(() => writeFields(this.doc.getMap('timer') as RecordMap, { itemId: t.itemId, title: title.slice(0, 300), durationMs: t.durationMs, runningSince: t.runningSince ?? -1, usedMs: t.usedMs }), origin);
	}

	locks(): Lock[] {
		return records(this.#root('locks'), (_key, m) => ({ board: readString(m, 'board', 50), path: readString(m, 'path', 500).split('/').filter(Boolean), by: readString(m, 'by', 200), at: readNumber(m, 'at') }));
	}

	setLock(lock: Lock, locked: boolean, origin: TransactionOrigin): void {
		const key = `${lock.board}|${lock.path.join('/')}`;
		this.doc.transact(() => {
			if (locked) this.#root('locks').set(key, newRecord({ board: lock.board, path: lock.path.join('/'), by: lock.by, at: lock.at }));
			else this.#root('locks').delete(key);
		}, origin);
	}

	/** Counts the protocol's changes of state (frozen, signed, declined, reopened): pages showing it reload when it moves. */
	protocolRevision(): number {
		return readNumber(this.doc.getMap('protocol') as RecordMap, 'revision');
	}

	protocolChanged(origin: TransactionOrigin): void {
		this.doc.transact(() => writeFields(this.doc.getMap('protocol') as RecordMap, { revision: this.protocolRevision() + 1 }), origin);
	}

	follow(): Follow {
		const m = this.doc.getMap('follow') as RecordMap;
		return { board: readString(m, 'board', 300), view: readString(m, 'view', 100), by: readString(m, 'by', 200), summon: readNumber(m, 'summon') };
	}

	setFollow(f: Partial<Follow>, origin: TransactionOrigin): void {
		this.doc.transact(() => writeFields(this.doc.getMap('follow') as RecordMap, { board: f.board?.slice(0, 300), view: f.view?.slice(0, 100), by: f.by?.slice(0, 200), summon: f.summon }), origin);
	}

	votes(): VoteView[] {
		return records(this.#root('votes'), (id, m) => {
			const voted = m.get('voted') as unknown;
			return {
				id,
				question: readString(m, 'question', 500),
				options: parseJson<{ id: string; label: string }[]>(m.get('options'), []),
				perPerson: readNumber(m, 'perPerson'),
				endsAt: readNumber(m, 'endsAt'),
				state: readString(m, 'state') === 'closed' ? ('closed' as const) : ('open' as const),
				results: parseJson<{ option: string; dots: number }[]>(m.get('results'), []),
				voters: readNumber(m, 'voters'),
				voted: voted instanceof Y.Map ? [...voted.keys()] : [],
				openedAt: readNumber(m, 'openedAt')
			};
		}).sort((a, b) => b.openedAt - a.openedAt);
	}

	openVote(v: Pick<VoteView, 'id' | 'question' | 'options' | 'perPerson' | 'endsAt' | 'openedAt'>, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const m = newRecord({ question: v.question.slice(0, 500), options: JSON.stringify(v.options), perPerson: v.perPerson, endsAt: v.endsAt, state: 'open', results: '[]', voters: 0, openedAt: v.openedAt });
			(m as Y.Map<unknown>).set('voted', new Y.Map());
			this.#root('votes').set(v.id, m);
		}, origin);
	}

	markVoted(voteId: string, userId: string, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const voted = this.#root('votes').get(voteId)?.get('voted') as unknown;
			if (voted instanceof Y.Map && !voted.has(userId)) voted.set(userId, true);
		}, origin);
	}

	closeVote(voteId: string, results: { option: string; dots: number }[], voters: number, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const m = this.#root('votes').get(voteId);
			if (m) writeFields(m, { state: 'closed', results: JSON.stringify(results), voters });
		}, origin);
	}

	decisions(): Decision[] {
		return records(this.#root('decisions'), (id, m) => ({ id, kind: ((DECISION_KINDS as readonly string[]).includes(readString(m, 'kind')) ? readString(m, 'kind') : 'manual') as DecisionKind, text: readString(m, 'text', 2000), board: readString(m, 'board', 50), by: readString(m, 'by', 200), at: readNumber(m, 'at'), present: parseJson<string[]>(m.get('present'), []) })).sort((a, b) => a.at - b.at);
	}

	addDecision(d: Decision, origin: TransactionOrigin): void {
		this.doc.transact(() => this.#root('decisions').set(d.id, newRecord({ kind: d.kind, text: d.text.slice(0, 2000), board: d.board, by: d.by, at: d.at, present: JSON.stringify(d.present) })), origin);
	}

	parking(): ParkedItem[] {
		const authors = readAuthors(this.doc, 'parking');
		return records(this.#root('parking'), (id, m) => ({ id, text: readString(m, 'text', 1000), owner: readString(m, 'owner', 200), by: authors.get(id)?.name ?? '', at: readNumber(m, 'at'), done: readBoolean(m, 'done') })).sort((a, b) => a.at - b.at);
	}

	/** Parks a question (or updates one); who parked it is stamped by the server. */
	park(item: Omit<ParkedItem, 'by'>, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const root = this.#root('parking');
			const fields = { text: item.text.slice(0, 1000), owner: item.owner.slice(0, 200), at: item.at, done: item.done };
			const m = root.get(item.id);
			if (m) writeFields(m, fields);
			else root.set(item.id, newRecord(fields));
		}, origin);
	}
}
