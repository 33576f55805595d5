import type { IncomingMessage } from 'node:http';
import * as Y from 'yjs';
import { CloseCode } from '../../collab/close-codes';
import { LiveDoc } from '../../collab/live-doc';
import { lockedPaths, lockRefusal, type Lock } from '../../domain/facilitation/locks';
import type { Kit } from '../../domain/kit-schema';
import { canEditBoards } from '../../domain/roles';
import { WriteBudget } from '../../domain/write-budget';
import type { AuditLog } from '../audit';
import { SESSION_COOKIE, type SessionService } from '../auth/sessions';
import { readCookie, type CollabServer } from '../collab/collab-server';
import type { Access, BackgroundCompaction, BoardHandle, BoardRules, ClusterLink, CollabHooks, CollabLimits, ConnectionIdentity, WritePolicy } from '../collab/types';
import type { UpdatePath } from '../collab/update-paths';
import type { KitCatalogue } from '../kits';
import type { WorkshopRepository } from '../repositories/types';
import type { BoardFacts, ServerBoard } from './board';
import { allOf } from './rules';

/** The neutral colour of members without an agency (facilitators, usually). */
export const NO_AGENCY_COLOUR = '#5b6770';

/** A server-side change was asked of a board that is frozen. */
export class FrozenBoardError extends Error {}

export type WriteListener = (workshopId: string, paths: readonly UpdatePath[], writer: ConnectionIdentity) => void;

export interface WorkshopBoardsDeps {
	boards: readonly ServerBoard[];
	limits: CollabLimits;
	sessions: SessionService;
	workshops: WorkshopRepository;
	kits: KitCatalogue;
	audit: AuditLog;
	log: (line: string) => void;
	addressOf: (req: IncomingMessage) => string | null;
	compactInBackground?: BackgroundCompaction;
	keepRestorePoint?: (board: BoardHandle, reason: 'before-warning-size') => void;
	/** Several nodes: a freeze or new locks made on one node hold on every node at once. */
	cluster?: ClusterLink | null;
}

/**
 * Accord's boards as the collaboration engine sees them: the hooks that tell it who may open which
 * board of which workshop, each board's rules (from the registry, plus the facilitators' locks and
 * the protocol freeze on step boards), and what to record when people come and go. Also the state
 * those rules read: which workshops are frozen and each workshop's locks.
 */
export class WorkshopBoards implements CollabHooks {
	readonly #boards: Map<string, ServerBoard>;
	readonly #listeners = new Map<string, WriteListener[]>();
	/** Workshops whose protocol is frozen: their step boards are read-only for everyone. */
	readonly #frozen = new Set<string>();
	/** Each workshop's facilitator locks, read from its facilitation board once and kept current by `setLocks`. */
	readonly #locks = new Map<string, readonly Lock[]>();
	/** What each person may still write this minute, across boards. */
	readonly #writeBudget: WriteBudget;
	/** Several nodes: what people wrote through this node since it last told the others. */
	readonly #spentHere = new Map<string, { writes: number; bytes: number }>();
	#collab: CollabServer | null = null;
	readonly compactInBackground?: BackgroundCompaction;

