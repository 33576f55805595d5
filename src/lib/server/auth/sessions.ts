import type { AccountRepository, Session, User } from '../repositories/types';
import { hashToken, randomToken } from '../ids';

/**
 * Sessions the way Lucia's guide describes them (the `lucia` package itself is deprecated):
 * a random 20-byte token, base32, goes to the browser in an HttpOnly cookie; the database keeps
 * only sha256(token) as the session id. Sessions slide: when less than half the lifetime is left,
 * use extends them. A session idle for longer than the idle timeout ends.
 */
export const SESSION_COOKIE = 'accord_session';

export interface SessionPolicy {
	sessionMs: number;
	idleMs: number;
}

export interface ValidSession {
	session: Session;
	user: User;
	/** True when the expiry moved and the cookie should be sent again. */
	refreshed: boolean;
}

/** Writes of last-active time are spaced out so a busy page does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export class SessionService {
	constructor(
		private readonly accounts: AccountRepository,
		private readonly policy: SessionPolicy
	) {}

	create(userId: string, now = Date.now()): { token: string; session: Session } {
		const token = randomToken(20);
		const session: Session = { id: hashToken(token), userId, expiresAt: now + this.policy.sessionMs, lastActiveAt: now, createdAt: now };
		this.accounts.createSession(session);
		return { token, session };
	}

	validate(token: string | undefined | null, now = Date.now()): ValidSession | null {
		if (!token || token.length > 64) return null;
		const id = hashToken(token);
		const found = this.accounts.session(id);
		if (!found) return null;
		const { session, user } = found;
		if (now >= session.expiresAt || now - session.lastActiveAt >= this.policy.idleMs) {
			this.#tryWrite(() => this.accounts.deleteSession(id));
			return null;
		}
		const refresh = session.expiresAt - now < this.policy.sessionMs / 2;
		if (refresh || now - session.lastActiveAt >= TOUCH_INTERVAL_MS) {
			const expiresAt = refresh ? now + this.policy.sessionMs : session.expiresAt;
			// A session stays valid when its sliding update cannot be written (the database is locked
			// or full): it is extended on a later request instead.
			if (this.#tryWrite(() => this.accounts.updateSession(id, expiresAt, now))) {
				return { session: { ...session, expiresAt, lastActiveAt: now }, user, refreshed: refresh };
			}
		}
		return { session, user, refreshed: false };
	}

	#tryWrite(write: () => void): boolean {
		try {
			write();
			return true;
		} catch {
			return false;
		}
	}

	/** Whether a session (by id) still stands: not signed out, expired or idle too long. Read only. */
	isLive(sessionId: string, now = Date.now()): boolean {
		try {
			const found = this.accounts.session(sessionId);
			return !!found && now < found.session.expiresAt && now - found.session.lastActiveAt < this.policy.idleMs;
		} catch {
			return true; // the database could not be read: nobody is cut off for that
		}
	}

	invalidate(sessionId: string): void {
		this.accounts.deleteSession(sessionId);
	}

	/** Sign out everywhere: returns the ids of the sessions that ended. */
	invalidateAll(userId: string): string[] {
		return this.accounts.deleteSessionsOf(userId);
	}

	sweep(now = Date.now()): number {
		return this.accounts.deleteExpiredSessions(now, now - this.policy.idleMs);
	}
}
