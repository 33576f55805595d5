/** Message types of the y-websocket protocol (the first varuint of every frame). */
export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3 } as const;

/** Sub-types of a sync message (y-protocols/sync). */
export const SyncStep = { Step1: 0, Step2: 1, Update: 2 } as const;

/**
 * The server has its own presence entry in every room, under this client id. It carries facts
 * only the server knows: who is online across the workshop and the document's size budget.
 * Yjs client ids are random 32-bit numbers other than 0.
 */
export const SERVER_AWARENESS_ID = 0;

export interface OnlineMember {
	userId: string;
	name: string;
	agencyId: string | null;
	colour: string;
	role: string;
	board: string;
}

export type BudgetState = 'ok' | 'warn' | 'full';

export interface ServerPresence {
	server: { online: OnlineMember[]; budget: BudgetState };
}

/** What the server writes into each client's presence, whatever the client claims. */
export interface PresenceIdentity {
	userId: string;
	name: string;
	agencyId: string | null;
	colour: string;
	role: string;
	/** The same colour under the name Tiptap's collaboration carets read. */
	color?: string;
}
