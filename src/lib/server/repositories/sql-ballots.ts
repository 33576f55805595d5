import type { SqlDb } from '../db/sql';
import type { BallotRepository, StoredBallot } from './types';

interface Row {
	workshop_id: string;
	vote_id: string;
	user_id: string;
	allocations: string;
	at: number;
}

export class SqlBallotRepository implements BallotRepository {
	constructor(private readonly db: SqlDb) {}

	upsert(b: StoredBallot): void {
		this.db
			.prepare(
				`INSERT INTO vote_ballots (workshop_id, vote_id, user_id, allocations, at) VALUES (?, ?, ?, ?, ?)
				 ON CONFLICT(vote_id, user_id) DO UPDATE SET allocations = excluded.allocations, at = excluded.at`
			)
			.run(b.workshopId, b.voteId, b.userId, JSON.stringify(b.allocations), b.at);
	}

	list(workshopId: string, voteId: string): StoredBallot[] {
		const rows = this.db.prepare('SELECT * FROM vote_ballots WHERE workshop_id = ? AND vote_id = ? ORDER BY at').all(workshopId, voteId) as Row[];
		return rows.map((r) => ({ workshopId: r.workshop_id, voteId: r.vote_id, userId: r.user_id, allocations: JSON.parse(r.allocations) as Record<string, number>, at: r.at }));
	}
}
