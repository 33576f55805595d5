import * as Y from 'yjs';
import { convergeTo } from '../collab/converge';
import { serverOrigin } from '../collab/origins';
import { TERMS_TEXT_ROOTS } from '../collab/terms-doc';
import { documentName, type BoardId } from '../domain/boards';
import type { Actor, AuditLog } from './audit';
import type { CollabServer } from './collab/collab-server';
import type { WorkshopBoards } from './boards/workshop-boards';
import { newId } from './ids';
import type { BoardHistoryRepository, DocumentStore, RestorePoint, Workshop } from './repositories/types';

/** Automatic points kept per board; older ones are dropped. */
const KEEP_AUTOMATIC = 10;
const TEXT_ROOTS: Partial<Record<BoardId, readonly string[]>> = { terms: TERMS_TEXT_ROOTS };

export type RestoreProblem = 'unknown-point' | 'frozen';

/** Keeps a board's whole state as a restore point (used by rooms before a board crosses its warning size). */
export function keepRestorePoint(history: BoardHistoryRepository, name: string, state: Uint8Array, reason: RestorePoint['reason'], by: string): RestorePoint {
	const point: RestorePoint = { id: newId(), name, createdAt: Date.now(), reason, createdBy: by, bytes: state.byteLength };
	history.add(point, state);
	if (reason !== 'manual') history.prune(name, reason, KEEP_AUTOMATIC);
	return point;
}

/**
 * A board's history, and the way back when someone filled or wrecked it: points taken before it
 * crosses its warning size, by a facilitator, and before every restore. Restoring edits the live
 * board forward until it equals the point (collab/converge.ts): everyone on it sees the change at
 * once, and it is audit-logged. Frozen boards are never restored.
 */
export class BoardHistoryService {
	constructor(private readonly d: { collab: CollabServer; boards: WorkshopBoards; history: BoardHistoryRepository; audit: AuditLog }) {}

	points(workshop: Workshop, board: BoardId): RestorePoint[] {
		return this.d.history.list(documentName(workshop.id, board));
	}

	save(workshop: Workshop, board: BoardId, actor: Actor & { label: string }, by: string, reason: RestorePoint['reason'] = 'manual'): RestorePoint {
		const state = this.d.collab.read(workshop.id, board, (doc) => Y.encodeStateAsUpdate(doc));
		const point = keepRestorePoint(this.d.history, documentName(workshop.id, board), state, reason, by);
		if (reason === 'manual') this.d.audit.record('board.restore-point-saved', actor, { workshopId: workshop.id, target: board, details: { point: point.id } });
		return point;
	}

	restore(workshop: Workshop, board: BoardId, pointId: string, actor: Actor & { label: string }, by: string): { ok: true } | { ok: false; problem: RestoreProblem } {
		if (this.d.boards.isFrozen(workshop.id, board)) return { ok: false, problem: 'frozen' };
		const name = documentName(workshop.id, board);
		const point = this.d.history.list(name).find((p) => p.id === pointId);
		const state = point ? this.d.history.state(name, pointId) : null;
		if (!point || !state) return { ok: false, problem: 'unknown-point' };
		// the board as it is now stays reachable: a restore can itself be undone
		this.save(workshop, board, actor, by, 'before-restore');
		const target = new Y.Doc();
		Y.applyUpdate(target, state);
		this.d.collab.transact(workshop.id, board, (doc) => convergeTo(doc, target, TEXT_ROOTS[board] ?? [], serverOrigin));
		target.destroy();
		this.d.collab.compact(workshop.id, board);
		this.d.audit.record('board.restored', actor, { workshopId: workshop.id, target: board, details: { point: point.id, takenAt: new Date(point.createdAt).toISOString(), reason: point.reason } });
		return { ok: true };
	}
}

/**
 * The operator's restore (`npm run accord -- board-restore`), on the stored board: what the board
 * holds becomes a restore point, and the change that brings it back to the point is appended to its
 * log like any other update.
 */
export function restoreStored(store: DocumentStore, history: BoardHistoryRepository, name: string, pointId: string): { ok: true; point: RestorePoint } | { ok: false } {
	const point = history.list(name).find((p) => p.id === pointId);
	const state = point ? history.state(name, pointId) : null;
	if (!point || !state) return { ok: false };
	const stored = store.load(name);
	const doc = new Y.Doc();
	doc.transact(() => {
		if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
		for (const u of stored.updates) Y.applyUpdate(doc, u);
	});
	keepRestorePoint(history, name, Y.encodeStateAsUpdate(doc), 'before-restore', 'command line');
	const target = new Y.Doc();
	Y.applyUpdate(target, state);
	const before = Y.encodeStateVector(doc);
	const board = name.slice(name.indexOf('/') + 1) as BoardId;
	convergeTo(doc, target, TEXT_ROOTS[board] ?? [], serverOrigin);
	store.append(name, Y.encodeStateAsUpdate(doc, before));
	doc.destroy();
	target.destroy();
	return { ok: true, point };
}
