/**
 * Every write to a board is one `doc.transact(fn, origin)` with one of these origins, so
 * observers (undo managers, persistence, tests) can tell who changed what.
 */
export type TransactionOrigin =
	| { kind: 'user'; clientId: number }
	| { kind: 'server' }
	| { kind: 'kit-seed'; kitId: string };

export const serverOrigin: TransactionOrigin = { kind: 'server' };

export function userOrigin(clientId: number): TransactionOrigin {
	return { kind: 'user', clientId };
}
