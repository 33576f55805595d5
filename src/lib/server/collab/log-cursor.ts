/**
 * How far a node has applied a board's shared update log (several nodes on one PostgreSQL database).
 * A board's ids follow one another without gaps in the order they commit, whichever node wrote them.
 * The node's own writes are applied as they are made, usually before the other nodes' writes with
 * lower ids have been read; the cursor remembers them, so that what is read later is applied exactly
 * once and in order: `next` says which row comes next, `skip` which rows this node wrote itself.
 */
export class LogCursor {
	#applied: number;
	readonly #own = new Set<number>();

	/** `applied`: the last id in the log when the board was loaded (everything up to it is applied). */
	constructor(applied: number) {
		this.#applied = applied;
	}

	/** Every row up to this id is applied here. */
	get applied(): number {
		return this.#applied;
	}

	/** This node stored and applied row `id` itself. */
	own(id: number): void {
		if (id <= this.#applied) return;
		this.#own.add(id);
		this.#advance();
	}

	/**
	 * Rows read from the log after `applied`, in id order: those to apply (not this node's own, not
	 * applied already). `complete` is false when some ids between are missing (folded into the
	 * snapshot by a compaction): the caller applies the snapshot as well.
	 */
	take<T extends { id: number }>(rows: readonly T[]): { apply: T[]; complete: boolean } {
		const apply: T[] = [];
		let complete = true;
		for (const row of rows) {
			if (row.id <= this.#applied) continue;
			if (row.id > this.#nextMissing()) complete = false;
			if (!this.#own.has(row.id)) apply.push(row);
			this.#own.add(row.id);
		}
		if (!complete && rows.length > 0) {
			// the snapshot brings everything folded: move past it
			const last = rows[rows.length - 1].id;
			for (const id of [...this.#own]) if (id <= last) this.#own.delete(id);
			this.#applied = Math.max(this.#applied, last);
		}
		this.#advance();
		return { apply, complete };
	}

	/** The snapshot was applied up to `id`: everything before it is in. */
	caughtUpTo(id: number): void {
		if (id <= this.#applied) return;
		this.#applied = id;
		for (const own of [...this.#own]) if (own <= id) this.#own.delete(own);
		this.#advance();
	}

	/** The next row to apply (rows this node wrote itself are skipped). */
	get next(): number {
		return this.#nextMissing();
	}

	#nextMissing(): number {
		let id = this.#applied + 1;
		while (this.#own.has(id)) id++;
		return id;
	}

	#advance(): void {
		while (this.#own.has(this.#applied + 1)) {
			this.#own.delete(this.#applied + 1);
			this.#applied++;
		}
	}
}
