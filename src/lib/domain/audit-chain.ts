import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

/**
 * The audit log is a hash chain: each entry carries the hash of the entry before it, and its own
 * hash covers its fields and that previous hash. Editing or deleting any row breaks the chain at
 * that row; the chain head (kept beside the table) catches a deleted last row.
 */
export interface AuditFields {
	id: number;
	at: string;
	actorId: string | null;
	actorLabel: string | null;
	agency: string | null;
	role: string | null;
	action: string;
	target: string | null;
	workshopId: string | null;
	address: string | null;
	details: string | null;
}

export interface AuditEntry extends AuditFields {
	prevHash: string;
	hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export function hashAuditEntry(fields: AuditFields, prevHash: string): string {
	const canonical = JSON.stringify([
		fields.id,
		fields.at,
		fields.actorId,
		fields.actorLabel,
		fields.agency,
		fields.role,
		fields.action,
		fields.target,
		fields.workshopId,
		fields.address,
		fields.details,
		prevHash
	]);
	return encodeHexLowerCase(sha256(new TextEncoder().encode(canonical)));
}

export type ChainCheck =
	| { ok: true; count: number; anchors: number }
	| { ok: false; count: number; brokenAt: number; reason: string };

/**
 * A point of the chain vouched for from outside the table: the instance key's signature over an
 * entry's id and hash (kept in `audit_anchors`), or the audit head an exported protocol carries
 * under its seal. `trusted` says whether that signature or seal checked out.
 */
export interface ChainAnchor {
	entry: number;
	hash: string;
	at: string;
	source: string;
	trusted: boolean;
}

/** What an anchor signs: the same bytes whoever checks it. */
export function anchorPayload(a: { entry: number; hash: string; at: string; reason: string }): string {
	return JSON.stringify([a.entry, a.hash, a.at, a.reason]);
}

/**
 * Walks entries in id order. `head` is the last hash recorded when the last entry was written.
 * Anchors catch what the chain alone cannot: a tail deleted together with the head, or rows edited
 * with every later hash recomputed.
 */
export function verifyAuditChain(entries: Iterable<AuditEntry>, head: { id: number; hash: string } | null, anchors: readonly ChainAnchor[] = []): ChainCheck {
	let prev = GENESIS_HASH;
	let prevId = 0;
	let count = 0;
	const anchored = new Map<number, ChainAnchor[]>();
	for (const a of anchors) {
		if (!a.trusted) return { ok: false, count: 0, brokenAt: a.entry, reason: `the anchor of entry ${a.entry} (${a.source}, ${a.at}) is not signed by this instance's key` };
		anchored.set(a.entry, [...(anchored.get(a.entry) ?? []), a]);
	}
	for (const entry of entries) {
		count++;
		if (entry.id !== prevId + 1) {
			return { ok: false, count, brokenAt: entry.id, reason: `entries ${prevId + 1}–${entry.id - 1} are missing` };
		}
		if (entry.prevHash !== prev) {
			return { ok: false, count, brokenAt: entry.id, reason: 'does not link to the entry before it' };
		}
		if (hashAuditEntry(entry, entry.prevHash) !== entry.hash) {
			return { ok: false, count, brokenAt: entry.id, reason: 'its content was changed after it was written' };
		}
		for (const a of anchored.get(entry.id) ?? []) {
			if (a.hash !== entry.hash) return { ok: false, count, brokenAt: entry.id, reason: `entry ${entry.id} is not the entry anchored at ${a.at} (${a.source}): the log was rewritten from there on` };
		}
		prev = entry.hash;
		prevId = entry.id;
	}
	if (head && (head.id !== prevId || head.hash !== prev)) {
		return { ok: false, count, brokenAt: prevId + 1, reason: `the log ends at entry ${prevId} but entry ${head.id} was written` };
	}
	const beyond = anchors.filter((a) => a.entry > prevId).sort((a, b) => b.entry - a.entry)[0];
	if (beyond) return { ok: false, count, brokenAt: prevId + 1, reason: `the log ends at entry ${prevId} but entry ${beyond.entry} was anchored at ${beyond.at} (${beyond.source}): its tail was deleted` };
	return { ok: true, count, anchors: anchors.length };
}
