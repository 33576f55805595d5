import * as Y from 'yjs';

/** Small helpers for the "map of records" pattern every board uses: Y.Map<id, Y.Map<field>>. */
export type Scalar = string | number | boolean;
export type RecordMap = Y.Map<Scalar>;

export function readString(map: RecordMap, key: string, max = 10_000): string {
	const v = map.get(key);
	return typeof v === 'string' ? v.slice(0, max) : '';
}

export function readNumber(map: RecordMap, key: string): number {
	const v = map.get(key);
	return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

export function readBoolean(map: RecordMap, key: string): boolean {
	return map.get(key) === true;
}

/** Sets only the fields that changed, so a no-op edit produces no update. */
export function writeFields(map: RecordMap, fields: Record<string, Scalar | undefined>): void {
	for (const [k, v] of Object.entries(fields)) {
		if (v !== undefined && map.get(k) !== v) map.set(k, v);
	}
}

export function newRecord(fields: Record<string, Scalar | undefined>): RecordMap {
	const map: RecordMap = new Y.Map();
	for (const [k, v] of Object.entries(fields)) if (v !== undefined) map.set(k, v);
	return map;
}

export function records<T>(root: Y.Map<RecordMap>, read: (id: string, map: RecordMap) => T): T[] {
	const out: T[] = [];
	root.forEach((map, id) => {
		if (map instanceof Y.Map) out.push(read(id, map));
	});
	return out;
}

export function parseJson<T>(text: unknown, fallback: T): T {
	if (typeof text !== 'string') return fallback;
	try {
		return JSON.parse(text) as T;
	} catch {
		return fallback;
	}
}
