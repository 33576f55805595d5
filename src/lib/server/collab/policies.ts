import type * as Y from 'yjs';
import type { BoardId } from '../../domain/boards';
import { acceptanceBasis, voidReasonFor } from '../../domain/dpia/acceptance';
import { readAuthor, stampAuthor, type AttributedRoot } from '../../collab/authors';
import { DPIA_ATTRIBUTED, DPIA_SERVER_ROOTS, DpiaDoc } from '../../collab/dpia-doc';
import { BREACH_ATTRIBUTED, BREACH_SERVER_ROOTS } from '../../collab/breach-doc';
import { COMMENT_SHARED_FIELDS, DPISP_ATTRIBUTED, DPISP_SERVER_ROOTS, DpispDoc } from '../../collab/dpisp-doc';
import { TERMS_ATTRIBUTED, TERMS_SERVER_ROOTS } from '../../collab/terms-doc';
import { LIVE_ATTRIBUTED, LIVE_FACILITATOR_ROOTS, LIVE_SERVER_ROOTS, PARKING_SHARED_FIELDS } from '../../collab/live-doc';
import { parsePositionKey } from '../../domain/dpisp/positions';
import { SERVER_ORIGIN, type Room } from './room';
import type { ConnectionIdentity } from './connection';
import type { UpdatePath } from './update-paths';

/**
 * Which parts of a board a connection may write, checked on the server for every update before it
 * is stored. Returns the reason for a refusal, or null. Observers never get this far: their
 * updates are dropped before any policy runs. `doc` is the board as it is before the update.
 */
export type WritePolicy = (paths: readonly UpdatePath[], writer: ConnectionIdentity, doc: Y.Doc) => string | null;

/** Roots that only the server writes (results it computes, secrets it reveals, who did what). */
export function serverOwnedRoots(roots: readonly string[]): WritePolicy {
	return (paths) => {
		const hit = paths.find((p) => p[0] === '?' || roots.includes(p[0]));
		if (!hit) return null;
		return hit[0] === '?' ? 'the update touches content the server cannot place' : `"${hit[0]}" is written by the server only`;
	};
}

/** The agency a "<item>|<agencyId>" key belongs to. */
const agencyOfPairKey = (key: string) => parsePositionKey(key)?.agencyId ?? null;

/** Entries of `root` that belong to an agency (by default keys "<item>|<agencyId>") may only be written by that agency's members. */
export function agencyOwnedKeys(root: string, refusal = 'only members of that agency may set its position', agencyOf: (key: string) => string | null = agencyOfPairKey): WritePolicy {
	return (paths, writer) => {
		for (const p of paths) {
			if (p[0] !== root) continue;
			const agency = p[1] === undefined ? null : agencyOf(p[1]);
			if (!agency) return `"${root}" entries must name an agency`;
			if (agency !== writer.agencyId) return refusal;
		}
		return null;
	};
}

/**
 * Records of an attributed root (comments, parked questions) whose words belong to their author:
 * once the server has stamped an author, only that account may change or remove the record, except
 * for `shared` fields anyone who edits may set (resolving a comment, say).
 */
export function authorOnlyEdits(root: string, shared: readonly string[], refusal: string): WritePolicy {
	return (paths, writer, doc) => {
		for (const p of paths) {
			if (p[0] !== root || p[1] === undefined) continue;
			if (p.length >= 3 && shared.includes(p[2])) continue;
			const author = readAuthor(doc, root, p[1]);
			if (author && author.userId !== writer.userId) return refusal;
		}
		return null;
	};
}

/** Roots only facilitators write (where everyone is asked to follow). */
export function facilitatorRoots(roots: readonly string[]): WritePolicy {
	return (paths, writer) => (writer.role !== 'facilitator' && paths.some((p) => roots.includes(p[0])) ? 'only facilitators lead the room' : null);
}

export function allOf(...policies: WritePolicy[]): WritePolicy {
	return (paths, writer, doc) => {
		for (const policy of policies) {
			const refusal = policy(paths, writer, doc);
			if (refusal) return refusal;
		}
		return null;
	};
}

