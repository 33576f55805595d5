import { AgendaDoc } from '../collab/agenda-doc';
import { DpispDoc } from '../collab/dpisp-doc';
import { LiveDoc, type Decision, type DecisionKind, type ParkedItem } from '../collab/live-doc';
import { clauseStatus, type Position } from '../domain/dpisp/positions';
import { createHash } from 'node:crypto';
import { serverOrigin } from '../collab/origins';
import * as timer from '../domain/facilitation/timer';
import type { FacilitationProblem } from '../domain/facilitation/input';
import { ballotProblem, tally } from '../domain/facilitation/votes';
import type { Actor, AuditLog } from './audit';
import type { CollabServer } from './collab/collab-server';
import type { WorkshopBoards } from './boards/workshop-boards';
import { newId } from './ids';
import type { BallotRepository, ScoringRepository, Workshop, WorkshopRepository } from './repositories/types';

export type TimerAction = { kind: 'start'; itemId: string } | { kind: 'pause' } | { kind: 'resume' } | { kind: 'extend'; minutes: number } | { kind: 'skip' } | { kind: 'stop' };
export type FacilitationResult<T extends object = object> = ({ ok: true } & T) | { ok: false; problem: FacilitationProblem };

type Named = Actor & { label: string };

export interface VoteInput {
	question: string;
	options: { id: string; label: string }[];
	perPerson: number;
	/** 0 for no time limit. */
	minutes: number;
}

/**
 * A timed vote still open this long after its end lost its closing timer (the node that opened it
 * stopped, or the server restarted): whichever node has the facilitation board loaded closes it.
 */
export const VOTE_CLOSE_GRACE_MS = 30_000;

/** Audited acts that change the protocol's state: every open protocol page hears of them through the facilitation board. */
const PROTOCOL_CHANGES = ['protocol.frozen', 'protocol.signed', 'protocol.declined', 'protocol.reopened'];

/**
 * Running the day: the shared timer (server clock), locks, dot votes whose ballots stay on the
 * server until the close, the decision log and the parking lot. Everything the room sees is
 * written into the workshop's facilitation board ("live"); ballots are kept in SQLite.
 */
export class FacilitationService {
	readonly #closers = new Map<string, NodeJS.Timeout>();
	/** Pending "settled" checks of decisions typed field by field (the audit-log decision). */
	readonly #settling = new Map<string, NodeJS.Timeout>();
	readonly #overdue: NodeJS.Timeout;

	constructor(
		private readonly d: {
			collab: CollabServer;
			boards: WorkshopBoards;
			workshops: WorkshopRepository;
			ballots: BallotRepository;
			scoring: ScoringRepository;
			audit: AuditLog;
			now?: () => number;
			/** How long a typed decision must stay unchanged before it is logged (default one minute). */
			settleMs?: number;
		}
	) {
		this.#overdue = setInterval(() => this.closeOverdueVotes(), VOTE_CLOSE_GRACE_MS / 2);
		this.#overdue.unref();
		// Decisions typed field by field are logged once they have settled, once per wording.
		d.boards.onWrite('breach', (workshopId, paths) => {
			if (paths.some((p) => p[0] === 'audit')) this.#settle(`${workshopId}/audit`, () => this.#logAuditDecision(workshopId));
		});
		// A clause that every agency now agrees to is logged as a decision, once per set of positions.
		d.boards.onWrite('dpisp', (workshopId, paths) => {
			const clauseIds = new Set(paths.filter((p) => p[0] === 'positions' && p[1]).map((p) => p[1].split('|')[0]));
			if (clauseIds.size > 0) this.#logAgreedClauses(workshopId, clauseIds);
		});
	}

	#settle(key: string, fn: () => void): void {
		clearTimeout(this.#settling.get(key));
		const t = setTimeout(() => {
			this.#settling.delete(key);
			try {
				fn();
			} catch {
				// the board was frozen or the server is stopping: nothing to log
			}
		}, this.d.settleMs ?? 60_000);
		t.unref();
		this.#settling.set(key, t);
	}

