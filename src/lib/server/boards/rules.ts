import { readAuthor, stampAuthor, type AttributedRoot } from '../../collab/authors';
import { serverOrigin } from '../../collab/origins';
import { parsePositionKey } from '../../domain/dpisp/positions';
import type { AfterWrite, WritePolicy } from '../collab/types';

/**
 * The building blocks of the boards' write rules, checked on the server for every update before it
 * is stored (see each board's module in this folder). A policy returns the reason for a refusal, or
 * null; `doc` is the board as it is before the update.
 */

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

/** Runs follow-ups one after the other. */
export function afterAll(...steps: AfterWrite[]): AfterWrite {
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
			for (const { target, key } of touched) stampAuthor(doc, target, key, doc.getMap(target.root).has(key) ? author : null, serverOrigin);
		});
	};
}

