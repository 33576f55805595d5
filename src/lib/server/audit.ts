import crypto from 'node:crypto';
import type { AuditEntry, AuditFields } from '../domain/audit-chain';
import { anchorPayload, verifyAuditChain, type ChainAnchor } from '../domain/audit-chain';
import { wellFormed } from '../domain/text';
import type { AuditRepository, StoredAnchor } from './repositories/types';

/** The actions recorded in the audit log. */
export type AuditAction =
	| 'sign-in'
	| 'sign-in.failed'
	| 'sign-in.locked'
	| 'sign-out'
	| 'sign-out.everywhere'
	| 'account.created'
	| 'account.password-changed'
	| 'workshop.created'
	| 'invitation.created'
	| 'invitation.used'
	| 'invitation.revoked'
	| 'member.role-changed'
	| 'member.removed'
	| 'board.joined'
	| 'board.left'
	| 'backup.created'
	| 'database.migrated'
	| 'dpia.round-opened'
	| 'dpia.rating-submitted'
	| 'dpia.round-revealed'
	| 'dpia.round-cancelled'
	| 'dpia.action-plan-exported'
	| 'dpisp.version-saved'
	| 'terms.version-published'
	| 'terms.rapid-onset'
	| 'terms.signed'
	| 'terms.password-failed'
	| 'breach.drill-started'
	| 'breach.drill-step-done'
	| 'breach.drill-ended'
	| 'breach.drill-exported'
	| 'protocol.frozen'
	| 'protocol.reopened'
	| 'protocol.signed'
	| 'protocol.declined'
	| 'protocol.exported'
	| 'facilitation.timer'
	| 'facilitation.locked'
	| 'facilitation.unlocked'
	| 'facilitation.vote-opened'
	| 'facilitation.vote-closed'
	| 'facilitation.handed-over'
	| 'facilitation.decision-logged'
	| 'dpia.risk-accepted'
	| 'dpia.acceptance-withdrawn'
	| 'dpia.marked-ready'
	| 'dpia.reopened'
	| 'collab.write-refused'
	| 'protocol.password-failed'
	| 'account.password-change-failed'
	| 'audit.anchored'
	| 'board.restore-point-saved'
	| 'board.restored'
	| 'follow-up.updated'
	| 'follow-up.evidence-added'
	| 'follow-up.reported'
	| 'follow-up.reminded'
	| 'invitation.emailed'
	| 'kit.tailored'
	| 'pre-read.emailed'
	| 'workshop.review-started'
	| 'kit.saved';

export interface Actor {
	userId: string | null;
	label: string | null;
	agency?: string | null;
	role?: string | null;
	address?: string | null;
	/** How the person is shown to the others on boards (the audit log keeps `label`, the account's e-mail). */
	name?: string | null;
}

/** The name a board shows for an act: the person's name, or the account's label if there is none. */
export function shownName(actor: Pick<Actor, 'name' | 'label'>): string {
	return actor.name || actor.label || '';
}

/** The key that signs the chain's head (the instance's sealing key). */
export interface AnchorSigner {
	certificatePem: string;
	privateKeyPem: string;
}

const fingerprintOf = (pem: string) => new crypto.X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase();

type Pending = Omit<AuditFields, 'id'>;

/** How an entry that could not be written yet is kept: in order, retried, and if the process stops first, in a file. */
export interface AuditSpill {
	/** Entries left over by an earlier run, to write first. */
	load(): Pending[];
	save(pending: readonly Pending[]): void;
	clear(): void;
}

const RETRY_MS = 250;

/**
 * The audit log: every entry hash-chained, never dropped. When the database cannot take an entry
 * (locked by another process, full, failing), the entry is kept in order with its own time and
 * written as soon as it can be; later entries wait behind it, so the chain keeps the order things
 * happened in. This is said loudly (the log, /admin/health) and, if the process stops meanwhile,
 * the entries go to a file beside the database and are written at the next start.
 */
export class AuditLog {
	readonly #pending: Pending[] = [];
	#retry: ReturnType<typeof setTimeout> | null = null;
	#complained = false;

	constructor(
		private readonly repo: AuditRepository,
		private readonly recordAddresses: boolean,
		private readonly signer: AnchorSigner | null = null,
		private readonly spill: AuditSpill | null = null,
		private readonly log: (line: string) => void = () => {}
	) {
		const left = spill?.load() ?? [];
		if (left.length > 0) {
			this.#pending.push(...left);
			this.log(`audit: ${left.length} entries kept from the last run are being written`);
			this.#flush();
		}
	}

