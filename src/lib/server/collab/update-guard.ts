import * as Y from 'yjs';

/** No real board comes near this many operations by one client; past it, clocks stop being exact. */
const MAX_CLOCK = 2 ** 32;

const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Map());

/** What `Y.decodeUpdate` gives: the update's structs and its delete set. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

export type UpdateVerdict =
	| {
			ok: true;
			/** The part of the update the document does not have yet, encoded canonically. */
			diff: Uint8Array;
			/** The diff decoded, when nothing had to be cut from the update (so it is the update's own decoding). */
			decoded: DecodedUpdate | null;
	  }
	| { ok: false; reason: 'malformed' | 'missing-dependencies' };

/**
 * Checks a client's update (V1 encoding only) against the document before anything is stored or
 * applied. The update must decode completely, and everything it builds on (earlier clocks of each
 * client, the items it is inserted next to or inside, the items it deletes) must already be in the
 * document or in the update itself; otherwise Yjs would keep it pending, invisible but stored, and
 * serve it to everyone who joins. Returns only the part the document does not have yet, re-encoded
 * (so odd bytes that happen to decode are never stored as they came).
 *
 * This runs before every edit is relayed, so it looks up only the clients the update mentions
 * instead of encoding the whole document's state vector.
 */
export function checkUpdate(update: Uint8Array, doc: Y.Doc): UpdateVerdict {
	let decoded: DecodedUpdate;
	try {
		decoded = Y.decodeUpdate(update);
	} catch {
		return { ok: false, reason: 'malformed' };
	}
	/** What the document holds of each client the update mentions. */
	const known = new Map<number, number>();
	const knownOf = (client: number) => {
		let clock = known.get(client);
		if (clock === undefined) {
			clock = Y.getState(doc.store, client);
			known.set(client, clock);
		}
		return clock;
	};
	/** What the document will hold once the update is in. */
	const next = new Map<number, number>();
	const reach = (client: number) => next.get(client) ?? knownOf(client);
	let overlaps = false;
	for (const struct of decoded.structs) {
		if (struct instanceof Y.Skip) return { ok: false, reason: 'missing-dependencies' };
		const { client, clock } = struct.id;
		const have = reach(client);
		if (clock + struct.length > MAX_CLOCK) return { ok: false, reason: 'malformed' };
		if (clock > have) return { ok: false, reason: 'missing-dependencies' };
		if (clock < knownOf(client)) overlaps = true;
		next.set(client, Math.max(have, clock + struct.length));
	}
	const has = (id: Y.ID | null) => id === null || id.clock < reach(id.client);
	for (const struct of decoded.structs) {
		if (!(struct instanceof Y.Item)) continue;
		const parent = struct.parent instanceof Y.ID ? struct.parent : null;
		if (!has(struct.origin) || !has(struct.rightOrigin) || !has(parent)) return { ok: false, reason: 'missing-dependencies' };
	}
	for (const [client, ranges] of decoded.ds.clients) {
		const have = reach(client);
		for (const range of ranges) {
			if (range.clock + range.len > have) return { ok: false, reason: 'missing-dependencies' };
		}
	}
	try {
		// nothing to cut (the usual case): the diff is the whole update, re-encoded
		const diff = Y.diffUpdate(update, overlaps ? Y.encodeStateVector(known) : EMPTY_STATE_VECTOR);
		return { ok: true, diff, decoded: overlaps ? null : decoded };
	} catch {
		return { ok: false, reason: 'malformed' };
	}
}

/** An encoded update with no structs and no deletions. */
export function isEmptyUpdate(update: Uint8Array): boolean {
	return update.byteLength <= 2 && update.every((b) => b === 0);
}

/**
 * Whether an accepted diff changes nothing: no struct the document lacks (the diff holds only those)
 * and no deletion of anything still present. A browser that reconnects sends its whole delete set
 * again (Yjs keeps every deletion it has seen), so "not empty" does not mean "new".
 */
export function changesNothing(diff: Uint8Array, doc: Y.Doc, decoded: DecodedUpdate | null): boolean {
	if (isEmptyUpdate(diff)) return true;
	const { structs, ds } = decoded ?? Y.decodeUpdate(diff);
	if (structs.length > 0) return false;
	for (const [client, ranges] of ds.clients) {
		const known = doc.store.clients.get(client) ?? [];
		for (const range of ranges) {
			let clock = range.clock;
			while (clock < range.clock + range.len) {
				const struct = known[Y.findIndexSS(known, clock)];
				if (struct instanceof Y.Item && !struct.deleted) return false;
				clock = struct.id.clock + struct.length;
			}
		}
	}
	return true;
}
