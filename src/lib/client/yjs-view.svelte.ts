import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';

/**
 * Exposes a value read from Yjs types to runes without copying it into $state: reading `current`
 * inside an effect or template subscribes to deep changes of the observed types
 * (the pattern of svelte.dev's Persisted.svelte.ts, with Yjs as the outside source).
 */
export class YView<T> {
	readonly #subscribe: () => void;

	constructor(
		types: Y.AbstractType<unknown>[],
		private readonly read: () => T
	) {
		this.#subscribe = createSubscriber((update) => {
			const handler = () => update();
			for (const type of types) type.observeDeep(handler);
			return () => {
				for (const type of types) type.unobserveDeep(handler);
			};
		});
	}

	get current(): T {
		this.#subscribe();
		return this.read();
	}
}
