import type { SqlDb } from '../db/sql';
import type { MailRecord, MailRepository } from './types';

interface Row {
	id: string;
	workshop_id: string | null;
	kind: MailRecord['kind'];
	recipient: string;
	day: string;
	subject: string;
	status: MailRecord['status'];
	error: string | null;
	at: number;
}

const INSERT = 'INTO mail_log (id, workshop_id, kind, recipient, day, subject, status, error, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)';
const values = (r: MailRecord) => [r.id, r.workshopId, r.kind, r.recipient, r.day, r.subject, r.status, r.error, r.at];

export class SqlMailRepository implements MailRepository {
	constructor(private readonly db: SqlDb) {}

	add(record: MailRecord): void {
		this.db.prepare(`INSERT ${INSERT}`).run(...values(record));
	}

	claimReminder(record: MailRecord): boolean {
		return this.db.prepare(`INSERT ${INSERT} ON CONFLICT DO NOTHING`).run(...values(record)).changes === 1;
	}

	finish(id: string, status: 'sent' | 'failed', error: string | null): void {
		this.db.prepare('UPDATE mail_log SET status = ?, error = ? WHERE id = ?').run(status, error, id);
	}

	release(id: string): void {
		this.db.prepare('DELETE FROM mail_log WHERE id = ?').run(id);
	}

	list(workshopId: string): MailRecord[] {
		const rows = this.db.prepare('SELECT * FROM mail_log WHERE workshop_id = ? ORDER BY at, rowid').all(workshopId) as Row[];
		return rows.map((r) => ({ id: r.id, workshopId: r.workshop_id, kind: r.kind, recipient: r.recipient, day: r.day, subject: r.subject, status: r.status, error: r.error, at: r.at }));
	}

	isQuiet(workshopId: string, userId: string): boolean {
		return this.db.prepare('SELECT 1 FROM reminder_quiet WHERE workshop_id = ? AND user_id = ?').get(workshopId, userId) !== undefined;
	}

	setQuiet(workshopId: string, userId: string, quiet: boolean): void {
		if (quiet) this.db.prepare('INSERT INTO reminder_quiet (workshop_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING').run(workshopId, userId);
		else this.db.prepare('DELETE FROM reminder_quiet WHERE workshop_id = ? AND user_id = ?').run(workshopId, userId);
	}
}
