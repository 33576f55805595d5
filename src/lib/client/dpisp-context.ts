import { createContext } from 'svelte';
import type { DpispBoard } from './dpisp-board.svelte';
import type { PresenceView } from './presence.svelte';

export interface Option {
	id: string;
	label: string;
}

/** What every part of the protocol board needs, provided once. */
export interface DpispContext {
	board: DpispBoard;
	presence: PresenceView;
	canEdit: boolean;
	isFacilitator: boolean;
	me: { userId: string; name: string; agencyId: string | null };
	agencies: { id: string; name: string; shortName: string; colour: string }[];
	kit: {
		recipients: Option[];
		conditions: Option[];
		channels: Option[];
		sensitivity: (Option & { colour: string })[];
		casePatterns: RegExp[];
	};
	categories: { id: string; name: string; sensitivity: string }[];
	apiBase: string;
}

export const [getDpisp, setDpisp] = createContext<DpispContext>();

export const DPISP_VIEWS = ['clauses', 'sharing', 'requests', 'versions', 'guard'] as const;
export type DpispView = (typeof DPISP_VIEWS)[number];
