import { createContext } from 'svelte';
import type { DpiaKitView } from '$lib/domain/dpia/kit-view';
import type { DpiaBoard } from './dpia-board.svelte';
import type { PresenceView } from './presence.svelte';

/** What every part of the DPIA board needs, provided once by the page. */
export interface DpiaContext {
	board: DpiaBoard;
	kit: DpiaKitView;
	presence: PresenceView;
	canEdit: boolean;
	isFacilitator: boolean;
	me: { userId: string; name: string; agencyId: string | null; role: string };
	agencies: { id: string; name: string; shortName: string; colour: string }[];
}

export const [getDpia, setDpia] = createContext<DpiaContext>();

/** The sections of the DPIA board, each reachable at ?view=<section>. */
export const DPIA_VIEWS = ['screening', 'context', 'risks', 'matrix', 'plan', 'outcome'] as const;
export type DpiaView = (typeof DPIA_VIEWS)[number];
