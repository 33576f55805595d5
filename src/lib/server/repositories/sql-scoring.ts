import type { SqlDb } from '../db/sql';
import type { PrivateRating, ScoringRepository } from './types';

interface Row {
	workshop_id: string;
	round_id: string;
	risk_id: string;
	user_id: string;
	agency_id: string | null;
	name: string;
	severity: number;
	likelihood: number;
	note: string;
	at: number;
}

export class SqlScoringRepository implements ScoringRepository {
	constructor(private readonly db: SqlDb) {}

	upsert(r: PrivateRating): void {
		this.db
			.prepare(
				`INSERT INTO scoring_ratings (workshop_id, round_id, risk_id, user_id, agency_id, name, severity, likelihood, note, at)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				 ON CONFLICT(round_id, risk_id, user_id) DO UPDATE SET severity = excluded.severity, likelihood = excluded.likelihood, note = excluded.note, at = excluded.at`
			)
			.run(r.workshopId, r.roundId, r.riskId, r.userId, r.agencyId, r.name, r.severity, r.likelihood, r.note, r.at);
	}

	list(workshopId: string, roundId: string): PrivateRating[] {
		const rows = this.db.prepare('SELECT * FROM scoring_ratings WHERE workshop_id = ? AND round_id = ? ORDER BY at').all(workshopId, roundId) as Row[];
		return rows.map((r) => ({
			workshopId: r.workshop_id,
			roundId: r.round_id,
			riskId: r.risk_id,
			userId: r.user_id,
			agencyId: r.agency_id,
			name: r.name,
			severity: r.severity,
			likelihood: r.likelihood,
			note: r.note,
			at: r.at
		}));
	}

	deleteRound(workshopId: string, roundId: string): void {
		this.db.prepare('DELETE FROM scoring_ratings WHERE workshop_id = ? AND round_id = ?').run(workshopId, roundId);
	}

	raters(workshopId: string): string[] {
		return (this.db.prepare('SELECT DISTINCT user_id FROM scoring_ratings WHERE workshop_id = ?').all(workshopId) as { user_id: string }[]).map((r) => r.user_id);
	}
}