	/** Entries waiting to be written (0 when the database takes everything). */
	get pending(): { count: number; oldest: string | null } {
		return { count: this.#pending.length, oldest: this.#pending[0]?.at ?? null };
	}

	readonly #listeners: ((action: AuditAction, actor: Actor, target: { workshopId?: string | null; target?: string | null; details?: Record<string, unknown> }) => void)[] = [];

	/** Lets a service react to recorded events (the decision log listens for board decisions). */
	onRecord(listener: (action: AuditAction, actor: Actor, target: { workshopId?: string | null; target?: string | null; details?: Record<string, unknown> }) => void): void {
		this.#listeners.push(listener);
	}

	record(action: AuditAction, actor: Actor, target: { workshopId?: string | null; target?: string | null; details?: Record<string, unknown> } = {}): AuditEntry | null {
		const entry = this.#append(action, actor, target);
		for (const listener of this.#listeners) {
			try {
				listener(action, actor, target);
			} catch {
				// A listener's failure never undoes or blocks the record itself.
			}
		}
		return entry;
	}

	/** Every text is made well-formed first, so the hash covers exactly the bytes SQLite stores. */
	#append(action: AuditAction, actor: Actor, target: { workshopId?: string | null; target?: string | null; details?: Record<string, unknown> }): AuditEntry | null {
		const fields: Pending = wellFormed({
				at: new Date().toISOString(),
				actorId: actor.userId,
				actorLabel: actor.label,
				agency: actor.agency ?? null,
				role: actor.role ?? null,
				action,
				target: target.target ?? null,
				workshopId: target.workshopId ?? null,
				address: this.recordAddresses ? (actor.address ?? null) : null,
				details: target.details ? JSON.stringify(wellFormed(target.details)) : null
			});
		// what waits is written first: the chain keeps the order things happened in
		if (this.#pending.length > 0) this.#flush();
		if (this.#pending.length > 0) {
			this.#pending.push(fields);
			return null;
		}
		try {
			return this.repo.append(fields);
		} catch (error) {
			this.#pending.push(fields);
			this.#failed(error as Error);
			return null;
		}
	}

	#failed(error: Error): void {
		if (!this.#complained) this.log(`audit: the database refused an entry (${error.message}); ${this.#pending.length} waiting, retried every ${RETRY_MS} ms, none dropped`);
		this.#complained = true;
		this.#retry ??= setTimeout(() => {
			this.#retry = null;
			this.#flush();
		}, RETRY_MS);
	}

	/** Writes waiting entries in order, as far as the database takes them. */
	#flush(): void {
		while (this.#pending.length > 0) {
			try {
				this.repo.append(this.#pending[0]);
			} catch (error) {
				this.#failed(error as Error);
				return;
			}
			this.#pending.shift();
		}
		if (this.#complained) this.log('audit: every waiting entry is written');
		this.#complained = false;
		this.spill?.clear();
	}

	/** At shutdown: one last try, then what is left goes to the spill file, for the next start. */
	close(): void {
		if (this.#retry) clearTimeout(this.#retry);
		this.#retry = null;
		this.#flush();
		if (this.#pending.length > 0) {
			this.spill?.save(this.#pending);
			this.log(`audit: ${this.#pending.length} entries could not be written before stopping; kept for the next start`);
		}
	}

	head(): { id: number; hash: string } | null {
		return this.repo.head();
	}

	/**
	 * Signs the chain's head with the instance key (at intervals, and at every freeze, signature and
	 * export). A later truncation or rewrite of the tail no longer matches the anchor. Returns the
	 * head anchored, or null (no key, empty log, or already anchored there).
	 */
	anchor(reason: string): { entry: number; hash: string } | null {
		const head = this.repo.head();
		if (!this.signer || !head) return null;
		const last = this.repo.anchors().at(-1);
		if (last && last.entry === head.id && last.hash === head.hash) return { entry: head.id, hash: head.hash };
		const at = new Date().toISOString();
		const signature = crypto.sign('sha256', Buffer.from(anchorPayload({ entry: head.id, hash: head.hash, at, reason })), this.signer.privateKeyPem).toString('base64');
		this.repo.addAnchor({ entry: head.id, hash: head.hash, at, reason, certificate: this.signer.certificatePem, signature });
		return { entry: head.id, hash: head.hash };
	}

	/** The anchor has come back unchanged from `anchor`, signed by a certificate whose fingerprint is trusted. */
	static anchorTrusted(a: StoredAnchor, trusted: readonly string[]): boolean {
		try {
			if (!trusted.includes(fingerprintOf(a.certificate))) return false;
			return crypto.verify('sha256', Buffer.from(anchorPayload(a)), a.certificate, Buffer.from(a.signature, 'base64'));
		} catch {
			return false;
		}
	}

	list(workshopId: string | undefined, limit = 200, beforeId?: number): AuditEntry[] {
		return this.repo.list({ workshopId, limit, beforeId });
	}

	/**
	 * Walks the chain and checks it against its signed anchors (trusted when signed by a certificate
	 * in `trusted`, by default the instance's own) and against heads carried by exported protocols.
	 */
	verify(options: { trusted?: readonly string[]; external?: readonly ChainAnchor[] } = {}) {
		const trusted = options.trusted ?? (this.signer ? [fingerprintOf(this.signer.certificatePem)] : []);
		const anchors: ChainAnchor[] = this.repo.anchors().map((a) => ({ entry: a.entry, hash: a.hash, at: a.at, source: `anchor ${a.id} (${a.reason})`, trusted: AuditLog.anchorTrusted(a, trusted) }));
		return verifyAuditChain(this.repo.all(), this.repo.head(), [...anchors, ...(options.external ?? [])]);
	}
}
