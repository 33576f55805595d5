import * as Y from 'yjs';

/** No real board comes near this many operations by one client; past it, clocks stop being exact. */
const MAX_CLOCK = 2 ** 32;

export type UpdateVerdict = { ok: true; diff: Uint8Array } | { ok: false; reason: 'malformed' | 'missing-dependencies' };

/**
 * Checks a client's update (V1 encoding only) against the document before anything is stored or
 * applied. The update must decode completely, and everything it builds on (earlier clocks of each
 * client, the items it is inserted next to or inside, the items it deletes) must already be in the
 * document or in the update itself; otherwise Yjs would keep it pending, invisible but stored, and
 * serve it to everyone who joins. Returns only the part the document does not have yet.
 */
export function checkUpdate(update: Uint8Array, doc: Y.Doc): UpdateVerdict {
	let decoded: ReturnType<typeof Y.decodeUpdate>;
	try {
		decoded = Y.decodeUpdate(update);
	} catch {
		return { ok: false, reason: 'malformed' };
	}
	const encodedKnown = Y.encodeStateVector(doc);
	const next = new Map(Y.decodeStateVector(encodedKnown));
	for (const struct of decoded.structs) {
		if (struct instanceof Y.Skip) return { ok: false, reason: 'missing-dependencies' };
		const { client, clock } = struct.id;
		const have = next.get(client) ?? 0;
		if (clock + struct.length > MAX_CLOCK) return { ok: false, reason: 'malformed' };
		if (clock > have) return { ok: false, reason: 'missing-dependencies' };
		next.set(client, Math.max(have, clock + struct.length));
	}
	const has = (id: Y.ID | null) => id === null || id.clock < (next.get(id.client) ?? 0);
	for (const struct of decoded.structs) {
		if (!(struct instanceof Y.Item)) continue;
		const parent = struct.parent instanceof Y.ID ? struct.parent : null;
		if (!has(struct.origin) || !has(struct.rightOrigin) || !has(parent)) return { ok: false, reason: 'missing-dependencies' };
	}
	for (const [client, ranges] of decoded.ds.clients) {
		const have = next.get(client) ?? 0;
		for (const range of ranges) {
			if (range.clock + range.len > have) return { ok: false, reason: 'missing-dependencies' };
		}
	}
	try {
		return { ok: true, diff: Y.diffUpdate(update, encodedKnown) };
	} catch {
		return { ok: false, reason: 'malformed' };
	}
}

/** An encoded update with no structs and no deletions. */
export function isEmptyUpdate(update: Uint8Array): boolean {
	return update.byteLength <= 2 && update.every((b) => b === 0);
}
