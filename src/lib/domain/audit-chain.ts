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
	| { ok: true; count: number }
	| { ok: false; count: number; brokenAt: number; reason: string };

/** Walks entries in id order. `head` is the last hash recorded when the last entry was written. */
export function verifyAuditChain(entries: Iterable<AuditEntry>, head: { id: number; hash: string } | null): ChainCheck {
	let prev = GENESIS_HASH;
	let prevId = 0;
	let count = 0;
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
		prev = entry.hash;
		prevId = entry.id;
	}
	if (head && (head.id !== prevId || head.hash !== prev)) {
		return { ok: false, count, brokenAt: prevId + 1, reason: `the log ends at entry ${prevId} but entry ${head.id} was written` };
	}
	return { ok: true, count };
}
