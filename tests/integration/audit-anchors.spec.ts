import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashAuditEntry, type AuditFields } from '../../src/lib/domain/audit-chain';
import { exported, exportLabelsForTests } from '../fixtures/export-labels';
import { cli } from '../fixtures/process';
import { agreeEverything } from '../fixtures/protocol';
import { seedWorkshop, startServer, type SeededWorkshop, type TestServer } from '../fixtures/server';

/**
 * The audit log against someone who can write its database: a lone surrogate that used to break
 * the chain for good, a tail deleted together with the head, rows rewritten with every later hash
 * recomputed. The instance key anchors the chain (at intervals, and at every freeze, signature and
 * export), and every exported protocol carries the head it was made at.
 */
let server: TestServer;
let w: SeededWorkshop;
const actor = () => ({ userId: w.facilitator.user.id, label: 'fatima@example.org' });
const workshop = () => server.app.workshops.get(w.workshopId)!;

beforeEach(async () => {
	server = await startServer();
	w = await seedWorkshop(server.app);
});

afterEach(async () => {
	await server.close();
});

const auditVerify = (...args: string[]) => cli(['audit-verify', ...args], { DATA_DIR: server.dataDir });

/** Opens the database as an attacker would: the append-only triggers dropped. */
function tamper(fn: (db: Database.Database) => void): void {
	const db = new Database(path.join(server.dataDir, 'accord.sqlite'));
	db.exec('DROP TRIGGER IF EXISTS audit_log_no_delete; DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_anchors_no_delete;');
	fn(db);
	db.close();
}

/** Rewrites every row from `from` on so that the chain links again, and the head with it. */
function rechain(db: Database.Database, from: number): void {
	const rows = db.prepare('SELECT * FROM audit_log WHERE id >= ? ORDER BY id').all(from) as Record<string, unknown>[];
	let prev = from === 1 ? GENESIS_HASH : (db.prepare('SELECT hash FROM audit_log WHERE id = ?').pluck().get(from - 1) as string);
	for (const r of rows) {
		const fields: AuditFields = { id: r.id as number, at: r.at as string, actorId: r.actor_id as string | null, actorLabel: r.actor_label as string | null, agency: r.agency as string | null, role: r.role as string | null, action: r.action as string, target: r.target as string | null, workshopId: r.workshop_id as string | null, address: r.address as string | null, details: r.details as string | null };
		const hash = hashAuditEntry(fields, prev);
		db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?').run(prev, hash, fields.id);
		prev = hash;
	}
	const last = db.prepare('SELECT MAX(id) FROM audit_log').pluck().get() as number;
	db.prepare('UPDATE audit_head SET last_id = ?, last_hash = ?').run(last, prev);
}

async function frozenAndExported(): Promise<string> {
	for (const p of [w.participantA, w.participantB]) {
		const m = server.app.workshops.member(w.workshopId, p.user.id)!;
		server.app.workshops.updateMember(w.workshopId, p.user.id, { role: 'participant', agencyId: m.agencyId, isSignatory: true });
	}
	agreeEverything(server.app, w.workshopId);
	expect(server.app.protocol.freeze(workshop(), [], { ...actor(), label: 'Fatima' }).ok).toBe(true);
	const pdf = exported(await server.app.protocol.export(workshop(), 1, 'pdf', exportLabelsForTests, actor()));
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'accord-export-')), 'protocol.pdf');
	fs.writeFileSync(file, pdf);
	return file;
}

describe('the audit log under attack', () => {
	it('stays verifiable after a version is named with a lone surrogate', () => {
		server.app.dpisp.saveVersion(workshop(), 'Draft \ud800 for legal', actor());
		expect(server.app.audit.verify()).toMatchObject({ ok: true });
		const check = auditVerify();
		expect(check.status, check.stderr).toBe(0);
		expect(check.stdout).toContain('The audit log is intact');
	});

	it('anchors the head, signed by the instance key, at every freeze, signature and export', async () => {
		await frozenAndExported();
		const sign = (id: string) => server.app.protocol.sign(workshop(), id, { title: 'Director', attestations: ['authority', 'read', 'implement'], password: 'correct horse battery staple', address: null, userAgent: null }, { userId: id, label: id });
		expect(await sign(w.participantB.user.id)).toEqual({ ok: true });
		server.app.audit.record('sign-in', actor());
		await server.app.protocol.export(workshop(), 1, 'json', exportLabelsForTests, actor());
		const reasons = server.app.db.prepare('SELECT reason FROM audit_anchors ORDER BY id').pluck().all() as string[];
		// the first export found the head already anchored by the freeze
		expect(reasons).toEqual(['freeze', 'signature', 'export']);
		expect(server.app.audit.verify()).toMatchObject({ ok: true, anchors: 3 });
	});

	it('reports a tail deleted together with the head, through the signed anchors', async () => {
		await frozenAndExported();
		for (let i = 0; i < 5; i++) server.app.audit.record('sign-in', actor());
		const anchored = server.app.db.prepare('SELECT MAX(entry_id) FROM audit_anchors').pluck().get() as number;
		tamper((db) => {
			db.prepare('DELETE FROM audit_log WHERE id >= ?').run(anchored - 1);
			const last = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string };
			db.prepare('UPDATE audit_head SET last_id = ?, last_hash = ?').run(last.id, last.hash);
		});
		const check = auditVerify();
		expect(check.status).toBe(1);
		expect(check.stderr).toContain(`entry ${anchored} was anchored`);
		expect(check.stderr).toContain('its tail was deleted');
	});

	it('reports the cut even when the anchors were deleted too, through the head an exported protocol carries', async () => {
		const exported = await frozenAndExported();
		for (let i = 0; i < 3; i++) server.app.audit.record('sign-in', actor());
		tamper((db) => {
			db.exec('DELETE FROM audit_anchors');
			db.prepare('DELETE FROM audit_log WHERE id >= ?').run(3);
			rechain(db, 1);
		});
		expect(auditVerify().status).toBe(0); // nothing left inside the database says otherwise...
		const check = auditVerify('--export', exported);
		expect(check.status).toBe(1); // ...but the file the agencies keep does
		expect(check.stderr).toContain(exported);
		expect(check.stderr).toContain('its tail was deleted');
	});

	it('reports rows edited with every later hash recomputed', async () => {
		await frozenAndExported();
		tamper((db) => {
			db.prepare("UPDATE audit_log SET actor_label = 'someone-else@example.org' WHERE id = 2").run();
			rechain(db, 2);
		});
		const check = auditVerify();
		expect(check.status).toBe(1);
		expect(check.stderr).toContain('the log was rewritten');
	});
});
