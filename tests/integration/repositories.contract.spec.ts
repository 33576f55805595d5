import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db/database';
import { openPostgres } from '../../src/lib/server/db/postgres';
import type { SqlDb } from '../../src/lib/server/db/sql';
import { ensureBundle } from '../../scripts/bundle.js';
import { postgresTestsRun, startTestPostgres, type TestPostgres } from '../fixtures/postgres';
import { SqlAccountRepository } from '../../src/lib/server/repositories/sql-accounts';
import { SqlAuditRepository } from '../../src/lib/server/repositories/sql-audit';
import { SqlDocumentStore } from '../../src/lib/server/repositories/sql-documents';
import { SqlWorkshopRepository } from '../../src/lib/server/repositories/sql-workshops';
import { SqlScoringRepository } from '../../src/lib/server/repositories/sql-scoring';
import { SqlFollowUpRepository } from '../../src/lib/server/repositories/sql-follow-up';
import { SqlKitChangeRepository } from '../../src/lib/server/repositories/sql-kit-changes';
import { SqlMailRepository } from '../../src/lib/server/repositories/sql-mail';
import { SqlProtocolRepository } from '../../src/lib/server/repositories/sql-protocol';
import { PostgresDocumentStore } from '../../src/lib/server/repositories/postgres-documents';
import { SqlRateLimit, SqlThrottleStore } from '../../src/lib/server/repositories/sql-limits';
import { SqlBoardHistoryRepository } from '../../src/lib/server/repositories/sql-board-history';
import { SqlTermsSignatureRepository } from '../../src/lib/server/repositories/sql-terms-signatures';
import type {
	AccountRepository,
	AuditRepository,
	BoardHistoryRepository,
	DocumentStore,
	FollowUpRepository,
	KitChangeRepository,
	MailRecord,
	MailRepository,
	ProtocolRepository,
	ScoringRepository,
	TermsSignatureRepository,
	WorkshopRepository
} from '../../src/lib/server/repositories/types';
import { mergeParts } from '../../src/lib/server/collab/compaction';
import { verifyAuditChain } from '../../src/lib/domain/audit-chain';

/**
 * One contract for every storage implementation: the same repositories over SQLite (on disk and in
 * memory) and over PostgreSQL (a throwaway server from Debian's package, tests/fixtures/postgres.ts;
 * required in CI, left out elsewhere only when the package is not installed).
 */
interface Stores {
	accounts: AccountRepository;
	workshops: WorkshopRepository;
	audit: AuditRepository;
	documents: DocumentStore;
	scoring: ScoringRepository;
	protocols: ProtocolRepository;
	followUp: FollowUpRepository;
	mail: MailRepository;
	kitChanges: KitChangeRepository;
	history: BoardHistoryRepository;
	terms: TermsSignatureRepository;
	db: SqlDb;
	close(): void;
}

const opened: { close(): void }[] = [];
let postgres: TestPostgres | null = null;
let postgresWorker = '';

beforeAll(async () => {
	if (!postgresTestsRun) return;
	postgres = await startTestPostgres();
	postgresWorker = await ensureBundle('postgres-worker', 'src/lib/server/db/postgres-thread.ts');
}, 60_000);

afterAll(() => postgres?.stop());

const IMPLEMENTATIONS: Record<string, () => Stores> = {
	'SQLite on disk': () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-contract-'));
		const db = openDatabase(path.join(dir, 'accord.sqlite'));
		return stores(db, () => fs.rmSync(dir, { recursive: true, force: true }));
	},
	'SQLite in memory': () => stores(openDatabase(':memory:'), () => {}),
	...(postgresTestsRun
		? {
				PostgreSQL: () => {
					const db = openPostgres(postgres!.createDatabase(), { workerFile: postgresWorker });
					return stores(db, () => {}, new PostgresDocumentStore(db, 'node-a'));
				}
			}
		: {})
};

