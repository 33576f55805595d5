import { createHash } from 'node:crypto';
import { DpispDoc } from '../../collab/dpisp-doc';
import { canonicalJson, digestOf } from '../../domain/protocol/canonical';
import { freezeGaps, NOTHING_MISSING, type FreezeFacts, type FreezeGap } from '../../domain/protocol/preconditions';
import { canSign, signingStage, type ExpectedSigner, type SigningStage } from '../../domain/protocol/signing';
import type { Actor, AuditLog } from '../audit';
import type { PasswordGate } from '../auth/password-gate';
import type { CollabServer } from '../collab/collab-server';
import type { WorkshopBoards } from '../boards/workshop-boards';
import { newId } from '../ids';
import type { KitCatalogue } from '../kits';
import type { AccountRepository, Freeze, ProtocolRepository, RateLimit, SignatureRecord, StoredExport, TermsSignatureRepository, Workshop, WorkshopRepository } from '../repositories/types';
import type { InstanceKey } from '../signing/instance-key';
import type { TermsService } from '../terms';
import type { ExportLabels } from './labels';
import type { Renderer } from './render-pool';
import { EXPORT_SCHEMA, type ProtocolExport } from '../../domain/protocol/export-schema';
import { sealExport, verifyExportFile, type TrustedCertificate } from './seal';
import { buildSnapshot, type ProtocolSnapshot } from './snapshot';
import { makeExportFile } from './export-files';
import { withRegistry, type InstanceVerifyReport } from './verify-report';
import type { DeclineInput, SignInput, SignProblem } from './sign-input';

export type ExportFormat = 'pdf' | 'docx' | 'md' | 'json' | 'csv' | 'zip';
export type ExportResult = { ok: true; file: StoredExport } | { ok: false; problem: 'not-found' | 'too-many' };

export type { DeclineInput, SignInput, SignProblem } from './sign-input';

/**
 * Step 10 of the day: freeze the agreed protocols into one canonical snapshot, collect the
 * signatures in order, and export sealed documents anyone can verify.
 */
export class ProtocolService {
	constructor(
		private readonly d: {
			collab: CollabServer;
			boards: WorkshopBoards;
			workshops: WorkshopRepository;
			accounts: AccountRepository;
			kits: KitCatalogue;
			protocols: ProtocolRepository;
			terms: TermsService;
			/** Each organisation's signatures of its Terms, which the verify page also recognises. */
			termsSignatures: TermsSignatureRepository;
			audit: AuditLog;
			key: InstanceKey;
			passwords: PasswordGate;
			/** Renders PDF and DOCX (on a worker thread in the server). */
			render: Renderer;
			/** Keep each export once made (off only for diagnosis and benchmarks). */
			exportCache: boolean;
			/** Exports one person may ask for per minute (stored ones included: each is still a download), counted in the database. */
			exportLimit: RateLimit;
			/** Annexes from the workshop itself (its changes to the standard kit), frozen with the boards. */
			workshopAnnexes?: (workshop: Workshop) => { board: string; title: string; blocks: ProtocolSnapshot['dpisp']['clauses'][number]['blocks'] }[];
		}
	) {
		for (const workshopId of d.protocols.activeWorkshops()) d.boards.setFrozen(workshopId, true);
	}

	get fingerprint(): string {
		return this.d.key.fingerprint;
	}

