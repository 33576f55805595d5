import type * as Y from 'yjs';
import type { Kit } from '../../domain/kit-schema';
import type { SnapshotData } from '../../domain/protocol/export-schema';
import type { Block } from '../../collab/rich-text';
import type { FreezeFacts } from '../../domain/protocol/preconditions';
import type { AfterWrite, WritePolicy } from '../collab/types';
import type { Agency, Workshop } from '../repositories/types';

/** What a board's starting content and its section of the protocol are made from: the workshop's facts and its kit. */
export interface BoardFacts {
	workshop: Workshop;
	agencies: readonly Agency[];
	kit: Kit;
}

/** The parts of the frozen protocol that boards write (the rest is the workshop's facts and the kit's labels). */
export type SnapshotSections = Pick<SnapshotData, 'dpia' | 'dpisp' | 'terms' | 'breach' | 'record'>;

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
	/** Whether a step board becomes read-only when the protocol is frozen (default: yes). */
	readonly freezesWithProtocol?: boolean;
	/** Which parts of the board a person may write (checked before anything is stored). */
	readonly policy?: WritePolicy;
	/** What the server does after it accepted a write (stamping authors, the board's own follow-ups). */
	readonly afterWrite?: AfterWrite;
	/**
	 * Writes the board's starting content into an empty document: when the workshop is created (in
	 * the same transaction), or when a board of an older workshop is first opened. Never on a page load.
	 */
	readonly seed?: (doc: Y.Doc, facts: BoardFacts) => void;
	/** The board's section of the frozen protocol, read from its document (the snapshot reads each board once). */
	readonly snapshot?: (doc: Y.Doc, facts: BoardFacts) => Partial<SnapshotSections>;
	/** For a board without a section of its own: what it adds to the protocol, as an annex (null: nothing). */
	readonly annex?: (doc: Y.Doc, facts: BoardFacts) => { title: string; blocks: Block[] } | null;
	/** What the board still lacks before the protocol can be frozen (its part of the freeze preconditions). */
	readonly freezeFacts?: (doc: Y.Doc, facts: BoardFacts) => Partial<FreezeFacts>;
	/** The document paths a facilitator's lock on one item covers; by default the item's own root key. */
	readonly lockPaths?: (item: string) => string[][];
}
