import type { SqlDb } from '../db/sql';
import type { Freeze, ProtocolRepository, SignatureRecord, StoredExport } from './types';

interface FreezeRow {
	id: string;
	workshop_id: string;
	version: number;
	snapshot: string;
	digest: string;
	expected: string;
	frozen_at: number;
	frozen_by: string;
	voided_at: number | null;
	voided_by: string | null;
	void_reason: string | null;
}

const toFreeze = (r: FreezeRow): Freeze => ({
	id: r.id,
	workshopId: r.workshop_id,
	version: r.version,
	snapshot: r.snapshot,
	digest: r.digest,
	expected: r.expected,
	frozenAt: r.frozen_at,
	frozenBy: r.frozen_by,
	voidedAt: r.voided_at,
	voidedBy: r.voided_by,
	voidReason: r.void_reason
});

interface SignatureRow {
	id: string;
	freeze_id: string;
	kind: SignatureRecord['kind'];
	user_id: string;
	agency_id: string | null;
	decision: SignatureRecord['decision'];
	full_name: string;
	email: string;
	title: string;
	attestations: string;
	reason: string;
	digest: string;
	auth_method: string;
	address: string | null;
	user_agent: string | null;
	at: number;
}

export class SqlProtocolRepository implements ProtocolRepository {
	constructor(private readonly db: SqlDb) {}

	addFreeze(f: Freeze): void {
		this.db
			.prepare(
				`INSERT INTO protocol_freezes (id, workshop_id, version, snapshot, digest, expected, frozen_at, frozen_by, voided_at, voided_by, void_reason)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
			)
			.run(f.id, f.workshopId, f.version, f.snapshot, f.digest, f.expected, f.frozenAt, f.frozenBy, f.voidedAt, f.voidedBy, f.voidReason);
	}

	freezes(workshopId: string): Freeze[] {
		return (this.db.prepare('SELECT * FROM protocol_freezes WHERE workshop_id = ? ORDER BY version').all(workshopId) as FreezeRow[]).map(toFreeze);
	}

	freezeByDigest(digest: string): Freeze | null {
		const row = this.db.prepare('SELECT * FROM protocol_freezes WHERE digest = ? ORDER BY frozen_at DESC LIMIT 1').get(digest) as FreezeRow | undefined;
		return row ? toFreeze(row) : null;
	}

	activeFreeze(workshopId: string): Freeze | null {
		const row = this.db.prepare('SELECT * FROM protocol_freezes WHERE workshop_id = ? AND voided_at IS NULL ORDER BY version DESC LIMIT 1').get(workshopId) as FreezeRow | undefined;
		return row ? toFreeze(row) : null;
	}

	activeWorkshops(): string[] {
		return this.db.prepare('SELECT DISTINCT workshop_id FROM protocol_freezes WHERE voided_at IS NULL').pluck().all() as string[];
	}

	voidFreeze(id: string, at: number, by: string, reason: string): void {
		this.db.prepare('UPDATE protocol_freezes SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ? AND voided_at IS NULL').run(at, by, reason, id);
	}

	storedExport(freezeId: string, format: string, variant: string): StoredExport | null {
		const row = this.db.prepare('SELECT name, type, body FROM protocol_exports WHERE freeze_id = ? AND format = ? AND variant = ?').get(freezeId, format, variant) as { name: string; type: string; body: Buffer } | undefined;
		return row ? { name: row.name, type: row.type, body: new Uint8Array(row.body.buffer, row.body.byteOffset, row.body.byteLength) } : null;
	}

	storeExport(freezeId: string, format: string, variant: string, file: StoredExport): void {
		this.db
			.prepare('INSERT INTO protocol_exports (freeze_id, format, variant, name, type, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (freeze_id, format, variant) DO UPDATE SET name = excluded.name, type = excluded.type, body = excluded.body, created_at = excluded.created_at')
			.run(freezeId, format, variant, file.name, file.type, Buffer.from(file.body.buffer, file.body.byteOffset, file.body.byteLength), Date.now());
	}

	addSignature(s: SignatureRecord): void {
		this.db
			.prepare(
				`INSERT INTO protocol_signatures (id, freeze_id, kind, user_id, agency_id, decision, full_name, email, title, attestations, reason, digest, auth_method, address, user_agent, at)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
			)
			.run(s.id, s.freezeId, s.kind, s.userId, s.agencyId, s.decision, s.fullName, s.email, s.title, s.attestations, s.reason, s.digest, s.authMethod, s.address, s.userAgent, s.at);
	}

	signatures(freezeId: string): SignatureRecord[] {
		return (this.db.prepare('SELECT * FROM protocol_signatures WHERE freeze_id = ? ORDER BY at').all(freezeId) as SignatureRow[]).map((r) => ({
			id: r.id,
			freezeId: r.freeze_id,
			kind: r.kind,
			userId: r.user_id,
			agencyId: r.agency_id,
			decision: r.decision,
			fullName: r.full_name,
			email: r.email,
			title: r.title,
			attestations: r.attestations,
			reason: r.reason,
			digest: r.digest,
			authMethod: r.auth_method,
			address: r.address,
			userAgent: r.user_agent,
			at: r.at
		}));
	}
}
