/**
 * How much one person may write to boards per minute: updates and bytes, counted over a sliding
 * minute. Past either, further writes are refused until the minute has moved on — to that person
 * only, so nobody can fill a board for everyone with a few huge pastes or a runaway script.
 */
export interface WriteBudgetPolicy {
	bytesPerMinute: number;
	writesPerMinute: number;
}

const MINUTE = 60_000;

export class WriteBudget {
	readonly #spent = new Map<string, { at: number; bytes: number }[]>();

	constructor(private readonly policy: WriteBudgetPolicy) {}

	#recent(key: string, now: number) {
		const list = (this.#spent.get(key) ?? []).filter((s) => now - s.at < MINUTE);
		if (list.length === 0) this.#spent.delete(key);
		else this.#spent.set(key, list);
		return list;
	}

	/** Counts the write and says yes if it fits this minute's budget; a refused write costs nothing. */
	spend(key: string, bytes: number, now = Date.now()): boolean {
		const list = this.#recent(key, now);
		const used = list.reduce((sum, s) => sum + s.bytes, 0);
		if (list.length + 1 > this.policy.writesPerMinute || used + bytes > this.policy.bytesPerMinute) return false;
		list.push({ at: now, bytes });
		this.#spent.set(key, list);
		return true;
	}

	/** Forgets people who wrote nothing this minute (memory stays bounded). */
	prune(now = Date.now()): void {
		for (const key of [...this.#spent.keys()]) this.#recent(key, now);
	}
}
