import type { ThrottleStore } from '../../domain/sign-in-throttle';
import type { SqlDb } from '../db/sql';
import type { RateLimit } from './types';

/**
 * A throttle's state per key in the database (table throttle_state), so that password guessing is
 * counted the same whichever node answers and however often Accord restarts.
 */
export class SqlThrottleStore<S> implements ThrottleStore<S> {
	readonly #get;
	readonly #set;
	readonly #delete;
	readonly #keys;

	constructor(
		db: SqlDb,
		private readonly kind: string
	) {
		this.#get = db.prepare('SELECT state FROM throttle_state WHERE kind = ? AND key = ?').pluck();
		this.#set = db.prepare(
			'INSERT INTO throttle_state (kind, key, state, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at'
		);
		this.#delete = db.prepare('DELETE FROM throttle_state WHERE kind = ? AND key = ?');
		this.#keys = db.prepare('SELECT key FROM throttle_state WHERE kind = ?').pluck();
	}

	get(key: string): S | undefined {
		const json = this.#get.get(this.kind, key) as string | undefined;
		return json === undefined ? undefined : (JSON.parse(json) as S);
	}

	set(key: string, state: S): void {
		this.#set.run(this.kind, key, JSON.stringify(state), Date.now());
	}

	delete(key: string): void {
		this.#delete.run(this.kind, key);
	}

	keys(): string[] {
		return this.#keys.all(this.kind) as string[];
	}
}

/**
 * A sliding minute counted in the database (table rate_events): the same allowance whichever node
 * is asked. The count and the insert run under the write lock (SQLite's, or the advisory lock that
 * stands for it on PostgreSQL), so two nodes asked at once cannot both take the last one.
 */
export class SqlRateLimit implements RateLimit {
	readonly #count;
	readonly #add;
	readonly #forget;

	constructor(
		private readonly db: SqlDb,
		private readonly kind: string,
		private readonly perMinute: number
	) {
		this.#count = db.prepare('SELECT count(*) FROM rate_events WHERE kind = ? AND key = ? AND at > ?').pluck();
		this.#add = db.prepare('INSERT INTO rate_events (kind, key, at) VALUES (?, ?, ?)');
		this.#forget = db.prepare('DELETE FROM rate_events WHERE kind = ? AND at <= ?');
	}

	spend(key: string, now = Date.now()): boolean {
		return this.db
			.transaction(() => {
				if ((this.#count.get(this.kind, key, now - 60_000) as number) >= this.perMinute) return false;
				this.#add.run(this.kind, key, now);
				return true;
			})
			.immediate();
	}

	/** Forgets what is more than a minute old (the housekeeping does, every ten minutes). */
	prune(now = Date.now()): void {
		this.#forget.run(this.kind, now - 60_000);
	}
}
