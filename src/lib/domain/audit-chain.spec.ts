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
		expect(verifyAuditChain(entries, headOf(entries))).toEqual({ ok: true, count: 5, anchors: 0 });
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

	it('catches a tail deleted together with the head, through an anchor', () => {
		const entries = chain(6);
		const anchor = { entry: 5, hash: entries[4].hash, at: '2026-11-26T10:05:00.000Z', source: 'anchor 2', trusted: true };
		const cut = entries.slice(0, 3);
		// without anchors, a head rewritten to the new last entry makes the cut invisible
		expect(verifyAuditChain(cut, headOf(cut))).toMatchObject({ ok: true });
		expect(verifyAuditChain(cut, headOf(cut), [anchor])).toMatchObject({ ok: false, brokenAt: 4, reason: expect.stringContaining('tail was deleted') });
	});

	it('catches rows edited with every later hash recomputed, through an anchor', () => {
		const original = chain(5);
		const anchor = { entry: 4, hash: original[3].hash, at: '2026-11-26T10:04:00.000Z', source: 'export', trusted: true };
		// the forger rewrites entry 2 and recomputes 2..5 so that the chain links again
		const forged: AuditEntry[] = [];
		let prev = GENESIS_HASH;
		for (const e of original) {
			const fields = e.id === 2 ? { ...e, actorLabel: 'someone-else@example.org' } : e;
			const hash = hashAuditEntry(fields, prev);
			forged.push({ ...fields, prevHash: prev, hash });
			prev = hash;
		}
		expect(verifyAuditChain(forged, headOf(forged))).toMatchObject({ ok: true });
		expect(verifyAuditChain(forged, headOf(forged), [anchor])).toMatchObject({ ok: false, brokenAt: 4, reason: expect.stringContaining('rewritten') });
	});

	it('refuses an anchor whose signature does not check out', () => {
		const entries = chain(3);
		expect(verifyAuditChain(entries, headOf(entries), [{ entry: 2, hash: entries[1].hash, at: 'x', source: 'anchor 1', trusted: false }])).toMatchObject({ ok: false });
	});
});
