import type { Follow } from '$lib/collab/live-doc';

/** Where this person is and who they are, as "follow me" needs it. */
export interface FollowView {
	/** The facilitation board is in step with the server (before that, `follow` is not known yet). */
	synced: boolean;
	isFacilitator: boolean;
	/** This person has chosen to follow the facilitator. */
	following: boolean;
	/** This page's path and query. */
	here: string;
	follow: Follow;
}

/**
 * "Follow me" as decisions, without a browser: where a follower goes, when a summons takes everyone
 * along, which item a follower is shown, and when the facilitator's page becomes where everyone is
 * led. `LiveBar.svelte` feeds it the facilitation board and acts (navigates, scrolls, publishes).
 * One instance per workshop page; it remembers the last summons and the last move revealed.
 */
export class FollowMe {
	#lastSummon = -1;
	#revealed = '';

	constructor(private readonly workshopId: string) {}

	#inWorkshop(path: string): boolean {
		return path.startsWith(`/workshops/${this.workshopId}`);
	}

	/** The page a follower should go to now (never outside this workshop), or null. */
	destination(v: FollowView): string | null {
		if (!v.synced || v.isFacilitator || !v.following) return null;
		return v.follow.board && v.follow.board !== v.here && this.#inWorkshop(v.follow.board) ? v.follow.board : null;
	}

	/**
	 * A summons newer than the last one seen ("bring everyone here"): true for people who are then
	 * following, whatever they had chosen. The first summons seen on opening the page is history, not news.
	 */
	summoned(v: Pick<FollowView, 'synced' | 'isFacilitator' | 'follow'>): boolean {
		if (!v.synced) return false;
		const summon = v.follow.summon;
		if (this.#lastSummon < 0 || summon <= this.#lastSummon) {
			this.#lastSummon = Math.max(this.#lastSummon, summon);
			return false;
		}
		this.#lastSummon = summon;
		return !v.isFacilitator;
	}

	/** The item a follower on the facilitator's page is shown, once per move (so they may look elsewhere meanwhile), or null. */
	reveal(v: FollowView): string | null {
		if (!v.synced || v.isFacilitator || !v.following || v.follow.board !== v.here || !v.follow.view) return null;
		const move = `${v.follow.board}#${v.follow.view}#${v.follow.summon}`;
		if (move === this.#revealed) return null;
		this.#revealed = move;
		return v.follow.view;
	}

	/** Whether a leading facilitator's page (and the item on it) must be published as where everyone goes. */
	mustLead(v: Pick<FollowView, 'synced' | 'isFacilitator' | 'here' | 'follow'>, leading: boolean, item: string): boolean {
		return leading && v.isFacilitator && v.synced && (v.follow.board !== v.here || v.follow.view !== item);
	}
}