	#lead(workshop: Workshop): string {
		const fromBoard = this.d.collab.read(workshop.id, 'dpisp', (doc) => new DpispDoc(doc).leadAgency());
		return fromBoard || (this.d.workshops.agencies(workshop.id)[0]?.id ?? '');
	}

	/** What still stands between the workshop and a freeze: each board says what it lacks (read once), and every agency needs a signatory. */
	gaps(workshop: Workshop): FreezeGap[] {
		const kit = this.d.kits.forWorkshop(workshop);
		const agencies = this.d.workshops.agencies(workshop.id);
		const members = this.d.workshops.members(workshop.id);
		const found: Partial<FreezeFacts> = {};
		if (kit) {
			const facts = { workshop, agencies, kit };
			for (const board of this.d.boards.all()) if (board.freezeFacts) Object.assign(found, this.d.collab.read(workshop.id, board.id, (doc) => board.freezeFacts!(doc, facts)));
		}
		return freezeGaps({
			...NOTHING_MISSING,
			...found,
			signatories: agencies.map((a) => ({ agency: a.shortName, count: members.filter((m) => m.agencyId === a.id && m.isSignatory).length }))
		});
	}

	freeze(workshop: Workshop, approverIds: string[], actor: Actor & { label: string }): { ok: true; freeze: Freeze } | { ok: false; gaps: FreezeGap[] } | { ok: false; problem: 'already-frozen' | 'unknown-kit' } {
		if (this.d.protocols.activeFreeze(workshop.id)) return { ok: false, problem: 'already-frozen' };
		const kit = this.d.kits.forWorkshop(workshop);
		if (!kit) return { ok: false, problem: 'unknown-kit' };
		const gaps = this.gaps(workshop);
		if (gaps.length > 0) return { ok: false, gaps };
		const agencies = this.d.workshops.agencies(workshop.id);
		const members = this.d.workshops.members(workshop.id);
		const lead = this.#lead(workshop);
		const version = (this.d.protocols.freezes(workshop.id).at(-1)?.version ?? 0) + 1;
		const snapshot = buildSnapshot(this.d.collab, this.d.boards.all(), workshop, agencies, kit, version, lead, this.d.workshopAnnexes?.(workshop) ?? []);
		const expected: ExpectedSigner[] = [
			...members.filter((m) => approverIds.includes(m.userId)).map((m) => ({ kind: 'approver' as const, userId: m.userId, agencyId: m.agencyId })),
			...members.filter((m) => m.isSignatory && m.agencyId).map((m) => ({ kind: 'signatory' as const, userId: m.userId, agencyId: m.agencyId })),
			...members.filter((m) => m.isSignatory && m.agencyId === lead).map((m) => ({ kind: 'countersignatory' as const, userId: m.userId, agencyId: m.agencyId }))
		];
		const freeze: Freeze = {
			id: newId(),
			workshopId: workshop.id,
			version,
			snapshot: canonicalJson(snapshot),
			digest: digestOf(snapshot),
			expected: JSON.stringify(expected),
			frozenAt: Date.now(),
			frozenBy: actor.label,
			voidedAt: null,
			voidedBy: null,
			voidReason: null
		};
		this.d.protocols.addFreeze(freeze);
		this.d.boards.setFrozen(workshop.id, true);
		this.d.audit.record('protocol.frozen', actor, { workshopId: workshop.id, target: `version ${version}`, details: { digest: freeze.digest, signers: expected.length } });
		this.d.audit.anchor('freeze');
		return { ok: true, freeze };
	}

	/** Opens the boards again: the frozen version and every signature on it are void. */
	reopen(workshop: Workshop, reason: string, actor: Actor & { label: string }): boolean {
		const active = this.d.protocols.activeFreeze(workshop.id);
		if (!active) return false;
		const signatures = this.d.protocols.signatures(active.id).length;
		this.d.protocols.voidFreeze(active.id, Date.now(), actor.label, reason);
		this.d.boards.setFrozen(workshop.id, false);
		this.d.audit.record('protocol.reopened', actor, { workshopId: workshop.id, target: `version ${active.version}`, details: { reason, voidedSignatures: signatures } });
		return true;
	}

	status(workshop: Workshop) {
		const active = this.d.protocols.activeFreeze(workshop.id);
		const all = this.d.protocols.freezes(workshop.id);
		if (!active) return { active: null, history: all.map(({ version, digest, frozenAt, voidedAt, voidReason }) => ({ version, digest, frozenAt, voidedAt, voidReason })) };
		const expected = JSON.parse(active.expected) as ExpectedSigner[];
		const signatures = this.d.protocols.signatures(active.id);
		return {
			active: { id: active.id, version: active.version, digest: active.digest, frozenAt: active.frozenAt, frozenBy: active.frozenBy, expected, signatures, stage: signingStage(expected, signatures) as SigningStage },
			history: all.map(({ version, digest, frozenAt, voidedAt, voidReason }) => ({ version, digest, frozenAt, voidedAt, voidReason }))
		};
	}

	snapshot(workshop: Workshop, version?: number): { freeze: Freeze; snapshot: ProtocolSnapshot } | null {
		const freeze = version ? this.d.protocols.freezes(workshop.id).find((f) => f.version === version) : this.d.protocols.activeFreeze(workshop.id);
		return freeze ? { freeze, snapshot: JSON.parse(freeze.snapshot) as ProtocolSnapshot } : null;
	}

	/**
	 * Checks, in this order, that the person may sign now (so nobody can use the form to test
	 * passwords out of turn), then the password entered again, throttled and audited like sign-in.
	 */
	async #authorise(workshop: Workshop, userId: string, password: string, address: string | null, actor: Actor) {
		const active = this.d.protocols.activeFreeze(workshop.id);
		if (!active) return { ok: false as const, problem: 'no-version' as const };
		const expected = JSON.parse(active.expected) as ExpectedSigner[];
		const allowed = canSign(expected, this.d.protocols.signatures(active.id), userId);
		if (!allowed.ok) return { ok: false as const, problem: allowed.reason };
		const verdict = await this.d.passwords.reauthenticate(userId, password, address, { failed: 'protocol.password-failed', actor, workshopId: workshop.id, target: `version ${active.version}` });
		if (!verdict.ok) return { ok: false as const, problem: verdict.reason === 'invalid' ? ('wrong-password' as const) : ('throttled' as const) };
		const account = this.d.accounts.byId(userId);
		if (!account) return { ok: false as const, problem: 'not-expected' as const };
		return { ok: true as const, active, kind: allowed.kind, agencyId: expected.find((e) => e.userId === userId && e.kind === allowed.kind)?.agencyId ?? null, account };
	}

	async sign(workshop: Workshop, userId: string, input: SignInput, actor: Actor): Promise<{ ok: true } | { ok: false; problem: SignProblem }> {
		const kit = this.d.kits.forWorkshop(workshop);
		const required = kit?.signing.attestations.map((a) => a.id) ?? [];
		if (!required.every((id) => input.attestations.includes(id))) return { ok: false, problem: 'missing-attestation' };
		const ok = await this.#authorise(workshop, userId, input.password, input.address, actor);
		if (!ok.ok) return ok;
		this.d.protocols.addSignature({
			id: newId(),
			freezeId: ok.active.id,
			kind: ok.kind,
			userId,
			agencyId: ok.agencyId,
			decision: 'signed',
			fullName: ok.account.name,
			email: ok.account.email,
			title: input.title.trim().slice(0, 200),
			attestations: JSON.stringify(required),
			reason: '',
			digest: ok.active.digest,
			authMethod: 'session and password entered again at signing',
			address: input.address,
			userAgent: input.userAgent?.slice(0, 300) ?? null,
			at: Date.now()
		});
		this.d.audit.record('protocol.signed', actor, { workshopId: workshop.id, target: `version ${ok.active.version}`, details: { kind: ok.kind, digest: ok.active.digest } });
		this.d.audit.anchor('signature');
		return { ok: true };
	}

	async decline(workshop: Workshop, userId: string, input: DeclineInput, actor: Actor): Promise<{ ok: true } | { ok: false; problem: SignProblem }> {
		if (!input.reason.trim()) return { ok: false, problem: 'no-reason' };
		const ok = await this.#authorise(workshop, userId, input.password, input.address, actor);
		if (!ok.ok) return ok;
		this.d.protocols.addSignature({
			id: newId(),
			freezeId: ok.active.id,
			kind: ok.kind,
			userId,
			agencyId: ok.agencyId,
			decision: 'declined',
			fullName: ok.account.name,
			email: ok.account.email,
			title: input.title.trim().slice(0, 200),
			attestations: '[]',
			reason: input.reason.trim().slice(0, 2000),
			digest: ok.active.digest,
			authMethod: 'session and password entered again at declining',
			address: input.address,
			userAgent: input.userAgent?.slice(0, 300) ?? null,
			at: Date.now()
		});
		this.d.audit.record('protocol.declined', actor, { workshopId: workshop.id, target: `version ${ok.active.version}`, details: { kind: ok.kind, reason: input.reason.trim().slice(0, 2000) } });
		this.d.audit.anchor('signature');
		return { ok: true };
	}

	/** The sealed JSON export of a frozen version: snapshot, signatures, the audit head it was made at. */
	sealedExport(freeze: Freeze, signatures: SignatureRecord[], auditHead: { entry: number; hash: string } | null): ProtocolExport {
		const sigs = signatures.map(({ kind, agencyId, decision, userId, email, fullName, title, attestations, reason, digest, authMethod, address, userAgent, at }) => ({
			kind,
			agencyId,
			decision,
			userId,
			email,
			fullName,
			title,
			attestations: JSON.parse(attestations) as string[],
			reason,
			digest,
			authMethod,
			address,
			userAgent,
			at: new Date(at).toISOString()
		}));
		const snapshot = JSON.parse(freeze.snapshot) as ProtocolSnapshot;
		return sealExport({ schema: EXPORT_SCHEMA, digest: freeze.digest, snapshot, signatures: sigs, auditHead, exportedAt: new Date().toISOString() }, this.d.key);
	}

	/**
	 * One export of a frozen version, recorded in the audit log. Each is made once per version,
	 * format, words and state of the signatures, then served as stored; PDF and DOCX are rendered
	 * off the thread that relays edits. One person may ask for `exportsPerMinute` a minute.
	 */
	async export(workshop: Workshop, version: number, format: ExportFormat, labels: ExportLabels, actor: Actor): Promise<ExportResult> {
		if (!this.d.exportLimit.spend(actor.userId ?? actor.address ?? 'anonymous')) return { ok: false, problem: 'too-many' };
		const found = this.snapshot(workshop, version);
		if (!found) return { ok: false, problem: 'not-found' };
		const { freeze, snapshot } = found;
		const signatures = this.d.protocols.signatures(freeze.id);
		const variant = createHash('sha256')
			.update(JSON.stringify([signatures.map((sig) => sig.id), labels]))
			.digest('hex')
			.slice(0, 32);
		let out = this.d.exportCache ? this.d.protocols.storedExport(freeze.id, format, variant) : null;
		const stored = !!out;
		let auditHead: { entry: number; hash: string } | null = null;
		if (!out) {
			// Every export carries the audit log's head, signed: a later cut or rewrite of the log shows.
			auditHead = this.d.audit.anchor('export');
			const sealed = `${JSON.stringify(this.sealedExport(freeze, signatures, auditHead), null, 2)}\n`;
			out = await makeExportFile({ date: workshop.date, version, format, labels, freeze, snapshot, signatures, auditHead, sealed, key: this.d.key, render: this.d.render });
			if (this.d.exportCache) this.d.protocols.storeExport(freeze.id, format, variant, out);
		}
		this.d.audit.record('protocol.exported', actor, {
			workshopId: workshop.id,
			target: out.name,
			details: { format, digest: freeze.digest, sha256: createHash('sha256').update(out.body).digest('hex'), stored, auditHead: auditHead?.entry ?? null }
		});
		return { ok: true, file: out };
	}

	/** The certificate this instance seals with, as verification trusts it. */
	get trusted(): TrustedCertificate[] {
		return [{ fingerprint: this.d.key.fingerprint, source: this.d.key.source }];
	}

	/** Checks an exported PDF or JSON: seal intact and made by this instance, what was signed, and whether the version was reopened since. */
	async verify(file: Buffer): Promise<InstanceVerifyReport> {
		return withRegistry(await verifyExportFile(file, this.trusted), this.d.protocols, (digest) => this.d.termsSignatures.knows(digest));
	}
}

export type { FreezeGap, InstanceVerifyReport };
