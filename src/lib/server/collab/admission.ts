import * as Y from 'yjs';
import type { BudgetState } from '../../collab/protocol';
import { CloseCode } from '../../collab/close-codes';
import type { Connection } from './connection';
import type { ConnectionIdentity, WritePolicy } from './types';
import { changesNothing, checkUpdate, type DecodedUpdate } from './update-guard';
import { touchedPaths, type UpdatePath } from './update-paths';

/** The room an update is admitted to, as the checks see it. */
export interface AdmittingRoom {
	readonly doc: Y.Doc;
	readonly budget: BudgetState;
	/** Folds the log now (a full board may have room again once folded). */
	compact(): void;
}

export interface AdmissionRules {
	policy?: WritePolicy | null;
	/** The paths are worked out only when someone needs them (a policy, or a follow-up). */
	needsPaths: boolean;
	admitWrite?: ((writer: ConnectionIdentity, bytes: number) => boolean) | null;
}

/** An update that passed every check: the part the board does not have yet, and where it writes. */
export interface Admitted {
	diff: Uint8Array;
	decoded: DecodedUpdate;
	paths: UpdatePath[];
}

/**
 * The checks an update passes before it is stored, in order: read-only connections, the update
 * guard (complete, nothing missing), nothing new (ignored), the board's size, the board's write
 * policy, the writer's budget. Returns what to store and apply, or null: either the update changes
 * nothing, or the connection was refused and closed with the reason.
 */
export function admitUpdate(room: AdmittingRoom, conn: Connection, update: Uint8Array, rules: AdmissionRules): Admitted | null {
	const verdict = checkUpdate(update, room.doc);
	if (conn.readOnly) {
		// Nothing new (a sync reply, with the deletions the browser has seen) is fine; new content
		// is an edit this person may not make, usually one made offline before their rights
		// changed: they are told, and keep it.
		if (verdict.ok && changesNothing(verdict.diff, room.doc, verdict.decoded)) return null;
		conn.droppedWrites++;
		conn.fail(CloseCode.ForbiddenWrite, 'write refused: you may only read this board');
		return null;
	}
	if (!verdict.ok) {
		conn.fail(verdict.reason === 'malformed' ? CloseCode.MalformedMessage : CloseCode.MissingDependencies, `update refused: ${verdict.reason}`);
		return null;
	}
	// a reconnecting browser's copy of what the board already has: nothing to store or send
	if (changesNothing(verdict.diff, room.doc, verdict.decoded)) return null;
	const decoded = verdict.decoded ?? Y.decodeUpdate(verdict.diff);
	// A full board still takes deletions, so people can clean it up themselves.
	if (room.budget === 'full' && decoded.structs.length > 0) {
		room.compact();
		if (room.budget === 'full') {
			conn.fail(CloseCode.DocumentTooLarge, 'the board has reached its size limit');
			return null;
		}
	}
	const paths = rules.needsPaths ? touchedPaths(verdict.diff, room.doc, decoded) : [];
	const refusal = rules.policy?.(paths, conn.identity, room.doc);
	if (refusal) {
		conn.fail(CloseCode.ForbiddenWrite, `write refused: ${refusal}`);
		return null;
	}
	if (rules.admitWrite && !rules.admitWrite(conn.identity, verdict.diff.byteLength)) {
		conn.fail(CloseCode.SlowDown, 'you are writing more than a board accepts per minute; your change is kept on your device');
		return null;
	}
	return { diff: verdict.diff, decoded, paths };
}
