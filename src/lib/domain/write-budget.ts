/**
 * How much one person may write to boards per minute: updates and bytes, counted over a sliding
 * minute (by the second). Past either, further writes are refused until the minute has moved on —
 * to that person only, so nobody can fill a board for everyone with a few huge pastes or a runaway
 * script. Counting costs the same whatever the rate: sixty one-second buckets per person, not one
 * entry per write (a list filtered on every write cost more than the write itself at 3,000 a second).
 */
export interface WriteBudgetPolicy {
	bytesPerMinute: number;
	writesPerMinute: number;
}

const SECONDS = 60;

interface Buckets {
	/** The second (ms / 1000, floored) each bucket counts, or -1. */
	second: Float64Array;
	writes: Float64Array;
	bytes: Float64Array;
}

export class WriteBudget {
	readonly #spent = new Map<string, Buckets>();

	constructor(private readonly policy: WriteBudgetPolicy) {}

	/** Writes and bytes of the last minute, counting the current second. */
	#used(b: Buckets, second: number): { writes: number; bytes: number } {
		let writes = 0;
		let bytes = 0;
		for (let i = 0; i < SECONDS; i++) {
			if (second - b.second[i] < SECONDS) {
				writes += b.writes[i];
				bytes += b.bytes[i];
			}
		}
		return { writes, bytes };
	}

	/** Counts the write and says yes if it fits this minute's budget; a refused write costs nothing. */
	spend(key: string, bytes: number, now = Date.now()): boolean {
		const second = Math.floor(now / 1000);
		const b = this.#buckets(key);
		const used = this.#used(b, second);
		if (used.writes + 1 > this.policy.writesPerMinute || used.bytes + bytes > this.policy.bytesPerMinute) return false;
		this.#count(b, second, 1, bytes);
		return true;
	}

	/** Counts writes accepted elsewhere (by another node), without refusing anything. */
	add(key: string, writes: number, bytes: number, now = Date.now()): void {
		this.#count(this.#buckets(key), Math.floor(now / 1000), writes, bytes);
	}

	#buckets(key: string): Buckets {
		let b = this.#spent.get(key);
		if (!b) {
			b = { second: new Float64Array(SECONDS).fill(-Infinity), writes: new Float64Array(SECONDS), bytes: new Float64Array(SECONDS) };
			this.#spent.set(key, b);
		}
		return b;
	}

	#count(b: Buckets, second: number, writes: number, bytes: number): void {
		const slot = second % SECONDS;
		if (b.second[slot] !== second) {
			b.second[slot] = second;
			b.writes[slot] = 0;
			b.bytes[slot] = 0;
		}
		b.writes[slot] += writes;
		b.bytes[slot] += bytes;
	}

	/** Forgets people who wrote nothing this minute (memory stays bounded). */
	prune(now = Date.now()): void {
		const second = Math.floor(now / 1000);
		for (const [key, b] of this.#spent) if (this.#used(b, second).writes === 0) this.#spent.delete(key);
	}
}