	constructor(private readonly deps: WorkshopBoardsDeps) {
		this.#boards = new Map(deps.boards.map((b) => [b.id, b]));
		this.#writeBudget = new WriteBudget({ bytesPerMinute: deps.limits.writeBytesPerMinute, writesPerMinute: deps.limits.writesPerMinute });
		this.compactInBackground = deps.compactInBackground;
		deps.cluster?.onSignal((signal) => {
			if (signal.type !== 'board-state') return;
			if (signal.key === 'frozen') this.#setFrozenHere(signal.workshopId, signal.value === true);
			else if (signal.key === 'locks') this.#locks.set(signal.workshopId, signal.value as readonly Lock[]);
		});
		// each person's write budget counts what they write through every node, within about a second
		deps.cluster?.onSignal((signal) => {
			if (signal.type === 'spent') for (const [userId, writes, bytes] of signal.spent) this.#writeBudget.add(userId, writes, bytes);
		});
		if (deps.cluster) {
			const cluster = deps.cluster;
			setInterval(() => {
				if (this.#spentHere.size === 0) return;
				cluster.signal({ type: 'spent', spent: [...this.#spentHere].map(([userId, s]) => [userId, s.writes, s.bytes]) });
				this.#spentHere.clear();
			}, 1000).unref();
		}
	}

	/** The engine these hooks serve (it is built with them, so it is attached after). */
	attach(collab: CollabServer): void {
		this.#collab = collab;
	}

	get #engine(): CollabServer {
		if (!this.#collab) throw new Error('the collaboration engine is not attached yet');
		return this.#collab;
	}

	/** Every registered board. */
	all(): ServerBoard[] {
		return [...this.#boards.values()];
	}

	/** Frozen with the protocol, lockable by facilitators. */
	isStep(board: string): boolean {
		return this.#boards.get(board)?.step === true;
	}

	/** The document paths a lock on `item` of `board` covers (the whole board when item is null). */
	lockPaths(board: string, item: string | null): string[][] {
		return lockedPaths(item, this.#boards.get(board)?.lockPaths);
	}

	/** The boards a workshop on this kit has: every `always` board, and the ones its kit lists. */
	#boardsOf(kit: Kit): ServerBoard[] {
		return [...this.#boards.values()].filter((b) => b.always || (kit.manifest.boards as readonly string[]).includes(b.id));
	}

	/** The starting state of each board that seeds itself, for a new workshop (stored with it, in one transaction). */
	initialStates(facts: BoardFacts): { board: string; state: Uint8Array }[] {
		return this.#boardsOf(facts.kit).flatMap((b) => {
			if (!b.seed) return [];
			const doc = new Y.Doc();
			b.seed(doc, facts);
			const state = Y.encodeStateAsUpdate(doc);
			doc.destroy();
			return [{ board: b.id, state }];
		});
	}

	/** A board of a workshop created before boards were seeded with it is seeded when first opened (never by a page load). */
	loaded(handle: BoardHandle): void {
		const seed = this.#boards.get(handle.board)?.seed;
		if (!seed || handle.doc.store.clients.size > 0) return;
		const workshop = this.deps.workshops.get(handle.workshopId);
		const kit = workshop ? this.deps.kits.forWorkshop(workshop) : null;
		if (!workshop || !kit) return;
		const agencies = this.deps.workshops.agencies(workshop.id);
		handle.serverTransact((doc) => seed(doc, { workshop, agencies, kit }));
	}

	credentialsOf(headers: { cookie?: string }): string | null {
		return readCookie(headers.cookie, SESSION_COOKIE);
	}

	authorise(workshopId: string, board: string, _origin: string | undefined, token: string | null): Access {
		const valid = this.deps.sessions.validate(token);
		if (!valid) return { ok: false, refusal: 'unauthenticated' };
		const member = this.deps.workshops.member(workshopId, valid.user.id);
		if (!member) return { ok: false, refusal: 'not-member' };
		const workshop = this.deps.workshops.get(workshopId);
		const kit = workshop ? this.deps.kits.forWorkshop(workshop) : null;
		const known = this.#boards.get(board);
		if (!known || !kit || !(known.always || (kit.manifest.boards as readonly string[]).includes(board))) return { ok: false, refusal: 'unknown-board' };
		const agency = member.agencyId ? this.deps.workshops.agencies(workshopId).find((a) => a.id === member.agencyId) : undefined;
		return {
			ok: true,
			readOnly: !canEditBoards(member.role) || this.isFrozen(workshopId, board),
			identity: {
				userId: valid.user.id,
				// the name the workshop knows them by (told apart from a namesake, see addMember)
				name: member.name,
				agencyId: member.agencyId,
				colour: agency?.colour ?? NO_AGENCY_COLOUR,
				role: member.role,
				sessionId: valid.session.id,
				workshopId,
				board,
				address: null
			}
		};
	}

	addressOf(req: IncomingMessage): string | null {
		return this.deps.addressOf(req);
	}

	/** The board's own write rules, plus the facilitators' locks on step boards; its follow-ups, plus the services listening. */
	rules(workshopId: string, board: string): BoardRules {
		const own = this.#boards.get(board);
		let policy: WritePolicy | null = own?.policy ?? null;
		if (own?.step) {
			const locked: WritePolicy = (paths, writer) => {
				const lock = lockRefusal(this.locks(workshopId), board, paths, writer.role);
				return lock ? `locked by ${lock.by}` : null;
			};
			policy = policy ? allOf(policy, locked) : locked;
		}
		// Only boards someone reacts to pay for working out which paths an update touched.
		const afterWrite =
			own?.afterWrite || this.#listeners.has(board)
				? (handle: BoardHandle, paths: readonly UpdatePath[], writer: ConnectionIdentity) => {
						own?.afterWrite?.(handle, paths, writer);
						for (const listener of this.#listeners.get(board) ?? []) listener(handle.workshopId, paths, writer);
					}
				: null;
		return { policy, afterWrite };
	}

	/** Lets a service react when someone's write to a board was accepted (after it was stored and sent). */
	onWrite(board: string, listener: WriteListener): void {
		this.#listeners.set(board, [...(this.#listeners.get(board) ?? []), listener]);
	}

	/** Another node changed a board: the locks kept here are read again from the facilitation board, as it now is here. */
	changedElsewhere(handle: BoardHandle): void {
		if (handle.board === 'live') this.#locks.delete(handle.workshopId);
	}

	beforeServerWrite(workshopId: string, board: string): void {
		if (this.isFrozen(workshopId, board)) throw new FrozenBoardError(`${board} is frozen`);
	}

	sessionLive(sessionId: string): boolean {
		return this.deps.sessions.isLive(sessionId);
	}

	admitWrite(writer: ConnectionIdentity, bytes: number): boolean {
		if (!this.#writeBudget.spend(writer.userId, bytes)) return false;
		if (this.deps.cluster) {
			const spent = this.#spentHere.get(writer.userId) ?? { writes: 0, bytes: 0 };
			spent.writes++;
			spent.bytes += bytes;
			this.#spentHere.set(writer.userId, spent);
		}
		return true;
	}

	heartbeat(): void {
		this.#writeBudget.prune();
	}

	keepRestorePoint(board: BoardHandle, reason: 'before-warning-size'): void {
		this.deps.keepRestorePoint?.(board, reason);
	}

	joined(identity: ConnectionIdentity): void {
		this.#audit('board.joined', identity);
	}

	left(identity: ConnectionIdentity): void {
		this.#audit('board.left', identity);
	}

	writeRefused(identity: ConnectionIdentity, reason: string): void {
		this.#audit('collab.write-refused', identity, { reason });
	}

	#audit(action: 'board.joined' | 'board.left' | 'collab.write-refused', id: ConnectionIdentity, details?: Record<string, unknown>): void {
		this.deps.audit.record(
			action,
			{ userId: id.userId, label: id.name, agency: id.agencyId, role: id.role, address: id.address },
			{ workshopId: id.workshopId, target: id.board, details }
		);
	}

	isFrozen(workshopId: string, board: string): boolean {
		const own = this.#boards.get(board);
		return own?.step === true && own.freezesWithProtocol !== false && this.#frozen.has(workshopId);
	}

	/** Freezes or reopens a workshop's step boards; people on them reconnect with their new rights. */
	setFrozen(workshopId: string, frozen: boolean): void {
		this.deps.cluster?.signal({ type: 'board-state', workshopId, key: 'frozen', value: frozen });
		this.#setFrozenHere(workshopId, frozen);
	}

	#setFrozenHere(workshopId: string, frozen: boolean): void {
		if (frozen === this.#frozen.has(workshopId)) return;
		if (frozen) this.#frozen.add(workshopId);
		else this.#frozen.delete(workshopId);
		const reason = frozen ? 'the protocol was frozen' : 'the protocol was reopened';
		this.#engine.closeWhere((id) => id.workshopId === workshopId && this.isStep(id.board), CloseCode.PermissionsChanged, reason);
	}

	/** The workshop's locks (loading the facilitation board the first time they are asked for). */
	locks(workshopId: string): readonly Lock[] {
		let locks = this.#locks.get(workshopId);
		if (!locks) {
			locks = this.#engine.read(workshopId, 'live', (doc) => new LiveDoc(doc).locks());
			this.#locks.set(workshopId, locks);
		}
		return locks;
	}

	/** Called by the facilitation service, the only writer of locks, after each change. */
	setLocks(workshopId: string, locks: readonly Lock[]): void {
		this.deps.cluster?.signal({ type: 'board-state', workshopId, key: 'locks', value: locks });
		this.#locks.set(workshopId, locks);
	}
}
