import type { KitChange, RecordedKitChange } from '../../domain/kit-tailoring';
import type { SqlDb } from '../db/sql';
import type { KitChangeRepository } from './types';

interface Row {
	id: string;
	at: number;
	user_id: string;
	user_name: string;
	change: string;
}

export class SqlKitChangeRepository implements KitChangeRepository {
	constructor(private readonly db: SqlDb) {}

	list(workshopId: string): RecordedKitChange[] {
		const rows = this.db.prepare('SELECT id, at, user_id, user_name, change FROM kit_changes WHERE workshop_id = ? ORDER BY seq').all(workshopId) as Row[];
		return rows.map((r) => ({ id: r.id, at: r.at, by: { userId: r.user_id, name: r.user_name }, change: JSON.parse(r.change) as KitChange }));
	}

	add(workshopId: string, c: RecordedKitChange): void {
		this.db.prepare('INSERT INTO kit_changes (id, workshop_id, at, user_id, user_name, change) VALUES (?, ?, ?, ?, ?, ?)').run(c.id, workshopId, c.at, c.by.userId, c.by.name, JSON.stringify(c.change));
	}
}
