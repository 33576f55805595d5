import { GENESIS_HASH, hashAuditEntry, type AuditEntry, type AuditFields } from '../../domain/audit-chain';
import type { SqlDb } from '../db/sql';
import type { AuditFilter, AuditRepository, StoredAnchor } from './types';

interface AuditRow {
	id: number;
	at: string;
	actor_id: string | null;
	actor_label: string | null;
	agency: string | null;
	role: string | null;
	action: string;
	target: string | null;
	workshop_id: string | null;
	address: string | null;
	details: string | null;
	prev_hash: string;
	hash: string;
}

const toEntry = (r: AuditRow): AuditEntry => ({
	id: r.id,
	at: r.at,
	actorId: r.actor_id,
	actorLabel: r.actor_label,
	agency: r.agency,
	role: r.role,
	action: r.action,
	target: r.target,
	workshopId: r.workshop_id,
	address: r.address,
	details: r.details,
	prevHash: r.prev_hash,
	hash: r.hash
});

export class SqlAuditRepository implements AuditRepository {
	constructor(private readonly db: SqlDb) {}

	append(fields: Omit<AuditFields, 'id'>): AuditEntry {
		// IMMEDIATE takes the write lock before reading the head, so two processes (the server and
		// the command line, or several nodes on one PostgreSQL database) can never chain two entries to
		// the same predecessor.
		return this.db
			.transaction(() => {
				const head = this.head();
				const entry: AuditFields = { ...fields, id: (head?.id ?? 0) + 1 };
				const prevHash = head?.hash ?? GENESIS_HASH;
				const hash = hashAuditEntry(entry, prevHash);
				this.db
					.prepare(
						`INSERT INTO audit_log (id, at, actor_id, actor_label, agency, role, action, target, workshop_id, address, details, prev_hash, hash)
						 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
					)
					.run(entry.id, entry.at, entry.actorId, entry.actorLabel, entry.agency, entry.role, entry.action, entry.target, entry.workshopId, entry.address, entry.details, prevHash, hash);
				this.db
					.prepare('INSERT INTO audit_head (singleton, last_id, last_hash) VALUES (1, ?, ?) ON CONFLICT(singleton) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash')
					.run(entry.id, hash);
				return { ...entry, prevHash, hash };
			})
			.immediate();
	}

	list(filter: AuditFilter): AuditEntry[] {
		const where: string[] = [];
		const args: (string | number)[] = [];
		if (filter.workshopId) {
			where.push('workshop_id = ?');
			args.push(filter.workshopId);
		}
		if (filter.beforeId) {
			where.push('id < ?');
			args.push(filter.beforeId);
		}
		const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
		return (this.db.prepare(sql).all(...args, filter.limit ?? 200) as AuditRow[]).map(toEntry);
	}

	*all(): IterableIterator<AuditEntry> {
		for (const row of this.db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<AuditRow>) yield toEntry(row);
	}

	addAnchor(a: Omit<StoredAnchor, 'id'>): StoredAnchor {
		const id = this.db
			.prepare('INSERT INTO audit_anchors (entry_id, entry_hash, at, reason, certificate, signature) VALUES (?, ?, ?, ?, ?, ?) RETURNING id')
			.pluck()
			.get(a.entry, a.hash, a.at, a.reason, a.certificate, a.signature) as number;
		return { id, ...a };
	}

	anchors(): StoredAnchor[] {
		return (
			this.db.prepare('SELECT id, entry_id, entry_hash, at, reason, certificate, signature FROM audit_anchors ORDER BY id').all() as {
				id: number;
				entry_id: number;
				entry_hash: string;
				at: string;
				reason: string;
				certificate: string;
				signature: string;
			}[]
		).map((r) => ({ id: r.id, entry: r.entry_id, hash: r.entry_hash, at: r.at, reason: r.reason, certificate: r.certificate, signature: r.signature }));
	}

	head(): { id: number; hash: string } | null {
		const row = this.db.prepare('SELECT last_id, last_hash FROM audit_head WHERE singleton = 1').get() as { last_id: number; last_hash: string } | undefined;
		return row ? { id: row.last_id, hash: row.last_hash } : null;
	}
}
