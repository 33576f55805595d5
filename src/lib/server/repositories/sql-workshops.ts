import { nameKey } from '../../domain/text';
import type { SqlDb } from '../db/sql';
import type { Agency, Invitation, Member, Workshop, WorkshopRepository } from './types';

interface WorkshopRow {
	id: string;
	title: string;
	context: string;
	date: string;
	rollout_type: Workshop['rolloutType'];
	language: string;
	kit_id: string;
	kit_version: string;
	created_by: string;
	created_at: number;
}

const toWorkshop = (r: WorkshopRow): Workshop => ({
	id: r.id,
	title: r.title,
	context: r.context,
	date: r.date,
	rolloutType: r.rollout_type,
	language: r.language,
	kitId: r.kit_id,
	kitVersion: r.kit_version,
	createdBy: r.created_by,
	createdAt: r.created_at
});

interface MemberRow {
	workshop_id: string;
	user_id: string;
	name: string;
	email: string;
	role: Member['role'];
	agency_id: string | null;
	is_signatory: number;
	joined_at: number;
}

const toMember = (r: MemberRow): Member => ({
	workshopId: r.workshop_id,
	userId: r.user_id,
	name: r.name,
	email: r.email,
	role: r.role,
	agencyId: r.agency_id,
	isSignatory: r.is_signatory === 1,
	joinedAt: r.joined_at
});

interface InvitationRow {
	id: string;
	workshop_id: string;
	agency_id: string;
	role: Invitation['role'];
	is_signatory: number;
	expires_at: number;
	max_uses: number;
	uses: number;
	revoked_at: number | null;
	created_by: string;
	created_at: number;
}

const toInvitation = (r: InvitationRow): Invitation => ({
	id: r.id,
	workshopId: r.workshop_id,
	agencyId: r.agency_id,
	role: r.role,
	isSignatory: r.is_signatory === 1,
	expiresAt: r.expires_at,
	maxUses: r.max_uses,
	uses: r.uses,
	revokedAt: r.revoked_at,
	createdBy: r.created_by,
	createdAt: r.created_at
});

/** A member's name is the account's, unless another member of the workshop had it first (see addMember). */
const MEMBER_SELECT = `SELECT m.*, coalesce(m.display_name, u.name) AS name, u.email FROM memberships m JOIN users u ON u.id = m.user_id`;

export class SqlWorkshopRepository implements WorkshopRepository {
	constructor(private readonly db: SqlDb) {}

