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

/** The document paths each lockable item covers. */
export function lockedPaths(board: string, item: string | null): string[][] {
	if (!item) return [[]];
	if (board === 'dpia') return [['risks', item]];
	if (board === 'dpisp') return [['clauses', item], ['texts', item]];
	if (board === 'breach' && item === 'chain') return [['steps'], ['people']];
	return [[item]];
}

export function lockRefusal(locks: readonly Lock[], board: string, paths: readonly (readonly string[])[], role: string): Lock | null {
	if (role === 'facilitator') return null;
	for (const lock of locks) {
		if (lock.board !== board) continue;
		if (paths.some((p) => lock.path.every((k, i) => p[i] === k))) return lock;
	}
	return null;
}