	#logAuditDecision(workshopId: string): void {
		const text = this.d.collab.read(workshopId, 'dpisp', (doc) => new DpispDoc(doc).auditDecision().text);
		if (text) this.logDecision(workshopId, 'audit-decision', text, 'breach', '', `audit-decision:${digestOf(text)}`);
	}

	#logAgreedClauses(workshopId: string, clauseIds: ReadonlySet<string>): void {
		const agencyIds = this.d.workshops.agencies(workshopId).map((a) => a.id);
		const found = this.d.collab.read(workshopId, 'dpisp', (doc) => {
			const dpisp = new DpispDoc(doc);
			return { clauses: dpisp.clauses(), positions: dpisp.positions() };
		});
		for (const clauseId of clauseIds) {
			const mine = found.positions.filter((p) => p.clauseId === clauseId);
			if (clauseStatus(new Map(mine.map((p) => [p.agencyId, p.value as Position])), agencyIds) !== 'agreed') continue;
			const title = found.clauses.find((c) => c.id === clauseId)?.title ?? clauseId;
			this.logDecision(workshopId, 'clause-agreed', title, 'dpisp', '', `clause-agreed:${clauseId}:${digestOf(JSON.stringify(mine.map((p) => [p.agencyId, p.value, p.at]).sort()))}`);
		}
	}

	#now(): number {
		return this.d.now?.() ?? Date.now();
	}

	#live<T>(workshopId: string, fn: (live: LiveDoc) => T): T {
		return this.d.collab.read(workshopId, 'live', (doc) => fn(new LiveDoc(doc)));
	}

	#write(workshopId: string, fn: (live: LiveDoc) => void): void {
		this.d.collab.transact(workshopId, 'live', (doc) => fn(new LiveDoc(doc)));
	}

	timer(workshop: Workshop, action: TimerAction, actor: Named): FacilitationResult {
		const now = this.#now();
		const items = this.d.collab.read(workshop.id, 'agenda', (doc) => new AgendaDoc(doc).items());
		const current = this.#live(workshop.id, (l) => l.timer());
		let next: timer.TimerState;
		switch (action.kind) {
			case 'start': {
				const item = items.find((i) => i.id === action.itemId);
				if (!item) return { ok: false, problem: 'unknown-item' };
				next = timer.start(item.id, item.minutes * 60_000, now);
				break;
			}
			case 'skip': {
				const at = items.findIndex((i) => i.id === current.itemId);
				const item = items[at + 1];
				next = item ? timer.start(item.id, item.minutes * 60_000, now) : timer.IDLE;
				break;
			}
			case 'stop':
				next = timer.IDLE;
				break;
			default:
				if (!current.itemId) return { ok: false, problem: 'not-running' };
				next = action.kind === 'pause' ? timer.pause(current, now) : action.kind === 'resume' ? timer.resume(current, now) : timer.extend(current, action.minutes * 60_000);
		}
		const title = items.find((i) => i.id === next.itemId)?.title ?? '';
		this.#write(workshop.id, (l) => l.setTimer(next, title, serverOrigin));
		this.d.audit.record('facilitation.timer', actor, { workshopId: workshop.id, target: next.itemId || null, details: { action: action.kind } });
		return { ok: true };
	}

	/** Locks or unlocks a whole step board (item null) or one item of it. */
	lock(workshop: Workshop, board: string, item: string | null, locked: boolean, actor: Named, byName: string): FacilitationResult {
		if (!this.d.boards.isStep(board)) return { ok: false, problem: 'unknown-board' };
		const now = this.#now();
		const paths = this.d.boards.lockPaths(board, item);
		this.#write(workshop.id, (l) => {
			for (const path of paths) l.setLock({ board, path, by: byName, at: now }, locked, serverOrigin);
		});
		this.d.boards.setLocks(workshop.id, this.#live(workshop.id, (l) => l.locks()));
		this.d.audit.record(locked ? 'facilitation.locked' : 'facilitation.unlocked', actor, { workshopId: workshop.id, target: item ? `${board}/${item}` : board });
		return { ok: true };
	}

	openVote(workshop: Workshop, input: VoteInput, actor: Named): FacilitationResult<{ voteId: string }> {
		const voteId = newId();
		const now = this.#now();
		const endsAt = input.minutes > 0 ? now + input.minutes * 60_000 : 0;
		this.#write(workshop.id, (l) => l.openVote({ id: voteId, question: input.question, options: input.options, perPerson: input.perPerson, endsAt, openedAt: now }, serverOrigin));
		if (endsAt) this.#scheduleClose(workshop, voteId, endsAt - now, actor);
		this.d.audit.record('facilitation.vote-opened', actor, { workshopId: workshop.id, target: voteId, details: { question: input.question, options: input.options.length, perPerson: input.perPerson } });
		return { ok: true, voteId };
	}

	#scheduleClose(workshop: Workshop, voteId: string, inMs: number, actor: Named): void {
		const t = setTimeout(() => {
			this.#closers.delete(voteId);
			try {
				this.closeVote(workshop, voteId, actor);
			} catch {
				// The server is shutting down; the vote closes on its next ballot or by hand.
			}
		}, inMs);
		t.unref();
		this.#closers.set(voteId, t);
	}

	/** Stores one person's dots. Nothing about them reaches the room but "this person has voted". */
	ballot(workshop: Workshop, voteId: string, userId: string, allocations: Record<string, number>): FacilitationResult {
		const vote = this.#live(workshop.id, (l) => l.votes().find((v) => v.id === voteId));
		if (!vote) return { ok: false, problem: 'unknown-vote' };
		if (vote.state === 'closed' || (vote.endsAt && this.#now() >= vote.endsAt)) return { ok: false, problem: 'vote-closed' };
		const problem = ballotProblem(allocations, vote.options.map((o) => o.id), vote.perPerson);
		if (problem) return { ok: false, problem };
		this.d.ballots.upsert({ workshopId: workshop.id, voteId, userId, allocations, at: this.#now() });
		this.#write(workshop.id, (l) => l.markVoted(voteId, userId, serverOrigin));
		return { ok: true };
	}

	/** Closes a vote and publishes the totals only (never who put which dot where). */
	closeVote(workshop: Workshop, voteId: string, actor: Named): FacilitationResult {
		const vote = this.#live(workshop.id, (l) => l.votes().find((v) => v.id === voteId));
		if (!vote) return { ok: false, problem: 'unknown-vote' };
		if (vote.state === 'closed') return { ok: true };
		clearTimeout(this.#closers.get(voteId));
		this.#closers.delete(voteId);
		const result = tally(this.d.ballots.list(workshop.id, voteId), vote.options.map((o) => o.id));
		this.#write(workshop.id, (l) => l.closeVote(voteId, result.results, result.voters, serverOrigin));
		this.d.audit.record('facilitation.vote-closed', actor, { workshopId: workshop.id, target: voteId, details: { voters: result.voters } });
		return { ok: true };
	}

	/** Logs a decision with the time and who was present (everyone online in the workshop). */
	logDecision(workshopId: string, kind: DecisionKind, text: string, board: string, by: string, id: string = newId()): Decision | null {
		if (this.#live(workshopId, (l) => l.decisions().some((d) => d.id === id))) return null;
		const present = [...new Set(this.d.collab.online(workshopId).map((m) => m.name))].sort();
		const decision: Decision = { id, kind, text, board, by, at: this.#now(), present };
		this.#write(workshopId, (l) => l.addDecision(decision, serverOrigin));
		return decision;
	}

	/** A decision the facilitator typed: logged on the board and in the audit log, under their account. */
	typedDecision(workshop: Workshop, text: string, board: string, actor: Named, byName: string): Decision | null {
		const decision = this.logDecision(workshop.id, 'manual', text, board, byName);
		this.d.audit.record('facilitation.decision-logged', actor, { workshopId: workshop.id, target: board, details: { text } });
		return decision;
	}

	/** Decisions the boards make elsewhere (rounds revealed, risks accepted, protocol frozen) arrive from the audit trail. */
	fromAudit(action: string, workshopId: string | null, target: string | null, details: Record<string, unknown> | undefined, by: string): void {
		if (!workshopId) return;
		if (action === 'dpia.round-revealed') this.logDecision(workshopId, 'round-revealed', String(details?.ratings ?? 0), 'dpia', by, `round-revealed:${target}`);
		if (action === 'dpia.risk-accepted') this.logDecision(workshopId, 'risk-accepted', String(details?.text ?? target ?? ''), 'dpia', String(details?.by ?? by), `risk-accepted:${target}:${String(details?.at ?? '')}`);
		if (PROTOCOL_CHANGES.includes(action)) this.#write(workshopId, (l) => l.protocolChanged(serverOrigin));
		if (action === 'protocol.frozen') this.logDecision(workshopId, 'protocol-frozen', String(target ?? ''), 'protocol', by, `protocol-frozen:${String(details?.digest ?? target)}`);
	}

	/**
	 * Participants not heard from yet: no rating in any scoring round, no position taken for their
	 * agency and no comment on the protocol. The facilitator sees them at a glance.
	 */
	quiet(workshop: Workshop, boards: readonly string[]): { userId: string; name: string; agencyId: string | null }[] {
		const heard = new Set(this.d.scoring.raters(workshop.id));
		const spoke = new Set<string>();
		if (boards.includes('dpisp')) {
			this.d.collab.read(workshop.id, 'dpisp', (doc) => {
				const dpisp = new DpispDoc(doc);
				for (const p of dpisp.positions()) if (p.author) spoke.add(p.author.userId);
				for (const c of dpisp.comments()) heard.add(c.byUserId);
			});
		}
		return this.d.workshops
			.members(workshop.id)
			.filter((m) => m.role === 'participant' && !heard.has(m.userId) && !spoke.has(m.userId))
			.map((m) => ({ userId: m.userId, name: m.name, agencyId: m.agencyId }));
	}

	decisions(workshopId: string): Decision[] {
		return this.#live(workshopId, (l) => l.decisions());
	}

	parking(workshopId: string): ParkedItem[] {
		return this.#live(workshopId, (l) => l.parking());
	}

	/** Closes the timed votes whose closing timer was lost (see VOTE_CLOSE_GRACE_MS), on the facilitation boards loaded here. */
	closeOverdueVotes(now = this.#now()): number {
		let closed = 0;
		for (const room of [...this.d.collab.rooms.values()]) {
			if (room.board !== 'live' || room.destroyed) continue;
			const workshop = this.d.workshops.get(room.workshopId);
			if (!workshop) continue;
			const overdue = new LiveDoc(room.doc).votes().filter((v) => v.state !== 'closed' && v.endsAt > 0 && now > v.endsAt + VOTE_CLOSE_GRACE_MS && !this.#closers.has(v.id));
			for (const vote of overdue) {
				try {
					if (this.closeVote(workshop, vote.id, { userId: null, label: 'Accord (the vote had ended)' }).ok) closed++;
				} catch {
					// the board is frozen or the server is stopping: the facilitator can still close it
				}
			}
		}
		return closed;
	}

	shutdown(): void {
		clearInterval(this.#overdue);
		for (const t of [...this.#closers.values(), ...this.#settling.values()]) clearTimeout(t);
		this.#closers.clear();
		this.#settling.clear();
	}
}

function digestOf(text: string): string {
	return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