export const BOARD_POLICIES: Partial<Record<BoardId, WritePolicy>> = {
	dpia: allOf(serverOwnedRoots(DPIA_SERVER_ROOTS), agencyOwnedKeys('agencyRoles', 'only members of that agency may describe its role', (key) => key || null)),
	dpisp: allOf(
		serverOwnedRoots(DPISP_SERVER_ROOTS),
		agencyOwnedKeys('positions'),
		// personal-data findings are warnings every editor's browser may raise at once (the same id
		// from each): they are stamped with who raised them first, and never refused
		authorOnlyEdits('comments', COMMENT_SHARED_FIELDS, 'only its author may change a comment')
	),
	terms: allOf(serverOwnedRoots(TERMS_SERVER_ROOTS), agencyOwnedKeys('reviews', 'only members of that organisation may review for it')),
	breach: allOf(serverOwnedRoots(BREACH_SERVER_ROOTS), agencyOwnedKeys('people', 'only members of that agency may name its focal points')),
	live: allOf(serverOwnedRoots(LIVE_SERVER_ROOTS), facilitatorRoots(LIVE_FACILITATOR_ROOTS), authorOnlyEdits('parking', PARKING_SHARED_FIELDS, 'only its author may reword a question'))
};

/**
 * What the server does after it accepted a write: stamps who wrote attributed records, and the
 * boards' own follow-ups (see BOARD_AFTER_WRITE).
 */
export type AfterWrite = (room: Room, paths: readonly UpdatePath[], writer: ConnectionIdentity) => void;

function afterAll(...steps: AfterWrite[]): AfterWrite {
	return (room, paths, writer) => {
		for (const step of steps) step(room, paths, writer);
	};
}

/** Stamps the writer's account as the author of every attributed record the write touched. */
export function stampAuthors(roots: readonly AttributedRoot[]): AfterWrite {
	return (room, paths, writer) => {
		const touched = roots.flatMap((target) => [...new Set(paths.filter((p) => p[0] === target.root && p[1] !== undefined).map((p) => p[1]))].map((key) => ({ target, key })));
		if (touched.length === 0) return;
		const author = { userId: writer.userId, name: writer.name, agencyId: writer.agencyId ?? '', at: Date.now() };
		room.serverTransact((doc) => {
			for (const { target, key } of touched) stampAuthor(doc, target, key, doc.getMap(target.root).has(key) ? author : null, SERVER_ORIGIN);
		});
	};
}

/** Protocol board: an edit to a clause's text withdraws the agreements given to the old text, for everyone, and says so. */
const withdrawAgreementsOnTextEdit: AfterWrite = (room, paths, writer) => {
	const edited = new Set(paths.filter((p) => p[0] === 'texts' && p[1] !== undefined && p.length >= 2).map((p) => p[1]));
	if (edited.size === 0) return;
	const dpisp = new DpispDoc(room.doc);
	const withAgreements = [...edited].filter((clauseId) => dpisp.positions().some((p) => p.clauseId === clauseId && (p.value === 'agree' || p.value === 'reservation')));
	if (withAgreements.length === 0) return;
	room.serverTransact(() => {
		for (const clauseId of withAgreements) dpisp.resetAgreements(clauseId, writer.name, Date.now(), SERVER_ORIGIN);
	});
};

/** DPIA board: an acceptance given on ratings or measures that have since changed is void, visibly. */
const voidStaleAcceptances: AfterWrite = (room, paths) => {
	if (!paths.some((p) => p[0] === 'risks' || p[0] === 'measures')) return;
	const dpia = new DpiaDoc(room.doc);
	const measures = dpia.measures();
	const stale = dpia
		.risks()
		.map((r) => ({ r, why: r.acceptance ? voidReasonFor(r.acceptance, acceptanceBasis(r.inherent, r.residual, measures.filter((m) => m.riskId === r.id))) : null }))
		.filter((x) => x.why);
	if (stale.length === 0) return;
	const at = Date.now();
	room.serverTransact(() => {
		for (const { r, why } of stale) dpia.voidAcceptance(r.id, at, why!, SERVER_ORIGIN);
	});
};

export const BOARD_AFTER_WRITE: Partial<Record<BoardId, AfterWrite>> = {
	dpia: afterAll(stampAuthors(DPIA_ATTRIBUTED), voidStaleAcceptances),
	dpisp: afterAll(stampAuthors(DPISP_ATTRIBUTED), withdrawAgreementsOnTextEdit),
	terms: stampAuthors(TERMS_ATTRIBUTED),
	breach: stampAuthors(BREACH_ATTRIBUTED),
	live: stampAuthors(LIVE_ATTRIBUTED)
};
