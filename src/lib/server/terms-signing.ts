import crypto from 'node:crypto';
import { TermsDoc } from '../collab/terms-doc';
import { termsFor } from '../domain/kit-schema';
import type { TermsSealed } from '../domain/terms/sealed-terms';
import { organisationStatus } from '../domain/terms/review';
import type { Actor, AuditLog } from './audit';
import type { PasswordGate } from './auth/password-gate';
import type { CollabServer } from './collab/collab-server';
import { newId } from './ids';
import type { KitCatalogue } from './kits';
import type { ProtocolDocument } from './protocol/document';
import { markdownParts } from './protocol/markdown-parts';
import { sealRecord } from './protocol/seal';
import type { Renderer } from './protocol/render-pool';
import type { AccountRepository, TermsSignature, TermsSignatureRepository, Workshop, WorkshopRepository } from './repositories/types';
import type { InstanceKey } from './signing/instance-key';

export type TermsSignProblem = 'stale-version' | 'not-a-signatory' | 'no-version' | 'not-ready' | 'already-signed' | 'no-title' | 'wrong-password' | 'throttled';

/** The words of a sealed Terms PDF, in the workshop's language (from the message catalogue, by the caller). */
export interface TermsPdfLabels {
	/** The workshop's language, which the document is written in, and "Contents" in it. */
	language: string;
	contents: string;
	title: string;
	version: string;
	signedBy: string;
	email: string;
	time: string;
	digest: string;
	auth: string;
	certificate: string;
	sealNote: string;
}

/**
 * Each organisation signs its own Terms of Use (a government partner, the agreement in lieu of them)
 * with the hosting organisation, apart from the protocol: its signatory re-enters their password
 * once the organisation has accepted every item of the current version, and gets a sealed PDF of
 * that version and its signature, to upload to its agency record in the case-management system.
 * A new version needs new signatures; the protocol's are untouched.
 */
export class TermsSigningService {
	constructor(
		private readonly d: {
			collab: CollabServer;
			workshops: WorkshopRepository;
			accounts: AccountRepository;
			kits: KitCatalogue;
			signatures: TermsSignatureRepository;
			passwords: PasswordGate;
			audit: AuditLog;
			key: InstanceKey;
			render: Renderer;
		}
	) {}

	list(workshop: Workshop): TermsSignature[] {
		return this.d.signatures.list(workshop.id);
	}

	async sign(workshop: Workshop, userId: string, input: { title: string; password: string; version: number; address: string | null; userAgent: string | null }, actor: Actor): Promise<{ ok: true; version: number } | { ok: false; problem: TermsSignProblem }> {
		const member = this.d.workshops.member(workshop.id, userId);
		if (!member?.isSignatory || !member.agencyId) return { ok: false, problem: 'not-a-signatory' };
		const agencyId = member.agencyId;
		const kit = this.d.kits.forWorkshop(workshop);
		const items = kit ? termsFor(kit.terms, workshop.rolloutType).checklist.map((i) => i.id) : [];
		const { current, status } = this.d.collab.read(workshop.id, 'terms', (doc) => {
			const terms = new TermsDoc(doc);
			const current = terms.current();
			return { current, status: current ? organisationStatus(agencyId, items, terms.reviews(), current.version) : null };
		});
		if (!current) return { ok: false, problem: 'no-version' };
		// the version the signatory read is the one they sign, or nothing is signed
		if (current.version !== input.version) return { ok: false, problem: 'stale-version' };
		// an organisation signs what it has accepted, item by item
		if (status !== 'ready') return { ok: false, problem: 'not-ready' };
		if (this.d.signatures.list(workshop.id).some((s) => s.agencyId === agencyId && s.version === current.version)) return { ok: false, problem: 'already-signed' };
		if (!input.title.trim()) return { ok: false, problem: 'no-title' };
		const verdict = await this.d.passwords.reauthenticate(userId, input.password, input.address, { failed: 'terms.password-failed', actor, workshopId: workshop.id, target: `terms version ${current.version}` });
		if (!verdict.ok) return { ok: false, problem: verdict.reason === 'invalid' ? 'wrong-password' : 'throttled' };
		const account = this.d.accounts.byId(userId);
		if (!account) return { ok: false, problem: 'not-a-signatory' };
		const added = this.d.signatures.add({
			id: newId(),
			workshopId: workshop.id,
			agencyId,
			version: current.version,
			userId,
			fullName: account.name,
			email: account.email,
			title: input.title.trim().slice(0, 200),
			digest: crypto.createHash('sha256').update(current.text).digest('hex'),
			authMethod: 'session and password entered again at signing',
			address: input.address,
			userAgent: input.userAgent?.slice(0, 300) ?? null,
			at: Date.now()
		});
		if (!added) return { ok: false, problem: 'already-signed' };
		this.d.audit.record('terms.signed', actor, { workshopId: workshop.id, target: `terms version ${current.version}`, details: { agencyId } });
		this.d.audit.anchor('signature');
		return { ok: true, version: current.version };
	}

	/** The sealed PDF of an organisation's signed Terms: the text of that version, its signature, and the sealed record of both inside. */
	async sealedPdf(workshop: Workshop, agencyId: string, version: number, labels: TermsPdfLabels): Promise<{ name: string; body: Uint8Array } | null> {
		const signature = this.d.signatures.list(workshop.id).find((s) => s.agencyId === agencyId && s.version === version);
		const agency = this.d.workshops.agencies(workshop.id).find((a) => a.id === agencyId);
		const text = this.d.collab.read(workshop.id, 'terms', (doc) => new TermsDoc(doc).published().find((p) => p.version === version)?.text ?? null);
		if (!signature || !agency || text === null) return null;
		const at = new Date(signature.at).toISOString();
		const unsealed: Omit<TermsSealed, 'seal'> = {
			format: 'accord.terms/1',
			workshop: { id: workshop.id, title: workshop.title, context: workshop.context, date: workshop.date },
			agency: { id: agency.id, name: agency.name, shortName: agency.shortName },
			version,
			text,
			digest: signature.digest,
			signature: { fullName: signature.fullName, email: signature.email, title: signature.title, at, authMethod: signature.authMethod },
			exportedAt: new Date().toISOString()
		};
		const sealed: TermsSealed = sealRecord(unsealed, this.d.key);
		const doc: ProtocolDocument = {
			language: labels.language,
			contentsLabel: labels.contents,
			title: `${labels.title}: ${agency.name}`,
			subtitle: `${workshop.title} · ${workshop.context} · ${labels.version} ${version}`,
			meta: [`${labels.digest}: ${signature.digest}`, `${labels.sealNote} ${this.d.key.fingerprint}`],
			parts: [
				...markdownParts(text, 1),
				{ kind: 'pagebreak' },
				{ kind: 'heading', level: 1, text: `${labels.certificate}: ${signature.fullName}` },
				{
					kind: 'table',
					labelled: true,
					header: ['', ''],
					rows: [
						[labels.signedBy, `${signature.fullName}, ${signature.title}`],
						[labels.email, signature.email],
						[labels.time, at],
						[labels.digest, signature.digest],
						[labels.auth, signature.authMethod]
					]
				}
			]
		};
		const { p12, passphrase, fingerprint, subject } = this.d.key;
		const body = await this.d.render({ kind: 'pdf', doc, digest: signature.digest, key: { p12, passphrase, fingerprint, subject }, sealedExport: JSON.stringify(sealed) });
		return { name: `terms-${agency.shortName}-v${version}.pdf`, body };
	}
}
