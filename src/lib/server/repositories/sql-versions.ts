import type { SqlDb } from '../db/sql';
import type { ProtocolVersion, VersionRepository } from './types';

export class SqlVersionRepository implements VersionRepository {
	constructor(private readonly db: SqlDb) {}

	add(v: ProtocolVersion): void {
		this.db
			.prepare('INSERT INTO protocol_versions (id, workshop_id, name, content, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)')
			.run(v.id, v.workshopId, v.name, v.content, v.createdBy, v.createdAt);
	}

	list(workshopId: string): ProtocolVersion[] {
		const rows = this.db.prepare('SELECT * FROM protocol_versions WHERE workshop_id = ? ORDER BY created_at').all(workshopId) as {
			id: string;
			workshop_id: string;
			name: string;
			content: string;
			created_by: string;
			created_at: number;
		}[];
		return rows.map((r) => ({ id: r.id, workshopId: r.workshop_id, name: r.name, content: r.content, createdBy: r.created_by, createdAt: r.created_at }));
	}
}
