import type { WorkshopRole } from '../roles';

/**
 * The action plan after signing. The signed protocol is frozen; what happens to its planned
 * measures afterwards is a record of its own: an append-only list of changes (status, owner, due
 * date, evidence), each stamped by the server with the account that made it. The plan's state at
 * any moment is these changes replayed over the measures as they were signed, so a report "as of"
 * a past date is the same replay cut at that date.
 */

export const FOLLOW_UP_STATUSES = ['planned', 'in-progress', 'done', 'dropped'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** Who answers for a measure: an agency (any of its participants), or one named person. */
export type Owner = { kind: 'agency'; agencyId: string } | { kind: 'person'; userId: string } | null;

/** A planned measure as the signed protocol has it. */
export interface SignedMeasure {
	id: string;
	riskId: string;
	riskTitle: string;
	text: string;
	/** The agency the workshop named for it, or '' for none. */
	agencyId: string;
	due: string;
	status: 'planned' | 'in-progress' | 'done';
}

export type Evidence =
	| { kind: 'note'; text: string }
	| { kind: 'link'; url: string; text: string }
	| { kind: 'file'; fileId: string; name: string; bytes: number; sha256: string };

export type Change =
	| { type: 'status'; status: FollowUpStatus; reason: string }
	| { type: 'owner'; owner: Owner }
	| { type: 'due'; due: string }
	| { type: 'evidence'; evidence: Evidence };

/** One change, as the server recorded it. */
export interface FollowUpEvent {
	id: string;
	measureId: string;
	at: number;
	by: { userId: string; name: string };
	change: Change;
}

export interface FollowUpRow {
	measure: SignedMeasure;
	owner: Owner;
	due: string;
	status: FollowUpStatus;
	/** Why it was dropped ('' unless it is). */
	reason: string;
	evidence: (Evidence & { by: string; at: number })[];
	/** The last change, if any since signing. */
	updated: { by: string; at: number } | null;
}

export interface Viewer {
	userId: string;
	role: WorkshopRole;
	agencyId: string | null;
}

/** Limits of what one change may carry. */
export const FOLLOW_UP_LIMITS = { note: 2000, reason: 1000, url: 2000, fileName: 200 } as const;

/** The largest evidence file kept (bytes). */
export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;

function initial(measure: SignedMeasure): FollowUpRow {
	return {
		measure,
		owner: measure.agencyId ? { kind: 'agency', agencyId: measure.agencyId } : null,
		due: measure.due,
		status: measure.status,
		reason: '',
		evidence: [],
		updated: null
	};
}

function apply(row: FollowUpRow, event: FollowUpEvent): FollowUpRow {
	const c = event.change;
	const next: FollowUpRow = { ...row, updated: { by: event.by.name, at: event.at } };
	if (c.type === 'status') return { ...next, status: c.status, reason: c.status === 'dropped' ? c.reason : '' };
	if (c.type === 'owner') return { ...next, owner: c.owner };
	if (c.type === 'due') return { ...next, due: c.due };
	return { ...next, evidence: [...row.evidence, { ...c.evidence, by: event.by.name, at: event.at }] };
}

/** The plan as it stood at `at` (every change so far by default), in the signed order. */
export function planAt(measures: readonly SignedMeasure[], events: readonly FollowUpEvent[], at = Number.POSITIVE_INFINITY): FollowUpRow[] {
	const rows = new Map(measures.map((m) => [m.id, initial(m)]));
	const ordered = [...events].filter((e) => e.at <= at).sort((a, b) => a.at - b.at);
	for (const event of ordered) {
		const row = rows.get(event.measureId);
		if (row) rows.set(event.measureId, apply(row, event));
	}
	return [...rows.values()];
}

/** Whether the viewer answers for the row's measure. */
export function owns(row: Pick<FollowUpRow, 'owner'>, viewer: Viewer): boolean {
	if (!row.owner || viewer.role === 'observer') return false;
	if (row.owner.kind === 'person') return row.owner.userId === viewer.userId;
	return viewer.role === 'participant' && viewer.agencyId === row.owner.agencyId;
}

/** Status and evidence: the owners, and the facilitator who runs the follow-up. */
export function mayUpdate(row: Pick<FollowUpRow, 'owner'>, viewer: Viewer): boolean {
	return viewer.role === 'facilitator' || owns(row, viewer);
}

/** Owner and due date: the facilitator only. */
export function mayAssign(viewer: Viewer): boolean {
	return viewer.role === 'facilitator';
}

export const isOpen = (row: Pick<FollowUpRow, 'status'>) => row.status === 'planned' || row.status === 'in-progress';

/** How soon before its due date a measure is "due soon". */
export const SOON_DAYS = 14;

/** Overdue (due before `today`), due soon (within SOON_DAYS), or neither; closed and undated measures are neither. */
export function dueState(row: Pick<FollowUpRow, 'status' | 'due'>, today: string): 'overdue' | 'soon' | null {
	if (!isOpen(row) || !isDate(row.due)) return null;
	if (row.due < today) return 'overdue';
	return row.due <= addDays(today, SOON_DAYS) ? 'soon' : null;
}

/**
 * The measures the viewer should be reminded of, overdue first, then by due date: theirs, and on
 * screen a facilitator sees every one (`ownOnly` for what is e-mailed: to owners only).
 */
export function reminders(rows: readonly FollowUpRow[], viewer: Viewer, today: string, ownOnly = false): (FollowUpRow & { state: 'overdue' | 'soon' })[] {
	return rows
		.filter((r) => (viewer.role === 'facilitator' && !ownOnly) || owns(r, viewer))
		.flatMap((r) => {
			const state = dueState(r, today);
			return state ? [{ ...r, state }] : [];
		})
		.sort((a, b) => (a.state === b.state ? a.due.localeCompare(b.due) : a.state === 'overdue' ? -1 : 1));
}

export function isDate(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const d = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function addDays(date: string, days: number): string {
	return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The last millisecond of a calendar day (UTC): a report "as of" a day includes all of it. */
export function endOfDay(date: string): number {
	return Date.parse(`${date}T00:00:00Z`) + 86_400_000 - 1;
}

export type ChangeProblem = 'unknown-change' | 'bad-status' | 'no-reason' | 'bad-date' | 'empty-note' | 'too-long' | 'bad-link' | 'bad-owner';

/** A change a person asked for, checked; files are checked where they are received. */
export function parseChange(input: Record<string, string | undefined>): { ok: true; change: Change } | { ok: false; problem: ChangeProblem } {
	const get = (k: string) => (input[k] ?? '').trim();
	switch (get('type')) {
		case 'status': {
			const status = get('status') as FollowUpStatus;
			if (!FOLLOW_UP_STATUSES.includes(status)) return { ok: false, problem: 'bad-status' };
			const reason = get('reason');
			if (status === 'dropped' && !reason) return { ok: false, problem: 'no-reason' };
			if (reason.length > FOLLOW_UP_LIMITS.reason) return { ok: false, problem: 'too-long' };
			return { ok: true, change: { type: 'status', status, reason: status === 'dropped' ? reason : '' } };
		}
		case 'due': {
			const due = get('due');
			if (due && !isDate(due)) return { ok: false, problem: 'bad-date' };
			return { ok: true, change: { type: 'due', due } };
		}
		case 'owner': {
			const [kind, id] = get('owner').split(':');
			if (!get('owner')) return { ok: true, change: { type: 'owner', owner: null } };
			if (!id || (kind !== 'agency' && kind !== 'person')) return { ok: false, problem: 'bad-owner' };
			return { ok: true, change: { type: 'owner', owner: kind === 'agency' ? { kind, agencyId: id } : { kind, userId: id } } };
		}
		case 'note': {
			const text = get('text');
			if (!text) return { ok: false, problem: 'empty-note' };
			if (text.length > FOLLOW_UP_LIMITS.note) return { ok: false, problem: 'too-long' };
			return { ok: true, change: { type: 'evidence', evidence: { kind: 'note', text } } };
		}
		case 'link': {
			const url = get('url');
			const text = get('text');
			if (url.length > FOLLOW_UP_LIMITS.url || text.length > FOLLOW_UP_LIMITS.note) return { ok: false, problem: 'too-long' };
			if (!isWebLink(url)) return { ok: false, problem: 'bad-link' };
			return { ok: true, change: { type: 'evidence', evidence: { kind: 'link', url, text } } };
		}
		default:
			return { ok: false, problem: 'unknown-change' };
	}
}

/** Only http(s) addresses are kept as links: a `javascript:` or `data:` link on a shared page would run in others' browsers. */
export function isWebLink(value: string): boolean {
	try {
		const url = new URL(value);
		return (url.protocol === 'https:' || url.protocol === 'http:') && !!url.hostname;
	} catch {
		return false;
	}
}

/** An uploaded file's name as it may be shown and offered for download: no path, no control characters, bounded. */
export function safeFileName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? '';
	// eslint-disable-next-line no-control-regex
	const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, FOLLOW_UP_LIMITS.fileName);
	return clean || 'evidence';
}
