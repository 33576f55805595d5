/* eslint-disable @typescript-eslint/no-explicit-any -- Yjs types are generic over their event type */
import * as Y from 'yjs';

/**
 * The places in a document an update writes to, as paths of map keys from a root:
 * `['risks', 'r1', 'title']` for a risk's title, `['scoring']` for anything under the root
 * `scoring`. Items inside arrays or text stop at the array or text (their index is not a key).
 * Used by board write policies (server-owned roots, per-agency keys, locks) before anything is
 * stored. Deletions count only when they delete something still present.
 *
 * Call it only with an update `checkUpdate` accepted: every struct it refers to exists in the
 * document or in the update itself. `decoded`, when given, is that update already decoded.
 */
export type UpdatePath = readonly string[];

/** The path of content the server cannot place; every write policy refuses it. */
export const UNPLACED: UpdatePath = ['?'];

interface UpdateItemLike {
	id: Y.ID;
	length: number;
	origin: Y.ID | null;
	rightOrigin: Y.ID | null;
	parent: Y.ID | string | null | Y.AbstractType<any>;
	parentSub: string | null;
}

export function touchedPaths(update: Uint8Array, doc: Y.Doc, decoded: ReturnType<typeof Y.decodeUpdate> | null = null): UpdatePath[] {
	const { structs, ds } = decoded ?? Y.decodeUpdate(update);
	const byClient = new Map<number, Y.Item[]>();
	for (const s of structs) {
		if (!(s instanceof Y.Item)) continue;
		const list = byClient.get(s.id.client) ?? [];
		list.push(s);
		byClient.set(s.id.client, list);
	}
	const rootNames = new Map<Y.AbstractType<any>, string>();
	doc.share.forEach((type, name) => rootNames.set(type, name));
	const memo = new Map<UpdateItemLike, UpdatePath>();

	const findInUpdate = (id: Y.ID): Y.Item | null => {
		const list = byClient.get(id.client);
		if (!list) return null;
		for (const item of list) if (id.clock >= item.id.clock && id.clock < item.id.clock + item.length) return item;
		return null;
	};
	const findInDoc = (id: Y.ID): Y.Item | null => {
		try {
			const found = Y.getItem(doc.store, id);
			return found instanceof Y.Item ? found : null;
		} catch {
			return null;
		}
	};
	const find = (id: Y.ID): UpdateItemLike | null => findInUpdate(id) ?? findInDoc(id);

	/** The path of the type an item lives in, plus the item's own map key. */
	const pathOf = (item: UpdateItemLike, depth = 0): UpdatePath => {
		const cached = memo.get(item);
		if (cached) return cached;
		if (depth > 64) return UNPLACED;
		let path: UpdatePath;
		const parent = item.parent;
		if (parent === null) {
			// Parent information is omitted when the item sits next to another: it shares that neighbour's place.
			const neighbour = (item.origin && find(item.origin)) || (item.rightOrigin && find(item.rightOrigin));
			path = neighbour ? pathOf(neighbour, depth + 1) : UNPLACED;
		} else {
			let base: UpdatePath;
			if (typeof parent === 'string') base = [parent];
			else if (parent instanceof Y.ID) {
				const container = find(parent);
				base = container ? pathOf(container, depth + 1) : UNPLACED;
			} else {
				const type = parent as Y.AbstractType<any>;
				const name = rootNames.get(type);
				base = name !== undefined ? [name] : type._item ? pathOf(type._item, depth + 1) : UNPLACED;
			}
			path = item.parentSub !== null ? [...base, item.parentSub] : base;
		}
		memo.set(item, path);
		return path;
	};

	const seen = new Set<string>();
	const out: UpdatePath[] = [];
	const add = (path: UpdatePath) => {
		const key = path.join('\u0000');
		if (!seen.has(key)) {
			seen.add(key);
			out.push(path);
		}
	};
	for (const list of byClient.values()) for (const item of list) add(pathOf(item));
	// Every clock of every deleted range is resolved: to an item of the document (its path), to
	// content the document already dropped (garbage-collected: deleting it again changes nothing), or
	// to an item the update itself brings. A clock that resolves to none of them is refused as a
	// place the server cannot name, never skipped.
	for (const [client, ranges] of ds.clients) {
		const structs = doc.store.clients.get(client) ?? [];
		const known = structs.length ? structs[structs.length - 1].id.clock + structs[structs.length - 1].length : 0;
		for (const range of ranges) {
			let clock = range.clock;
			const end = range.clock + range.len;
			while (clock < end) {
				if (clock < known) {
					const struct = structs[Y.findIndexSS(structs, clock)];
					if (struct instanceof Y.Item && (!struct.deleted || findInUpdate(struct.id))) add(pathOf(struct));
					clock = struct.id.clock + struct.length;
					continue;
				}
				const item = findInUpdate(Y.createID(client, clock));
				if (!item) {
					add(UNPLACED);
					break;
				}
				add(pathOf(item));
				clock = item.id.clock + item.length;
			}
		}
	}
	return out;
}

/** True when `path` lies at or under `prefix`. */
export function isUnder(path: UpdatePath, prefix: UpdatePath): boolean {
	return prefix.length <= path.length && prefix.every((k, i) => path[i] === k);
}
