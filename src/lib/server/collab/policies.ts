import type { BoardId } from '../../domain/boards';
import { DPIA_SERVER_ROOTS } from '../../collab/dpia-doc';
import { BREACH_SERVER_ROOTS } from '../../collab/breach-doc';
import { DPISP_SERVER_ROOTS, DpispDoc } from '../../collab/dpisp-doc';
import { TERMS_SERVER_ROOTS } from '../../collab/terms-doc';
import { LIVE_FACILITATOR_ROOTS, LIVE_SERVER_ROOTS } from '../../collab/live-doc';
import { parsePositionKey } from '../../domain/dpisp/positions';
import { SERVER_ORIGIN, type Room } from './room';
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

/** Keys of `root` named "<item>|<agencyId>" may only be written by members of that agency. */
export function agencyOwnedKeys(root: string, refusal = 'only members of that agency may set its position'): WritePolicy {
	return (paths, writer) => {
		for (const p of paths) {
			if (p[0] !== root) continue;
			const key = p[1] === undefined ? null : parsePositionKey(p[1]);
			if (!key) return `"${root}" entries must name an item and an agency`;
			if (key.agencyId !== writer.agencyId) return refusal;
		}
		return null;
	};
}

/** Roots only facilitators write (where everyone is asked to follow). */
export function facilitatorRoots(roots: readonly string[]): WritePolicy {
	return (paths, writer) => (writer.role !== 'facilitator' && paths.some((p) => roots.includes(p[0])) ? 'only facilitators lead the room' : null);
}

export function allOf(...policies: WritePolicy[]): WritePolicy {
	return (paths, writer) => {
		for (const policy of policies) {
			const refusal = policy(paths, writer);
			if (refusal) return refusal;
		}
		return null;
	};
}

export const BOARD_POLICIES: Partial<Record<BoardId, WritePolicy>> = {
	dpia: serverOwnedRoots(DPIA_SERVER_ROOTS),
	dpisp: allOf(serverOwnedRoots(DPISP_SERVER_ROOTS), agencyOwnedKeys('positions')),
	terms: allOf(serverOwnedRoots(TERMS_SERVER_ROOTS), agencyOwnedKeys('reviews', 'only members of that organisation may review for it')),
	breach: serverOwnedRoots(BREACH_SERVER_ROOTS),
	live: allOf(serverOwnedRoots(LIVE_SERVER_ROOTS), facilitatorRoots(LIVE_FACILITATOR_ROOTS))
};

/**
 * What the server does after it accepted a write. On the protocol board, an edit to a clause's
 * text withdraws the agreements given to the old text, for everyone, and says so.
 */
export type AfterWrite = (room: Room, paths: readonly UpdatePath[], writer: ConnectionIdentity) => void;

export const BOARD_AFTER_WRITE: Partial<Record<BoardId, AfterWrite>> = {
	dpisp: (room, paths, writer) => {
		const edited = new Set(paths.filter((p) => p[0] === 'texts' && p[1] !== undefined && p.length >= 2).map((p) => p[1]));
		if (edited.size === 0) return;
		const dpisp = new DpispDoc(room.doc);
		const withAgreements = [...edited].filter((clauseId) => dpisp.positions().some((p) => p.clauseId === clauseId && (p.value === 'agree' || p.value === 'reservation')));
		if (withAgreements.length === 0) return;
		room.serverTransact(() => {
			for (const clauseId of withAgreements) dpisp.resetAgreements(clauseId, writer.name, Date.now(), SERVER_ORIGIN);
		});
	}
};