function stores(db: SqlDb, cleanup: () => void, documents: DocumentStore = new SqlDocumentStore(db)): Stores {
	let closed = false;
	const close = () => {
		if (closed) return;
		closed = true;
		db.close();
		cleanup();
	};
	opened.push({ close });
	return {
		accounts: new SqlAccountRepository(db),
		workshops: new SqlWorkshopRepository(db),
		audit: new SqlAuditRepository(db),
		documents,
		scoring: new SqlScoringRepository(db),
		protocols: new SqlProtocolRepository(db),
		followUp: new SqlFollowUpRepository(db),
		mail: new SqlMailRepository(db),
		kitChanges: new SqlKitChangeRepository(db),
		history: new SqlBoardHistoryRepository(db),
		terms: new SqlTermsSignatureRepository(db),
		db,
		close
	};
}

afterEach(() => {
	for (const store of opened.splice(0)) store.close();
});

for (const [name, make] of Object.entries(IMPLEMENTATIONS)) {
	describe(`storage contract: ${name}`, () => {
		it('stores accounts with case-insensitive unique e-mail', () => {
			const s = make();
			const user = s.accounts.create({ email: 'Ana@Example.org', name: 'Ana', passwordHash: 'h', role: 'facilitator', locale: 'fr' });
			expect(s.accounts.byEmailWithSecret('ana@example.org')?.id).toBe(user.id);
			expect(() => s.accounts.create({ email: 'ANA@example.org', name: 'Other', passwordHash: 'h', role: 'member', locale: null })).toThrow();
			expect(s.accounts.count()).toBe(1);
			s.close();
		});

		it('keeps sessions, and signing out everywhere removes them all', () => {
			const s = make();
			const user = s.accounts.create({ email: 'a@example.org', name: 'A', passwordHash: 'h', role: 'member', locale: null });
			s.accounts.createSession({ id: 's1', userId: user.id, expiresAt: 10_000, lastActiveAt: 0, createdAt: 0 });
			s.accounts.createSession({ id: 's2', userId: user.id, expiresAt: 10_000, lastActiveAt: 0, createdAt: 0 });
			expect(s.accounts.session('s1')?.user.id).toBe(user.id);
			expect(s.accounts.deleteSessionsOf(user.id).sort()).toEqual(['s1', 's2']);
			expect(s.accounts.session('s1')).toBeNull();
			s.close();
		});

		it('uses a setup token once', () => {
			const s = make();
			s.accounts.createSetupToken('t', 1_000);
			expect(s.accounts.setupTokenValid('t', 500)).toBe(true);
			expect(s.accounts.takeSetupToken('t', 500)).toBe(true);
			expect(s.accounts.takeSetupToken('t', 500)).toBe(false);
			s.close();
		});

		it('counts invitation uses atomically and stops at the limit, expiry or revocation', () => {
			const s = make();
			const user = s.accounts.create({ email: 'f@example.org', name: 'F', passwordHash: 'h', role: 'facilitator', locale: null });
			s.workshops.create(
				{ id: 'w', title: 'W', context: 'C', date: '2026-12-01', rolloutType: 'inter-agency', language: 'en', kitId: 'k', kitVersion: '1', createdBy: user.id, createdAt: 0 },
				[{ id: 'a', workshopId: 'w', name: 'Agency', shortName: 'A', colour: '#000000', position: 0 }],
				{ userId: user.id, joinedAt: 0 }
			);
			const base = { workshopId: 'w', agencyId: 'a', role: 'participant' as const, isSignatory: false, uses: 0, revokedAt: null, createdBy: user.id, createdAt: 0 };
			s.workshops.createInvitation({ ...base, id: 'i1', expiresAt: 1_000, maxUses: 2 }, 'hash1');
			expect(s.workshops.useInvitation('i1', 10)).toBe(true);
			expect(s.workshops.useInvitation('i1', 10)).toBe(true);
			expect(s.workshops.useInvitation('i1', 10)).toBe(false);
			s.workshops.createInvitation({ ...base, id: 'i2', expiresAt: 1_000, maxUses: 5 }, 'hash2');
			expect(s.workshops.useInvitation('i2', 1_000)).toBe(false);
			expect(s.workshops.revokeInvitation('w', 'i2', 5)).toBe(true);
			expect(s.workshops.invitationByTokenHash('hash2')?.revokedAt).toBe(5);
			expect(s.workshops.member('w', user.id)?.role).toBe('facilitator');
			s.close();
		});

		it('chains audit entries and refuses edits and deletions', () => {
			const s = make();
			for (let i = 0; i < 3; i++) {
				s.audit.append({ at: new Date(i).toISOString(), actorId: null, actorLabel: 'x', agency: null, role: null, action: 'sign-in', target: null, workshopId: null, address: null, details: null });
			}
			expect(verifyAuditChain(s.audit.all(), s.audit.head())).toEqual({ ok: true, count: 3, anchors: 0 });
			expect(s.audit.list({ limit: 2 }).map((e) => e.id)).toEqual([3, 2]);
			s.close();
		});

		it('keeps audit anchors in order, append-only', () => {
			const s = make();
			const anchor = { entry: 1, hash: 'a'.repeat(64), at: new Date(0).toISOString(), reason: 'freeze', certificate: 'PEM', signature: 'c2ln' };
			const stored = s.audit.addAnchor(anchor);
			s.audit.addAnchor({ ...anchor, entry: 2, reason: 'export' });
			expect(s.audit.anchors()).toEqual([stored, { ...anchor, id: stored.id + 1, entry: 2, reason: 'export' }]);
			s.close();
		});

		it('keeps one private rating per person, risk and round, replacing it on change', () => {
			const s = make();
			const user = s.accounts.create({ email: 'p@example.org', name: 'P', passwordHash: 'h', role: 'member', locale: null });
			s.workshops.create(
				{ id: 'w', title: 'W', context: 'C', date: '2026-12-01', rolloutType: 'inter-agency', language: 'en', kitId: 'k', kitVersion: '1', createdBy: user.id, createdAt: 0 },
				[],
				{ userId: user.id, joinedAt: 0 }
			);
			const base = { workshopId: 'w', roundId: 'r', riskId: 'x', userId: user.id, agencyId: null, name: 'P', note: '', at: 1 };
			s.scoring.upsert({ ...base, severity: 2, likelihood: 2 });
			s.scoring.upsert({ ...base, severity: 4, likelihood: 1 });
			s.scoring.upsert({ ...base, riskId: 'y', severity: 1, likelihood: 1 });
			expect(s.scoring.list('w', 'r').map((r) => [r.riskId, r.severity, r.likelihood])).toEqual([
				['x', 4, 1],
				['y', 1, 1]
			]);
			s.scoring.deleteRound('w', 'r');
			expect(s.scoring.list('w', 'r')).toEqual([]);
			s.close();
		});

		it('stores document updates durably and compacts them into one snapshot', () => {
			const s = make();
			const doc = new Y.Doc();
			const updates: Uint8Array[] = [];
			doc.on('update', (u: Uint8Array) => updates.push(u));
			for (let i = 0; i < 10; i++) doc.getMap('m').set(`k${i}`, i);
			s.documents.seed('d', Y.encodeStateAsUpdate(new Y.Doc()));
			for (const u of updates) s.documents.append('d', u);
			const discarded = s.documents.append('d', new Uint8Array([9, 9, 9]));
			s.documents.discard('d', discarded);
			expect(s.documents.load('d').updates).toHaveLength(10);
			const { before, after } = s.documents.compact('d', mergeParts);
			expect(after).toBeLessThan(before);
			const stored = s.documents.load('d');
			expect(stored.updates).toHaveLength(0);
			const copy = new Y.Doc();
			Y.applyUpdate(copy, stored.snapshot!);
			expect(copy.getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON());
			expect(s.documents.load('unknown')).toMatchObject({ snapshot: null, updates: [], bytes: 0 });
			// ids follow on after a fold: the next update of the board is the one after the last stored
			const [next, following] = s.documents.appendMany('d', [updates[0], updates[1]]);
			expect(following).toBe(next + 1);
			expect(next).toBeGreaterThan(discarded);
			s.close();
		});

		it('keeps a workshop with a frozen version, its follow-up in order, evidence files, kit changes and one reminder a day', () => {
			const s = make();
			const user = s.accounts.create({ email: 'f@example.org', name: 'F', passwordHash: 'h', role: 'facilitator', locale: null });
			s.workshops.create(
				{ id: 'w', title: 'W', context: 'C', date: '2026-12-01', rolloutType: 'inter-agency', language: 'en', kitId: 'k', kitVersion: '1', createdBy: user.id, createdAt: 0 },
				[{ id: 'a', workshopId: 'w', name: 'Agency', shortName: 'A', colour: '#000000', position: 0 }],
				{ userId: user.id, joinedAt: 0 }
			);
			s.protocols.addFreeze({ id: 'fz', workshopId: 'w', version: 1, snapshot: '{}', digest: 'd'.repeat(64), expected: '[]', frozenAt: 0, frozenBy: 'F', voidedAt: null, voidedBy: null, voidReason: null });
			const by = { userId: user.id, name: 'F' };
			s.followUp.addEvent('fz', { id: 'e2', measureId: 'm', at: 5, by, change: { type: 'status', status: 'done', reason: '' } });
			s.followUp.addEvent('fz', { id: 'e1', measureId: 'm', at: 3, by, change: { type: 'evidence', evidence: { kind: 'note', text: 'n' } } });
			// in the order recorded
			expect(s.followUp.events('fz').map((e) => e.id)).toEqual(['e2', 'e1']);
			expect(s.followUp.events('other')).toEqual([]);
			s.followUp.addFile({ id: 'f1', freezeId: 'fz', measureId: 'm', name: 'a.csv', bytes: 3, sha256: 'x', body: new Uint8Array([1, 2, 3]), at: 1, userId: user.id });
			expect(s.followUp.file('fz', 'f1')).toMatchObject({ name: 'a.csv', body: new Uint8Array([1, 2, 3]) });
			expect(s.followUp.file('other-freeze', 'f1')).toBeNull();

			s.kitChanges.add('w', { id: 'k2', at: 2, by, change: { type: 'risk-out', riskId: 'r' } });
			s.kitChanges.add('w', { id: 'k1', at: 1, by, change: { type: 'parameter', key: 'consentAge', value: 16 } });
			expect(s.kitChanges.list('w').map((c) => c.id)).toEqual(['k2', 'k1']);

			const reminder = (id: string, day: string): MailRecord => ({ id, workshopId: 'w', kind: 'reminder', recipient: user.id, day, subject: 's', status: 'sending', error: null, at: 0 });
			expect(s.mail.claimReminder(reminder('r1', '2027-01-01'))).toBe(true);
			expect(s.mail.claimReminder(reminder('r2', '2027-01-01'))).toBe(false);
			s.mail.release('r1');
			expect(s.mail.claimReminder(reminder('r3', '2027-01-01'))).toBe(true);
			s.mail.finish('r3', 'sent', null);
			expect(s.mail.claimReminder(reminder('r4', '2027-01-02'))).toBe(true);
			expect(s.mail.list('w').map((r) => [r.id, r.status])).toEqual([
				['r3', 'sent'],
				['r4', 'sending']
			]);
			s.mail.setQuiet('w', user.id, true);
			expect(s.mail.isQuiet('w', user.id)).toBe(true);
			s.mail.setQuiet('w', user.id, false);
			expect(s.mail.isQuiet('w', user.id)).toBe(false);
			s.close();
		});

		it('replaces a stored export, records one Terms signature per organisation and version, and keeps restore points newest first', () => {
			const s = make();
			const user = s.accounts.create({ email: 'f@example.org', name: 'F', passwordHash: 'h', role: 'facilitator', locale: null });
			s.workshops.create(
				{ id: 'w', title: 'W', context: 'C', date: '2026-12-01', rolloutType: 'inter-agency', language: 'en', kitId: 'k', kitVersion: '1', createdBy: user.id, createdAt: 0 },
				[{ id: 'a', workshopId: 'w', name: 'Agency', shortName: 'A', colour: '#000000', position: 0 }],
				{ userId: user.id, joinedAt: 0 }
			);
			s.protocols.addFreeze({ id: 'fz', workshopId: 'w', version: 1, snapshot: '{}', digest: 'd'.repeat(64), expected: '[]', frozenAt: 0, frozenBy: 'F', voidedAt: null, voidedBy: null, voidReason: null });
			s.protocols.storeExport('fz', 'pdf', 'signed', { name: 'one.pdf', type: 'application/pdf', body: new Uint8Array([1]) });
			s.protocols.storeExport('fz', 'pdf', 'signed', { name: 'two.pdf', type: 'application/pdf', body: new Uint8Array([2, 2]) });
			expect(s.protocols.storedExport('fz', 'pdf', 'signed')).toMatchObject({ name: 'two.pdf', body: new Uint8Array([2, 2]) });
			expect(s.protocols.storedExport('fz', 'docx', 'signed')).toBeNull();

			const signature = { workshopId: 'w', agencyId: 'a', version: 1, userId: user.id, fullName: 'F', email: 'f@example.org', title: 'Director', digest: 'e'.repeat(64), authMethod: 'password', address: null, userAgent: null, at: 1 };
			expect(s.terms.add({ ...signature, id: 't1' })).toBe(true);
			expect(s.terms.add({ ...signature, id: 't2' })).toBe(false);
			expect(s.terms.list('w').map((t) => t.id)).toEqual(['t1']);
			expect(s.terms.knows('e'.repeat(64))).toBe(true);

			// three points in the same millisecond: newest first is the order they were kept in
			for (const id of ['p1', 'p2', 'p3']) s.history.add({ id, name: 'w/dpia', createdAt: 7, reason: 'manual', createdBy: 'F', bytes: 1 }, new Uint8Array([1]));
			expect(s.history.list('w/dpia').map((p) => p.id)).toEqual(['p3', 'p2', 'p1']);
			s.history.prune('w/dpia', 'manual', 2);
			expect(s.history.list('w/dpia').map((p) => p.id)).toEqual(['p3', 'p2']);
			expect(s.history.state('w/dpia', 'p3')).toEqual(new Uint8Array([1]));
			s.close();
		});

		it('keeps throttles and rate limits in the database, the same for every node', () => {
			const s = make();
			const pairs = new SqlThrottleStore<{ failures: number; last: number }>(s.db, 'pair');
			pairs.set('a|1.2.3.4', { failures: 2, last: 10 });
			pairs.set('a|1.2.3.4', { failures: 3, last: 11 });
			expect(pairs.get('a|1.2.3.4')).toEqual({ failures: 3, last: 11 });
			expect([...pairs.keys()]).toEqual(['a|1.2.3.4']);
			expect(new SqlThrottleStore(s.db, 'address').get('a|1.2.3.4')).toBeUndefined();
			pairs.delete('a|1.2.3.4');
			expect(pairs.get('a|1.2.3.4')).toBeUndefined();

			const exports = new SqlRateLimit(s.db, 'export', 2);
			expect([exports.spend('ana', 1_000), exports.spend('ana', 2_000), exports.spend('ana', 3_000), exports.spend('bo', 3_000)]).toEqual([true, true, false, true]);
			// a sliding minute: the first leaves it at 61 s
			expect(exports.spend('ana', 61_001)).toBe(true);
			expect(exports.spend('ana', 61_002)).toBe(false);
			exports.prune(200_000);
			expect(exports.spend('ana', 200_001)).toBe(true);
			s.close();
		});
	});
}
