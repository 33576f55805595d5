import * as Y from 'yjs';
import { AGENDA_BOARDS, AGENDA_LIMITS, clampMinutes, sortAgenda, type AgendaBoard, type AgendaItem } from '../domain/agenda';
import type { TransactionOrigin } from './origins';

/**
 * The agenda board's Yjs shape, defined once:
 *   meta: Y.Map { schemaVersion: number }
 *   items: Y.Map<id, Y.Map { title, minutes, owner, board, position }>
 * Items live in a map keyed by id (not an array), so a concurrent move or edit never duplicates
 * or loses an item; order comes from `position`.
 */
export const AGENDA_SCHEMA_VERSION = 1;

type ItemMap = Y.Map<string | number>;

function itemsOf(doc: Y.Doc): Y.Map<ItemMap> {
	return doc.getMap<ItemMap>('items');
}

function readItem(id: string, map: ItemMap): AgendaItem {
	const board = map.get('board');
	return {
		id,
		title: String(map.get('title') ?? ''),
		minutes: clampMinutes(Number(map.get('minutes'))),
		owner: String(map.get('owner') ?? ''),
		board: (AGENDA_BOARDS as readonly unknown[]).includes(board) ? (board as AgendaBoard) : 'general',
		position: Number(map.get('position')) || 0
	};
}

export type AgendaPatch = Partial<Omit<AgendaItem, 'id'>>;

function sanitise(patch: AgendaPatch): AgendaPatch {
	const out: AgendaPatch = {};
	if (patch.title !== undefined) out.title = patch.title.slice(0, AGENDA_LIMITS.titleMax);
	if (patch.owner !== undefined) out.owner = patch.owner.slice(0, AGENDA_LIMITS.ownerMax);
	if (patch.minutes !== undefined) out.minutes = clampMinutes(patch.minutes);
	if (patch.board !== undefined && (AGENDA_BOARDS as readonly string[]).includes(patch.board)) out.board = patch.board;
	if (patch.position !== undefined && Number.isFinite(patch.position)) out.position = patch.position;
	return out;
}

export class AgendaDoc {
	constructor(readonly doc: Y.Doc) {}

	/** The Yjs types a view observes for changes. */
	get observed(): Y.AbstractType<unknown>[] {
		return [itemsOf(this.doc) as Y.AbstractType<unknown>];
	}

	items(): AgendaItem[] {
		const out: AgendaItem[] = [];
		itemsOf(this.doc).forEach((map, id) => out.push(readItem(id, map)));
		return sortAgenda(out);
	}

	schemaVersion(): number {
		return Number(this.doc.getMap('meta').get('schemaVersion') ?? 0);
	}

	add(item: AgendaItem, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const map: ItemMap = new Y.Map();
			const clean = { ...sanitise(item), title: item.title.slice(0, AGENDA_LIMITS.titleMax) };
			for (const [k, v] of Object.entries(clean)) map.set(k, v as string | number);
			itemsOf(this.doc).set(item.id, map);
		}, origin);
	}

	update(id: string, patch: AgendaPatch, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const map = itemsOf(this.doc).get(id);
			if (!map) return;
			for (const [k, v] of Object.entries(sanitise(patch))) {
				if (map.get(k) !== v) map.set(k, v as string | number);
			}
		}, origin);
	}

	remove(id: string, origin: TransactionOrigin): void {
		this.doc.transact(() => itemsOf(this.doc).delete(id), origin);
	}

	/** Fills an empty agenda (on workshop creation). */
	seed(items: Omit<AgendaItem, 'position'>[], origin: TransactionOrigin): void {
		this.doc.transact(() => {
			this.doc.getMap('meta').set('schemaVersion', AGENDA_SCHEMA_VERSION);
			items.forEach((item, i) => this.add({ ...item, position: i + 1 }, origin));
		}, origin);
	}
}
