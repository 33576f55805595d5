import type { BoardId } from '../../domain/boards';
import { DPIA_SERVER_ROOTS } from '../../collab/dpia-doc';
import type { ConnectionIdentity } from './connection';
import type { UpdatePath } from './update-paths';

/**
 * Which parts of a board a connection may write, checked on the server for every update before it
 * is stored. Returns the reason for a refusal, or null. Observers never get this far: their
 * updates are dropped before any policy runs.
 */
export type WritePolicy = (paths: readonly UpdatePath[], writer: ConnectionIdentity) => string | null;

/** Roots that only the server writes (results it computes, secrets it reveals). */
export function serverOwnedRoots(roots: readonly string[]): WritePolicy {
	return (paths) => {
		const hit = paths.find((p) => p[0] === '?' || roots.includes(p[0]));
		if (!hit) return null;
		return hit[0] === '?' ? 'the update touches content the server cannot place' : `"${hit[0]}" is written by the server only`;
	};
}

export const BOARD_POLICIES: Partial<Record<BoardId, WritePolicy>> = {
	dpia: serverOwnedRoots(DPIA_SERVER_ROOTS)
};
