import type { RecordedKitChange } from '../../domain/kit-tailoring';
import type { FollowUpEvent } from '../../domain/follow-up/plan';
import type { AuditEntry, AuditFields } from '../../domain/audit-chain';
import type { RolloutType } from '../../domain/boards';
import type { InstanceRole, InvitableRole, WorkshopRole } from '../../domain/roles';

/**
 * Storage is reached only through these interfaces, so that another implementation (Postgres,
 * for several servers) can be added without touching callers. tests/integration/repositories
 * runs one contract suite against every implementation.
 */

export interface User {
	id: string;
	email: string;
	name: string;
	role: InstanceRole;
	locale: string | null;
	createdAt: number;
}

export interface UserWithSecret extends User {
	passwordHash: string;
}

export interface Session {
	id: string;
	userId: string;
	expiresAt: number;
	lastActiveAt: number;
	createdAt: number;
}

export interface AccountRepository {
	count(): number;
	create(input: { email: string; name: string; passwordHash: string; role: InstanceRole; locale: string | null }): User;
	byId(id: string): User | null;
	byEmailWithSecret(email: string): UserWithSecret | null;
	secretById(id: string): UserWithSecret | null;
	list(): User[];
	setPassword(id: string, passwordHash: string): void;
	setLocale(id: string, locale: string): void;

	createSession(session: Session): void;
	session(id: string): { session: Session; user: User } | null;
	updateSession(id: string, expiresAt: number, lastActiveAt: number): void;
	deleteSession(id: string): void;
	/** Deletes every session of a user and returns their ids. */
	deleteSessionsOf(userId: string): string[];
	deleteExpiredSessions(now: number, idleBefore: number): number;

	createSetupToken(tokenHash: string, expiresAt: number): void;
	setupTokenValid(tokenHash: string, now: number): boolean;
	/** Takes a setup token: true once if it exists and has not expired; it is deleted either way. */
	takeSetupToken(tokenHash: string, now: number): boolean;
	clearSetupTokens(): void;
}

export interface Workshop {
	id: string;
	title: string;
	context: string;
	date: string;
	rolloutType: RolloutType;
	language: string;
	kitId: string;
	kitVersion: string;
	createdBy: string;
	createdAt: number;
}

export interface Agency {
	id: string;
	workshopId: string;
	name: string;
	shortName: string;
	colour: string;
	position: number;
}

export interface Member {
	workshopId: string;
	userId: string;
	name: string;
	email: string;
	role: WorkshopRole;
	agencyId: string | null;
	isSignatory: boolean;
	joinedAt: number;
}

export interface Invitation {
	id: string;
	workshopId: string;
	agencyId: string;
	role: InvitableRole;
	isSignatory: boolean;
	expiresAt: number;
	maxUses: number;
	uses: number;
	revokedAt: number | null;
	createdBy: string;
	createdAt: number;
}

export interface WorkshopRepository {
	create(workshop: Workshop, agencies: Agency[], facilitator: { userId: string; joinedAt: number }): void;
	get(id: string): Workshop | null;
	listForUser(userId: string): (Workshop & { role: WorkshopRole })[];
	listAll(): Workshop[];
	agencies(workshopId: string): Agency[];
	members(workshopId: string): Member[];
	member(workshopId: string, userId: string): Member | null;
	addMember(member: Omit<Member, 'name' | 'email'>): void;
	updateMember(workshopId: string, userId: string, change: { role: WorkshopRole; agencyId: string | null; isSignatory: boolean }): void;
	removeMember(workshopId: string, userId: string): void;

	createInvitation(invitation: Invitation, tokenHash: string): void;
	invitationByTokenHash(tokenHash: string): Invitation | null;
	invitations(workshopId: string): Invitation[];
	revokeInvitation(workshopId: string, id: string, at: number): boolean;
	/** Counts one use if the link is still usable at `now`; false if it was not. */
	useInvitation(id: string, now: number): boolean;
}

export interface AuditFilter {
	workshopId?: string;
	limit?: number;
	beforeId?: number;
}

export interface AuditRepository {
	/** Appends one entry, chaining it to the last one atomically. */
	append(fields: Omit<AuditFields, 'id'>): AuditEntry;
	list(filter: AuditFilter): AuditEntry[];
	/** Every entry in id order, streamed. */
	all(): IterableIterator<AuditEntry>;
	head(): { id: number; hash: string } | null;
	addAnchor(anchor: Omit<StoredAnchor, 'id'>): StoredAnchor;
	anchors(): StoredAnchor[];
}

/** The instance key's signature over the audit chain's head at one moment (see AuditLog.anchor). */
export interface StoredAnchor {
	id: number;
	entry: number;
	hash: string;
	at: string;
	reason: string;
	/** PEM of the certificate whose key signed it. */
	certificate: string;
	/** Base64 RSA-SHA256 signature of `anchorPayload`. */
	signature: string;
}

/** Ratings of an open silent-scoring round, kept out of every board until the reveal. */
export interface PrivateRating {
	workshopId: string;
	roundId: string;
	riskId: string;
	userId: string;
	agencyId: string | null;
	name: string;
	severity: number;
	likelihood: number;
	note: string;
	at: number;
}

export interface ScoringRepository {
	/** Stores or replaces one person's rating of one risk in a round. */
	upsert(rating: PrivateRating): void;
	list(workshopId: string, roundId: string): PrivateRating[];
	deleteRound(workshopId: string, roundId: string): void;
	/** Everyone who has rated anything in the workshop. */
	raters(workshopId: string): string[];
}

/** A named, read-only copy of the protocol's text, for comparisons. */
export interface ProtocolVersion {
	id: string;
	workshopId: string;
	name: string;
	/** JSON: { clauses: { id, number, title, text }[] }. */
	content: string;
	createdBy: string;
	createdAt: number;
}

