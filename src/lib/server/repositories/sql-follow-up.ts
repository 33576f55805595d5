import type { Change, FollowUpEvent } from '../../domain/follow-up/plan';
import type { SqlDb } from '../db/sql';
import type { FollowUpFile, FollowUpRepository } from './types';

interface EventRow {
	id: string;
	measure_id: string;
	at: number;
	user_id: string;
	user_name: string;
	change: string;
}

interface FileRow {
	id: string;
	freeze_id: string;
	measure_id: string;
	name: string;
	bytes: number;
	sha256: string;
	body: Buffer;
	at: number;
	user_id: string;
}

export class SqlFollowUpRepository implements FollowUpRepository {
	constructor(private readonly db: SqlDb) {}

	events(freezeId: string): FollowUpEvent[] {
		const rows = this.db.prepare('SELECT id, measure_id, at, user_id, user_name, change FROM follow_up_events WHERE freeze_id = ? ORDER BY seq').all(freezeId) as EventRow[];
		return rows.map((r) => ({ id: r.id, measureId: r.measure_id, at: r.at, by: { userId: r.user_id, name: r.user_name }, change: JSON.parse(r.change) as Change }));
	}

	addEvent(freezeId: string, e: FollowUpEvent): void {
		this.db
			.prepare('INSERT INTO follow_up_events (id, freeze_id, measure_id, at, user_id, user_name, change) VALUES (?, ?, ?, ?, ?, ?, ?)')
			.run(e.id, freezeId, e.measureId, e.at, e.by.userId, e.by.name, JSON.stringify(e.change));
	}

	addFile(f: FollowUpFile): void {
		this.db
			.prepare('INSERT INTO follow_up_files (id, freeze_id, measure_id, name, bytes, sha256, body, at, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
			.run(f.id, f.freezeId, f.measureId, f.name, f.bytes, f.sha256, Buffer.from(f.body), f.at, f.userId);
	}

	file(freezeId: string, fileId: string): FollowUpFile | null {
		const r = this.db.prepare('SELECT * FROM follow_up_files WHERE freeze_id = ? AND id = ?').get(freezeId, fileId) as FileRow | undefined;
		return r ? { id: r.id, freezeId: r.freeze_id, measureId: r.measure_id, name: r.name, bytes: r.bytes, sha256: r.sha256, body: new Uint8Array(r.body), at: r.at, userId: r.user_id } : null;
	}
}
