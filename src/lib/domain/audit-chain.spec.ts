import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashAuditEntry, verifyAuditChain, type AuditEntry, type AuditFields } from './audit-chain';

function chain(n: number): AuditEntry[] {
	const out: AuditEntry[] = [];
	let prev = GENESIS_HASH;
	for (let id = 1; id <= n; id++) {
		const fields: AuditFields = {
			id,
			at: `2026-11-26T10:00:0${id}.000Z`,
			actorId: 'u1',
			actorLabel: 'ana@example.org',
			agency: 'UNICEF',
			role: 'facilitator',
			action: 'workshop.created',
			target: `w${id}`,
			workshopId: `w${id}`,
			address: '127.0.0.1',
			details: null
		};
		const hash = hashAuditEntry(fields, prev);
		out.push({ ...fields, prevHash: prev, hash });
		prev = hash;
	}
	return out;
}

const headOf = (entries: AuditEntry[]) => ({ id: entries.at(-1)!.id, hash: entries.at(-1)!.hash });

describe('audit chain', () => {
	it('accepts an untouched chain', () => {
		const entries = chain(5);
		expect(verifyAuditChain(entries, headOf(entries))).toEqual({ ok: true, count: 5 });
	});

	it('names the first edited entry', () => {
		const entries = chain(5);
		entries[2] = { ...entries[2], target: 'someone-else' };
		expect(verifyAuditChain(entries, headOf(chain(5)))).toMatchObject({ ok: false, brokenAt: 3 });
	});

	it('detects a deleted entry in the middle', () => {
		const entries = chain(5);
		const head = headOf(entries);
		entries.splice(1, 1);
		expect(verifyAuditChain(entries, head)).toMatchObject({ ok: false, brokenAt: 3 });
	});

	it('detects a deleted last entry through the head', () => {
		const entries = chain(5);
		const head = headOf(entries);
		expect(verifyAuditChain(entries.slice(0, 4), head)).toMatchObject({ ok: false, brokenAt: 5 });
	});

	it('detects a re-hashed edit that no longer links', () => {
		const entries = chain(3);
		const head = headOf(entries);
		const edited = { ...entries[1], action: 'sign-in' };
		entries[1] = { ...edited, hash: hashAuditEntry(edited, edited.prevHash) };
		expect(verifyAuditChain(entries, head)).toMatchObject({ ok: false, brokenAt: 3 });
	});

	it('gives every change another hash', () => {
		const [entry] = chain(1);
		expect(hashAuditEntry({ ...entry, address: null }, entry.prevHash)).not.toBe(entry.hash);
		expect(hashAuditEntry(entry, entry.prevHash)).toBe(entry.hash);
	});
});
