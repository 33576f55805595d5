import { createContext } from 'svelte';
import type { BreachBoard } from './breach-board.svelte';

export interface Option {
	id: string;
	label: string;
}

export interface BreachContext {
	board: BreachBoard;
	/** Whether this person may edit the board (severity, audit-log access, drills). */
	canEdit: boolean;
	/** Whether they may edit the escalation chain and its focal points, which a facilitator can lock on its own. */
	canEditChain: boolean;
	isFacilitator: boolean;
	/** The person's own agency: the only one whose focal points they may name (the server refuses the others). */
	myAgency: string | null;
	agencies: { id: string; name: string; shortName: string; colour: string }[];
	kit: {
		roles: Option[];
		channels: Option[];
		triggers: (Option & { kind: string })[];
		dpcLevels: { level: number; label: string }[];
		auditViewerRoles: Option[];
		auditPurposes: Option[];
		scenarios: { id: string; title: string; description: string; severityClass: string }[];
	};
	/** Milliseconds to add to this browser's clock to get the server's. */
	clockOffset: number;
	apiBase: string;
	/** The kit's sentence for the protocol, in the workshop's language, and its labels in that language. */
	decision: { template: string; locale: string; viewers: Option[]; purposes: Option[] };
}

export const [getBreach, setBreach] = createContext<BreachContext>();

export const BREACH_VIEWS = ['chain', 'severity', 'audit', 'drill'] as const;
export type BreachView = (typeof BREACH_VIEWS)[number];
