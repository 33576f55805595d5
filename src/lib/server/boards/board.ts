import type * as Y from 'yjs';
import type { Kit } from '../../domain/kit-schema';
import type { AfterWrite, WritePolicy } from '../collab/types';
import type { Agency, Workshop } from '../repositories/types';

/** What a board's starting content is made from: the workshop's facts and its kit. */
export interface SeedFacts {
	workshop: Workshop;
	agencies: readonly Agency[];
	kit: Kit;
}

/**
 * A board, as the server knows it: one module per board in this folder, listed once in
 * `registry.ts`. The collaboration engine asks the registry (through the application's hooks) for a
 * board's rules when its room loads; nothing else in the engine knows which boards exist.
 */
export interface ServerBoard {
	/** Its name in /collab/<workshop>/<board> and in storage. */
	readonly id: string;
	/** Every workshop has it (the agenda, the facilitation board); other boards only when the kit lists them. */
	readonly always?: boolean;
	/** A rollout step's board: frozen with the protocol, and facilitators may lock it or its items. */
	readonly step?: boolean;
	/** Which parts of the board a person may write (checked before anything is stored). */
	readonly policy?: WritePolicy;
	/** What the server does after it accepted a write (stamping authors, the board's own follow-ups). */
	readonly afterWrite?: AfterWrite;
	/**
	 * Writes the board's starting content into an empty document: when the workshop is created (in
	 * the same transaction), or when a board of an older workshop is first opened. Never on a page load.
	 */
	readonly seed?: (doc: Y.Doc, facts: SeedFacts) => void;
	/** The document paths a facilitator's lock on one item covers; by default the item's own root key. */
	readonly lockPaths?: (item: string) => string[][];
}
