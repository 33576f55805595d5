import type { SqlDb } from '../db/sql';
import type { BoardHistoryRepository, RestorePoint } from './types';

interface Row {
	id: string;
	name: string;
	created_at: number;
	reason: RestorePoint['reason'];
	created_by: string;
	bytes: number;
}

export class SqlBoardHistoryRepository implements BoardHistoryRepository {
	constructor(private readonly db: SqlDb) {}

	add(p: RestorePoint, state: Uint8Array): void {
		this.db
			.prepare('INSERT INTO board_restore_points (id, name, created_at, reason, created_by, bytes, state) VALUES (?, ?, ?, ?, ?, ?, ?)')
			.run(p.id, p.name, p.createdAt, p.reason, p.createdBy, p.bytes, Buffer.from(state.buffer, state.byteOffset, state.byteLength));
	}

	list(name: string): RestorePoint[] {
		return (this.db.prepare('SELECT id, name, created_at, reason, created_by, bytes FROM board_restore_points WHERE name = ? ORDER BY created_at DESC, rowid DESC').all(name) as Row[]).map((r) => ({
			id: r.id,
			name: r.name,
			createdAt: r.created_at,
			reason: r.reason,
			createdBy: r.created_by,
			bytes: r.bytes
		}));
	}

	state(name: string, id: string): Uint8Array | null {
		const state = this.db.prepare('SELECT state FROM board_restore_points WHERE name = ? AND id = ?').pluck().get(name, id) as Buffer | undefined;
		return state ? new Uint8Array(state.buffer, state.byteOffset, state.byteLength) : null;
	}

	prune(name: string, reason: RestorePoint['reason'], keep: number): void {
		this.db
			.prepare('DELETE FROM board_restore_points WHERE name = ? AND reason = ? AND id NOT IN (SELECT id FROM board_restore_points WHERE name = ? AND reason = ? ORDER BY created_at DESC, rowid DESC LIMIT ?)')
			.run(name, reason, name, reason, keep);
	}
}
