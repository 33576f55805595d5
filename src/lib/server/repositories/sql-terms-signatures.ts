import type { SqlDb } from '../db/sql';
import type { TermsSignature, TermsSignatureRepository } from './types';

interface Row {
	id: string;
	workshop_id: string;
	agency_id: string;
	version: number;
	user_id: string;
	full_name: string;
	email: string;
	title: string;
	digest: string;
	auth_method: string;
	address: string | null;
	user_agent: string | null;
	at: number;
}

export class SqlTermsSignatureRepository implements TermsSignatureRepository {
	constructor(private readonly db: SqlDb) {}

	add(s: TermsSignature): boolean {
		const result = this.db
			.prepare(
				'INSERT INTO terms_signatures (id, workshop_id, agency_id, version, user_id, full_name, email, title, digest, auth_method, address, user_agent, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING'
			)
			.run(s.id, s.workshopId, s.agencyId, s.version, s.userId, s.fullName, s.email, s.title, s.digest, s.authMethod, s.address, s.userAgent, s.at);
		return result.changes === 1;
	}

	list(workshopId: string): TermsSignature[] {
		const rows = this.db.prepare('SELECT * FROM terms_signatures WHERE workshop_id = ? ORDER BY version, at').all(workshopId) as Row[];
		return rows.map((r) => ({
			id: r.id,
			workshopId: r.workshop_id,
			agencyId: r.agency_id,
			version: r.version,
			userId: r.user_id,
			fullName: r.full_name,
			email: r.email,
			title: r.title,
			digest: r.digest,
			authMethod: r.auth_method,
			address: r.address,
			userAgent: r.user_agent,
			at: r.at
		}));
	}

	knows(digest: string): boolean {
		return this.db.prepare('SELECT 1 FROM terms_signatures WHERE digest = ? LIMIT 1').get(digest) !== undefined;
	}
}
