import type { Position } from '../domain/dpisp/positions';
import { AUTHORS_ROOT, type AttributedRoot, type Author } from './authors';

/** The protocol board's constants and records as plain data: what `DpispDoc` (dpisp-doc.ts) hands out and takes in. */
export const DPISP_SCHEMA_VERSION = 1;
export const DPISP_SERVER_ROOTS = ['resets', 'auditDecision', AUTHORS_ROOT] as const;
/** A lock on a clause covers its entry and its text. */
export const DPISP_LOCK_PATHS = (item: string): string[][] => [['clauses', item], ['texts', item]];
export const DPISP_ATTRIBUTED: readonly AttributedRoot[] = [
	{ root: 'positions', mode: 'last-writer' },
	{ root: 'comments', mode: 'creator' },
	{ root: 'guard', mode: 'creator' }
];
/** The comment fields anyone who edits may change (the rest are the author's). */
export const COMMENT_SHARED_FIELDS = ['resolved'] as const;

export interface Clause {
	id: string;
	title: string;
	decision: string;
	guidance: string;
	position: number;
	catalogueId: string;
}

export interface ClausePosition {
	clauseId: string;
	agencyId: string;
	value: Position;
	comment: string;
	/** The account that set it last, stamped by the server (null only for server-written positions). */
	author: Author | null;
	/** The author's name ('' when none). */
	by: string;
	at: number;
}

export interface PositionReset {
	clauseId: string;
	at: number;
	by: string;
	count: number;
}

export interface ClauseComment {
	id: string;
	clauseId: string;
	parentId: string;
	text: string;
	author: Author | null;
	by: string;
	byUserId: string;
	agencyId: string;
	at: number;
	quote: string;
	resolved: boolean;
}

export type NewComment = Pick<ClauseComment, 'id' | 'clauseId' | 'parentId' | 'text' | 'at' | 'quote' | 'resolved'>;

export interface RequestStep {
	id: string;
	label: string;
	receiver: string;
	decider: string;
	days: number;
	logging: string;
	position: number;
}

export interface GuardFinding {
	id: string;
	clauseId: string;
	kind: string;
	masked: string;
	/** Who typed what the guard found, stamped by the server. */
	by: string;
	at: number;
	cleared: boolean;
}

export const L = { title: 300, text: 4000, short: 200 } as const;