/** An organisation's signature of one published version of its Terms of Use. */
export interface TermsSignature {
	id: string;
	workshopId: string;
	agencyId: string;
	version: number;
	userId: string;
	fullName: string;
	email: string;
	title: string;
	/** SHA-256 of the text signed (hex). */
	digest: string;
	authMethod: string;
	address: string | null;
	userAgent: string | null;
	at: number;
}

export interface TermsSignatureRepository {
	/** False when the organisation has already signed that version. */
	add(signature: TermsSignature): boolean;
	list(workshopId: string): TermsSignature[];
	/** Whether this instance recorded a signature of Terms hashing to `digest`. */
	knows(digest: string): boolean;
}

/** An evidence file kept with the follow-up of an action plan. */
export interface FollowUpFile {
	id: string;
	freezeId: string;
	measureId: string;
	name: string;
	bytes: number;
	sha256: string;
	body: Uint8Array;
	at: number;
	userId: string;
}

/** The follow-up of a signed protocol's action plan: its changes, in the order recorded, and its files. */
export interface FollowUpRepository {
	events(freezeId: string): FollowUpEvent[];
	addEvent(freezeId: string, event: FollowUpEvent): void;
	addFile(file: FollowUpFile): void;
	file(freezeId: string, fileId: string): FollowUpFile | null;
}

/** One e-mail Accord sent, or tried to. */
export interface MailRecord {
	id: string;
	workshopId: string | null;
	kind: 'invitation' | 'reminder' | 'pre-read';
	/** An account id for reminders, an address for invitations. */
	recipient: string;
	day: string;
	subject: string;
	status: 'sending' | 'sent' | 'failed';
	error: string | null;
	at: number;
}

export interface MailRepository {
	add(record: MailRecord): void;
	/** Claims the day's reminder for one person in one workshop; false if it was already claimed. */
	claimReminder(record: MailRecord): boolean;
	finish(id: string, status: 'sent' | 'failed', error: string | null): void;
	/** Gives a failed reminder's claim back, so a later run may try again the same day. */
	release(id: string): void;
	list(workshopId: string): MailRecord[];
	isQuiet(workshopId: string, userId: string): boolean;
	setQuiet(workshopId: string, userId: string, quiet: boolean): void;
}

/** A workshop's tailoring of its kit: each change in the order made. */
export interface KitChangeRepository {
	list(workshopId: string): RecordedKitChange[];
	add(workshopId: string, change: RecordedKitChange): void;
}

export interface VersionRepository {
	add(version: ProtocolVersion): void;
	list(workshopId: string): ProtocolVersion[];
}

export interface Freeze {
	id: string;
	workshopId: string;
	version: number;
	/** Canonical JSON of the snapshot. */
	snapshot: string;
	digest: string;
	/** JSON list of the expected signers ({ kind, userId, agencyId }). */
	expected: string;
	frozenAt: number;
	frozenBy: string;
	voidedAt: number | null;
	voidedBy: string | null;
	voidReason: string | null;
}

export interface SignatureRecord {
	id: string;
	freezeId: string;
	kind: 'approver' | 'signatory' | 'countersignatory';
	userId: string;
	agencyId: string | null;
	decision: 'signed' | 'declined';
	/** The account's name and e-mail when they signed (never typed in the form). */
	fullName: string;
	email: string;
	/** Typed by the signer. */
	title: string;
	/** JSON list of attestation ids ticked. */
	attestations: string;
	reason: string;
	digest: string;
	authMethod: string;
	address: string | null;
	userAgent: string | null;
	at: number;
}

/** An export as it was made, served again for the same version, format and signatures. */
export interface StoredExport {
	name: string;
	type: string;
	body: Uint8Array;
}

export interface ProtocolRepository {
	storedExport(freezeId: string, format: string, variant: string): StoredExport | null;
	storeExport(freezeId: string, format: string, variant: string, file: StoredExport): void;
	addFreeze(freeze: Freeze): void;
	freezes(workshopId: string): Freeze[];
	freezeByDigest(digest: string): Freeze | null;
	/** The version in force: the latest that was not voided. */
	activeFreeze(workshopId: string): Freeze | null;
	activeWorkshops(): string[];
	voidFreeze(id: string, at: number, by: string, reason: string): void;
	addSignature(signature: SignatureRecord): void;
	signatures(freezeId: string): SignatureRecord[];
}

export type { DocumentStore, StoredDocument } from '../collab/types';

/** A person's dot-vote ballot: only the server sees it, until the vote closes and only the totals are shown. */
export interface StoredBallot {
	workshopId: string;
	voteId: string;
	userId: string;
	allocations: Record<string, number>;
	at: number;
}

export interface BallotRepository {
	upsert(ballot: StoredBallot): void;
	list(workshopId: string, voteId: string): StoredBallot[];
}

/** A state a board can be restored to (see BoardHistoryService). */
export interface RestorePoint {
	id: string;
	/** The document's name, `<workshop-id>/<board>`. */
	name: string;
	createdAt: number;
	reason: 'before-warning-size' | 'manual' | 'before-restore';
	createdBy: string;
	bytes: number;
}

export interface BoardHistoryRepository {
	add(point: RestorePoint, state: Uint8Array): void;
	/** Newest first, without their states. */
	list(name: string): RestorePoint[];
	state(name: string, id: string): Uint8Array | null;
	/** Keeps the newest `keep` points of a kind for a board. */
	prune(name: string, reason: RestorePoint['reason'], keep: number): void;
}

/** A limit on how often one person may do something (an export, a report) per minute. */
export interface RateLimit {
	/** Counts one more and says yes if it fits the last minute's allowance; a refusal costs nothing. */
	spend(key: string, now?: number): boolean;
}
