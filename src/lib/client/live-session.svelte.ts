import { createContext } from 'svelte';
import { LiveDoc, type Decision, type Follow, type ParkedItem, type VoteView } from '$lib/collab/live-doc';
import type { FacilitationInput } from '$lib/domain/facilitation/input';
import type { Lock } from '$lib/domain/facilitation/locks';
import { estimateOffset, remainingMs, type ClockSample, type TimerState } from '$lib/domain/facilitation/timer';
import { BoardConnection } from './board-connection.svelte';
import { refusalText } from './facilitation-refusals';
import { PresenceView } from './presence.svelte';
import { YView } from './yjs-view.svelte';

interface LiveState {
	timer: TimerState & { title: string };
	locks: Lock[];
	votes: VoteView[];
	decisions: Decision[];
	parking: ParkedItem[];
	follow: Follow;
	/** Moves whenever the protocol is frozen, signed, declined or reopened. */
	protocolRevision: number;
}

/**
 * The workshop's facilitation board in the browser, open on every workshop page: the shared
 * countdown corrected to the server's clock, locks, votes, decisions, the parking lot and where
 * the facilitator asks people to follow.
 */
export class LiveSession {
	readonly connection: BoardConnection;
	readonly live: LiveDoc;
	readonly presence: PresenceView;
	readonly #view: YView<LiveState>;
	/** Milliseconds to add to this computer's clock to get the server's. */
	offset = $state(0);
	/** The server's time now, ticking every second. */
	now = $state(Date.now());
	readonly #tick: ReturnType<typeof setInterval>;

	constructor(readonly workshopId: string) {
		this.connection = new BoardConnection(workshopId, 'live');
		this.live = new LiveDoc(this.connection.doc);
		this.presence = new PresenceView(this.connection.provider.awareness);
		this.#view = new YView(this.live.observed, () => ({
			timer: this.live.timer(),
			locks: this.live.locks(),
			votes: this.live.votes(),
			decisions: this.live.decisions(),
			parking: this.live.parking(),
			follow: this.live.follow(),
			protocolRevision: this.live.protocolRevision()
		}));
		this.#tick = setInterval(() => (this.now = Date.now() + this.offset), 1000);
		void this.syncClock();
	}

	/** Estimates the clock offset from a few round trips to /time, keeping the least delayed. */
	async syncClock(rounds = 4): Promise<void> {
		const samples: ClockSample[] = [];
		for (let i = 0; i < rounds; i++) {
			try {
				const sent = Date.now();
				const response = await fetch('/time', { cache: 'no-store' });
				const { now } = (await response.json()) as { now: number };
				samples.push({ sent, server: now, received: Date.now() });
			} catch {
				break;
			}
		}
		if (samples.length > 0) {
			this.offset = estimateOffset(samples);
			this.now = Date.now() + this.offset;
		}
	}

	get state(): LiveState {
		return this.#view.current;
	}

	get remaining(): number {
		return remainingMs(this.state.timer, this.now);
	}

	/** The lock on a whole board, if any. */
	boardLock(board: string): Lock | null {
		return this.state.locks.find((l) => l.board === board && l.path.length === 0) ?? null;
	}

	/** The lock on one item of a board (its first path segment after the root), if any. */
	itemLock(board: string, itemId: string): Lock | null {
		return this.state.locks.find((l) => l.board === board && l.path.length > 1 && l.path[1] === itemId) ?? this.boardLock(board);
	}

	/** The lock on the breach chain (its steps and named people), or on the whole breach board. */
	chainLock(): Lock | null {
		return this.state.locks.find((l) => l.board === 'breach' && l.path[0] === 'steps') ?? this.boardLock('breach');
	}

	/** Sends a facilitation action; returns why the server refused it, in words, or null. */
	async act(input: FacilitationInput): Promise<string | null> {
		let response: Response;
		try {
			response = await fetch(`/workshops/${this.workshopId}/live`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
		} catch {
			return refusalText('offline', {});
		}
		if (response.ok) return null;
		return refusalText(response.status, (await response.json().catch(() => ({}))) as { problem?: string; message?: string });
	}

	park(text: string, owner: string): void {
		this.live.park({ id: crypto.randomUUID(), text, owner, at: Date.now() + this.offset, done: false }, this.connection.origin);
	}

	setParked(item: ParkedItem, done: boolean): void {
		this.live.park({ ...item, done }, this.connection.origin);
	}

	/** Facilitators only: where everyone following should be (a page and the item on it), or everyone at once with `summon`. */
	lead(path: string, by: string, summon: boolean, item = ''): void {
		this.live.setFollow({ board: path, view: item, by, ...(summon ? { summon: Date.now() + this.offset } : {}) }, this.connection.origin);
	}

	destroy(): void {
		clearInterval(this.#tick);
		this.connection.destroy();
	}
}

/** The open facilitation session of the workshop pages (null until the browser has opened it). */
export interface LiveHolder {
	current: LiveSession | null;
}

export const [getLive, setLive] = createContext<LiveHolder>();