	create(w: Workshop, agencies: Agency[], facilitator: { userId: string; joinedAt: number }): void {
		this.db.transaction(() => {
			this.db
				.prepare(
					`INSERT INTO workshops (id, title, context, date, rollout_type, language, kit_id, kit_version, created_by, created_at)
					 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
				)
				.run(w.id, w.title, w.context, w.date, w.rolloutType, w.language, w.kitId, w.kitVersion, w.createdBy, w.createdAt);
			const insertAgency = this.db.prepare('INSERT INTO agencies (id, workshop_id, name, short_name, colour, position) VALUES (?, ?, ?, ?, ?, ?)');
			for (const a of agencies) insertAgency.run(a.id, w.id, a.name, a.shortName, a.colour, a.position);
			this.db
				.prepare(`INSERT INTO memberships (workshop_id, user_id, role, agency_id, is_signatory, joined_at) VALUES (?, ?, 'facilitator', NULL, 0, ?)`)
				.run(w.id, facilitator.userId, facilitator.joinedAt);
		})();
	}

	get(id: string): Workshop | null {
		const row = this.db.prepare('SELECT * FROM workshops WHERE id = ?').get(id) as WorkshopRow | undefined;
		return row ? toWorkshop(row) : null;
	}

	listForUser(userId: string): (Workshop & { role: Member['role'] })[] {
		const rows = this.db
			.prepare('SELECT w.*, m.role FROM workshops w JOIN memberships m ON m.workshop_id = w.id WHERE m.user_id = ? ORDER BY w.date DESC, w.created_at DESC')
			.all(userId) as (WorkshopRow & { role: Member['role'] })[];
		return rows.map((r) => ({ ...toWorkshop(r), role: r.role }));
	}

	listAll(): Workshop[] {
		return (this.db.prepare('SELECT * FROM workshops ORDER BY date DESC, created_at DESC').all() as WorkshopRow[]).map(toWorkshop);
	}

	agencies(workshopId: string): Agency[] {
		const rows = this.db.prepare('SELECT * FROM agencies WHERE workshop_id = ? ORDER BY position').all(workshopId) as {
			id: string;
			workshop_id: string;
			name: string;
			short_name: string;
			colour: string;
			position: number;
		}[];
		return rows.map((r) => ({ id: r.id, workshopId: r.workshop_id, name: r.name, shortName: r.short_name, colour: r.colour, position: r.position }));
	}

	members(workshopId: string): Member[] {
		return (this.db.prepare(`${MEMBER_SELECT} WHERE m.workshop_id = ? ORDER BY m.joined_at`).all(workshopId) as MemberRow[]).map(toMember);
	}

	member(workshopId: string, userId: string): Member | null {
		const row = this.db.prepare(`${MEMBER_SELECT} WHERE m.workshop_id = ? AND m.user_id = ?`).get(workshopId, userId) as MemberRow | undefined;
		return row ? toMember(row) : null;
	}

	/**
	 * Adds a member. If someone in the workshop already goes by the same name (letters and digits
	 * alike, whatever the case or accents), the newcomer is shown there as "Name (e-mail)", so no
	 * one can act under a name that reads as someone else's.
	 */
	addMember(m: Omit<Member, 'name' | 'email'>): void {
		this.db.transaction(() => {
			const user = this.db.prepare('SELECT name, email FROM users WHERE id = ?').get(m.userId) as { name: string; email: string } | undefined;
			const taken = user ? this.members(m.workshopId).some((o) => o.userId !== m.userId && nameKey(o.name) === nameKey(user.name)) : false;
			this.db
				.prepare('INSERT INTO memberships (workshop_id, user_id, role, agency_id, is_signatory, joined_at, display_name) VALUES (?, ?, ?, ?, ?, ?, ?)')
				.run(m.workshopId, m.userId, m.role, m.agencyId, m.isSignatory ? 1 : 0, m.joinedAt, taken && user ? `${user.name} (${user.email})` : null);
		})();
	}

	updateMember(workshopId: string, userId: string, c: { role: Member['role']; agencyId: string | null; isSignatory: boolean }): void {
		this.db
			.prepare('UPDATE memberships SET role = ?, agency_id = ?, is_signatory = ? WHERE workshop_id = ? AND user_id = ?')
			.run(c.role, c.agencyId, c.isSignatory ? 1 : 0, workshopId, userId);
	}

	removeMember(workshopId: string, userId: string): void {
		this.db.prepare('DELETE FROM memberships WHERE workshop_id = ? AND user_id = ?').run(workshopId, userId);
	}

	createInvitation(i: Invitation, tokenHash: string): void {
		this.db
			.prepare(
				`INSERT INTO invitations (id, workshop_id, token_hash, agency_id, role, is_signatory, expires_at, max_uses, uses, revoked_at, created_by, created_at)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
			)
			.run(i.id, i.workshopId, tokenHash, i.agencyId, i.role, i.isSignatory ? 1 : 0, i.expiresAt, i.maxUses, i.uses, i.revokedAt, i.createdBy, i.createdAt);
	}

	invitationByTokenHash(tokenHash: string): Invitation | null {
		const row = this.db.prepare('SELECT * FROM invitations WHERE token_hash = ?').get(tokenHash) as InvitationRow | undefined;
		return row ? toInvitation(row) : null;
	}

	invitations(workshopId: string): Invitation[] {
		return (this.db.prepare('SELECT * FROM invitations WHERE workshop_id = ? ORDER BY created_at DESC').all(workshopId) as InvitationRow[]).map(toInvitation);
	}

	revokeInvitation(workshopId: string, id: string, at: number): boolean {
		return this.db.prepare('UPDATE invitations SET revoked_at = ? WHERE id = ? AND workshop_id = ? AND revoked_at IS NULL').run(at, id, workshopId).changes === 1;
	}

	useInvitation(id: string, now: number): boolean {
		return (
			this.db
				.prepare('UPDATE invitations SET uses = uses + 1 WHERE id = ? AND revoked_at IS NULL AND expires_at > ? AND uses < max_uses')
				.run(id, now).changes === 1
		);
	}
}
