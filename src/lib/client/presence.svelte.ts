import { createSubscriber } from 'svelte/reactivity';
import type { Awareness } from 'y-protocols/awareness';
import { SERVER_AWARENESS_ID, type BudgetState, type OnlineMember, type PresenceIdentity, type ServerPresence } from '$lib/collab/protocol';

export interface Peer {
	clientId: number;
	user: PresenceIdentity;
	/** The id of the item this person is working on, if any. */
	focus: string | null;
}

/** Presence of one board as runes: who is online (from the server's entry) and what others focus on. */
export class PresenceView {
	readonly #subscribe: () => void;

	constructor(private readonly awareness: Awareness) {
		this.#subscribe = createSubscriber((update) => {
			awareness.on('change', update);
			return () => awareness.off('change', update);
		});
	}

	#server(): ServerPresence['server'] | null {
		this.#subscribe();
		const state = this.awareness.getStates().get(SERVER_AWARENESS_ID) as Partial<ServerPresence> | undefined;
		return state?.server ?? null;
	}

	get online(): OnlineMember[] {
		return this.#server()?.online ?? [];
	}

	get budget(): BudgetState {
		return this.#server()?.budget ?? 'ok';
	}

	get peers(): Peer[] {
		this.#subscribe();
		const out: Peer[] = [];
		this.awareness.getStates().forEach((state, clientId) => {
			if (clientId === SERVER_AWARENESS_ID || clientId === this.awareness.clientID) return;
			const s = state as { user?: PresenceIdentity; focus?: unknown };
			if (s.user) out.push({ clientId, user: s.user, focus: typeof s.focus === 'string' ? s.focus : null });
		});
		return out;
	}

	setFocus(focus: string | null): void {
		this.awareness.setLocalStateField('focus', focus);
	}
}
