/**
 * Facilitator locks: a whole board, or one item of it (a risk, a clause, the chain). Locked
 * content is read-only for everyone but facilitators, and the server enforces it.
 */
export interface Lock {
	board: string;
	/** Key path of the locked item inside the board document; empty for the whole board. */
	path: string[];
	by: string;
	at: number;
}

/** The item's own root key, for boards that do not say otherwise. */
export const ownRoot = (item: string): string[][] => [[item]];

/** The document paths a lock covers: the whole board (no item), or what the board says its item covers. */
export function lockedPaths(item: string | null, covers: (item: string) => string[][] = ownRoot): string[][] {
	return item ? covers(item) : [[]];
}

export function lockRefusal(locks: readonly Lock[], board: string, paths: readonly (readonly string[])[], role: string): Lock | null {
	if (role === 'facilitator') return null;
	for (const lock of locks) {
		if (lock.board !== board) continue;
		if (paths.some((p) => lock.path.every((k, i) => p[i] === k))) return lock;
	}
	return null;
}
