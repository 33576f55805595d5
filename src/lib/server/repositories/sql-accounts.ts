import type { SqlDb } from '../db/sql';
import { newId } from '../ids';
import type { AccountRepository, Session, User, UserWithSecret } from './types';

interface UserRow {
	id: string;
	email: string;
	name: string;
	role: User['role'];
	locale: string | null;
	created_at: number;
	password_hash: string;
	failed_count: number;
	locked_until: number | null;
}

const toUser = (r: UserRow): User => ({ id: r.id, email: r.email, name: r.name, role: r.role, locale: r.locale, createdAt: r.created_at });
const toSecret = (r: UserRow): UserWithSecret => ({
	...toUser(r),
	passwordHash: r.password_hash
});

export class SqlAccountRepository implements AccountRepository {
	constructor(private readonly db: SqlDb) {}

	count(): number {
		return this.db.prepare('SELECT count(*) FROM users').pluck().get() as number;
	}

	create(input: Parameters<AccountRepository['create']>[0]): User {
		const user: User = { id: newId(), email: input.email.trim(), name: input.name.trim(), role: input.role, locale: input.locale, createdAt: Date.now() };
		this.db
			.prepare('INSERT INTO users (id, email, name, password_hash, role, locale, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
			.run(user.id, user.email, user.name, input.passwordHash, user.role, user.locale, user.createdAt);
		return user;
	}

	byId(id: string): User | null {
		const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
		return row ? toUser(row) : null;
	}

	byEmailWithSecret(email: string): UserWithSecret | null {
		const row = this.db.prepare('SELECT * FROM users WHERE email = ?').get(email.trim()) as UserRow | undefined;
		return row ? toSecret(row) : null;
	}

	secretById(id: string): UserWithSecret | null {
		const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
		return row ? toSecret(row) : null;
	}

	list(): User[] {
		return (this.db.prepare('SELECT * FROM users ORDER BY created_at').all() as UserRow[]).map(toUser);
	}

	setPassword(id: string, passwordHash: string): void {
		this.db.prepare('UPDATE users SET password_hash = ?, failed_count = 0, locked_until = NULL WHERE id = ?').run(passwordHash, id);
	}

	setLocale(id: string, locale: string): void {
		this.db.prepare('UPDATE users SET locale = ? WHERE id = ?').run(locale, id);
	}

	createSession(s: Session): void {
		this.db
			.prepare('INSERT INTO sessions (id, user_id, expires_at, last_active_at, created_at) VALUES (?, ?, ?, ?, ?)')
			.run(s.id, s.userId, s.expiresAt, s.lastActiveAt, s.createdAt);
	}

	session(id: string): { session: Session; user: User } | null {
		const row = this.db
			.prepare(
				`SELECT s.id AS s_id, s.expires_at, s.last_active_at, s.created_at AS s_created_at, u.*
				 FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`
			)
			.get(id) as (UserRow & { s_id: string; expires_at: number; last_active_at: number; s_created_at: number }) | undefined;
		if (!row) return null;
		return {
			session: { id: row.s_id, userId: row.id, expiresAt: row.expires_at, lastActiveAt: row.last_active_at, createdAt: row.s_created_at },
			user: toUser(row)
		};
	}

	updateSession(id: string, expiresAt: number, lastActiveAt: number): void {
		this.db.prepare('UPDATE sessions SET expires_at = ?, last_active_at = ? WHERE id = ?').run(expiresAt, lastActiveAt, id);
	}

	deleteSession(id: string): void {
		this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
	}

	deleteSessionsOf(userId: string): string[] {
		return this.db.transaction(() => {
			const ids = this.db.prepare('SELECT id FROM sessions WHERE user_id = ?').pluck().all(userId) as string[];
			this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
			return ids;
		})();
	}

	deleteExpiredSessions(now: number, idleBefore: number): number {
		return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_active_at < ?').run(now, idleBefore).changes;
	}

	createSetupToken(tokenHash: string, expiresAt: number): void {
		this.db.prepare('INSERT INTO setup_tokens (token_hash, expires_at, created_at) VALUES (?, ?, ?)').run(tokenHash, expiresAt, Date.now());
	}

	setupTokenValid(tokenHash: string, now: number): boolean {
		return this.db.prepare('SELECT 1 FROM setup_tokens WHERE token_hash = ? AND expires_at > ?').get(tokenHash, now) !== undefined;
	}

	takeSetupToken(tokenHash: string, now: number): boolean {
		return this.db.transaction(() => {
			const row = this.db.prepare('SELECT expires_at FROM setup_tokens WHERE token_hash = ?').get(tokenHash) as { expires_at: number } | undefined;
			if (!row) return false;
			this.db.prepare('DELETE FROM setup_tokens WHERE token_hash = ?').run(tokenHash);
			return row.expires_at > now;
		})();
	}

	clearSetupTokens(): void {
		this.db.prepare('DELETE FROM setup_tokens').run();
	}
}
