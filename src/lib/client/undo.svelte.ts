import { createSubscriber } from 'svelte/reactivity';
import * as Y from 'yjs';
import type { TransactionOrigin } from '$lib/collab/origins';

/** Undo and redo of this person's own edits only (tracked by their transaction origin). */
export class OwnUndo {
	readonly manager: Y.UndoManager;
	readonly #subscribe: () => void;

	constructor(types: Y.AbstractType<unknown>[], origin: TransactionOrigin) {
		// A plain Set handed to Yjs, not reactive state.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		this.manager = new Y.UndoManager(types, { trackedOrigins: new Set([origin]), captureTimeout: 600 });
		this.#subscribe = createSubscriber((update) => {
			const events = ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const;
			for (const e of events) this.manager.on(e, update);
			return () => {
				for (const e of events) this.manager.off(e, update);
			};
		});
	}

	get canUndo(): boolean {
		this.#subscribe();
		return this.manager.canUndo();
	}

	get canRedo(): boolean {
		this.#subscribe();
		return this.manager.canRedo();
	}

	undo(): void {
		this.manager.undo();
	}

	redo(): void {
		this.manager.redo();
	}

	destroy(): void {
		this.manager.destroy();
	}
}
