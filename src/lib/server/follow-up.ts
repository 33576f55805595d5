import crypto from 'node:crypto';
import { signingStage, type ExpectedSigner } from '../domain/protocol/signing';
import {
	EVIDENCE_MAX_BYTES,
	endOfDay,
	isDate,
	mayAssign,
	mayUpdate,
	planAt,
	safeFileName,
	type Change,
	type FollowUpRow,
	type Owner,
	type SignedMeasure,
	type Viewer
} from '../domain/follow-up/plan';
import { FOLLOW_UP_FORMAT, type FollowUpSealed } from '../domain/follow-up/sealed-report';
import type { Actor, AuditLog } from './audit';
import { WriteBudget } from '../domain/write-budget';
import { newId } from './ids';
import type { ProtocolDocument } from './protocol/document';
import { sealRecord } from './protocol/seal';
import type { Renderer } from './protocol/render-pool';
import type { ProtocolSnapshot } from './protocol/snapshot';
import type { Freeze, FollowUpFile, FollowUpRepository, Member, ProtocolRepository, RateLimit, Workshop, WorkshopRepository } from './repositories/types';
import type { InstanceKey } from './signing/instance-key';

/** The words of the follow-up report, in the workshop's language (from the message catalogue, by the caller). */
export interface FollowUpLabels {
	/** The workshop's language, which the document is written in, and "Contents" in it. */
	language: string;
	contents: string;
	title: string;
	asOf: string;
	protocol: string;
	digest: string;
	sealNote: string;
	measure: string;
	risk: string;
	owner: string;
	due: string;
	status: string;
	evidence: string;
	updated: string;
	none: string;
	statuses: Record<string, string>;
}

export type FollowUpProblem = 'too-many' | 'too-fast' | 'not-signed' | 'unknown-measure' | 'forbidden' | 'unknown-owner' | 'empty-file' | 'file-too-large' | 'bad-date';

/** The signed version the follow-up belongs to, and its planned measures. */
interface Signed {
	freeze: Freeze;
	measures: SignedMeasure[];
}

/**
 * The action plan after signing (issue 19). Nothing here touches the frozen protocol: each change
 * is appended to a record of its own that names the signed version, stamped with the account that
 * made it, and the sealed report cites the protocol's digest. Owners update their own measures,
 * the facilitator any; only the facilitator assigns owners and due dates.
 */
export class FollowUpService {
	constructor(
		private readonly d: {
			protocols: ProtocolRepository;
			workshops: WorkshopRepository;
			followUp: FollowUpRepository;
			audit: AuditLog;
			key: InstanceKey;
			render: Renderer;
			/** Reports one person may ask for per minute (each is rendered and sealed anew), counted in the database. */
			reportLimit: RateLimit;
		}
	) {}

	/** What one person may record a minute: enough for anyone updating their measures, not for filling the disk. */
	readonly #changes = new WriteBudget({ bytesPerMinute: 4 * EVIDENCE_MAX_BYTES, writesPerMinute: 60 });


	/** The version in force once every expected signer has signed it; null before. */
	#signed(workshop: Workshop): Signed | null {
		const freeze = this.d.protocols.activeFreeze(workshop.id);
		if (!freeze) return null;
		const expected = JSON.parse(freeze.expected) as ExpectedSigner[];
		if (signingStage(expected, this.d.protocols.signatures(freeze.id)) !== 'complete') return null;
		const snapshot = JSON.parse(freeze.snapshot) as ProtocolSnapshot;
		const measures = snapshot.dpia.risks.flatMap((risk) =>
			risk.measures.filter((m) => m.kind === 'planned').map((m) => ({ id: m.id, riskId: risk.id, riskTitle: risk.title, text: m.text, agencyId: m.agency, due: m.due, status: m.status }))
		);
		return { freeze, measures };
	}

	/** The plan now (or at the end of `asOf`), with the version it follows; null until the protocol is signed. */
	plan(workshop: Workshop, asOf?: string): { version: number; digest: string; signedAt: number; rows: FollowUpRow[] } | null {
		const signed = this.#signed(workshop);
		if (!signed) return null;
		const rows = planAt(signed.measures, this.d.followUp.events(signed.freeze.id), asOf ? endOfDay(asOf) : undefined);
		const signedAt = Math.max(...this.d.protocols.signatures(signed.freeze.id).map((s) => s.at));
		return { version: signed.freeze.version, digest: signed.freeze.digest, signedAt, rows };
	}

	#owner(workshop: Workshop, owner: Owner): boolean {
		if (!owner) return true;
		if (owner.kind === 'agency') return this.d.workshops.agencies(workshop.id).some((a) => a.id === owner.agencyId);
		const member = this.d.workshops.member(workshop.id, owner.userId);
		return !!member && member.role !== 'observer';
	}

	#check(workshop: Workshop, member: Member, measureId: string, assigning: boolean): { ok: true; signed: Signed; row: FollowUpRow } | { ok: false; problem: FollowUpProblem } {
		const signed = this.#signed(workshop);
		if (!signed) return { ok: false, problem: 'not-signed' };
		const row = planAt(signed.measures, this.d.followUp.events(signed.freeze.id)).find((r) => r.measure.id === measureId);
		if (!row) return { ok: false, problem: 'unknown-measure' };
		const viewer: Viewer = { userId: member.userId, role: member.role, agencyId: member.agencyId };
		if (assigning ? !mayAssign(viewer) : !mayUpdate(row, viewer)) return { ok: false, problem: 'forbidden' };
		return { ok: true, signed, row };
	}

	/** Records one change to one measure, as `member` (the server's own record of who). */
	update(workshop: Workshop, member: Member, measureId: string, change: Change, actor: Actor): { ok: true } | { ok: false; problem: FollowUpProblem } {
		const checked = this.#check(workshop, member, measureId, change.type === 'owner' || change.type === 'due');
		if (!checked.ok) return checked;
		if (change.type !== 'evidence' || change.evidence.kind !== 'file') {
			if (!this.#changes.spend(member.userId, 0)) return { ok: false, problem: 'too-fast' };
		}
		if (change.type === 'owner' && !this.#owner(workshop, change.owner)) return { ok: false, problem: 'unknown-owner' };
		// saving a form unchanged records nothing
		if (unchanged(checked.row, change)) return { ok: true };
		this.d.followUp.addEvent(checked.signed.freeze.id, { id: newId(), measureId, at: Date.now(), by: { userId: member.userId, name: member.name }, change });
		this.d.audit.record(change.type === 'evidence' ? 'follow-up.evidence-added' : 'follow-up.updated', actor, {
			workshopId: workshop.id,
			target: `measure ${measureId}`,
			details: { version: checked.signed.freeze.version, change: change.type, ...(change.type === 'status' ? { status: change.status } : {}) }
		});
		return { ok: true };
	}

	/** Keeps a file as evidence for a measure: bounded in size, named harmlessly, hashed. */
	attach(workshop: Workshop, member: Member, measureId: string, file: { name: string; body: Uint8Array }, actor: Actor): { ok: true } | { ok: false; problem: FollowUpProblem } {
		if (file.body.byteLength === 0) return { ok: false, problem: 'empty-file' };
		if (file.body.byteLength > EVIDENCE_MAX_BYTES) return { ok: false, problem: 'file-too-large' };
		const checked = this.#check(workshop, member, measureId, false);
		if (!checked.ok) return checked;
		if (!this.#changes.spend(member.userId, file.body.byteLength)) return { ok: false, problem: 'too-fast' };
		const stored: FollowUpFile = {
			id: newId(),
			freezeId: checked.signed.freeze.id,
			measureId,
			name: safeFileName(file.name),
			bytes: file.body.byteLength,
			sha256: crypto.createHash('sha256').update(file.body).digest('hex'),
			body: file.body,
			at: Date.now(),
			userId: member.userId
		};
		this.d.followUp.addFile(stored);
		return this.update(workshop, member, measureId, { type: 'evidence', evidence: { kind: 'file', fileId: stored.id, name: stored.name, bytes: stored.bytes, sha256: stored.sha256 } }, actor);
	}

	/** An evidence file of the version in force, for a member of the workshop (the caller checks membership). */
	file(workshop: Workshop, fileId: string): FollowUpFile | null {
		const signed = this.#signed(workshop);
		return signed ? this.d.followUp.file(signed.freeze.id, fileId) : null;
	}

	/** How an owner is named in the report: an agency by its name, a person by their name in the workshop. */
	ownerLabel(workshop: Workshop): (owner: Owner) => string {
		const agencies = this.d.workshops.agencies(workshop.id);
		const members = this.d.workshops.members(workshop.id);
		return (owner) => {
			if (!owner) return '';
			if (owner.kind === 'agency') return agencies.find((a) => a.id === owner.agencyId)?.name ?? owner.agencyId;
			return members.find((m) => m.userId === owner.userId)?.name ?? owner.userId;
		};
	}

	/** The sealed record of the plan at the end of `asOf`: between the signing day and today. */
	sealedReport(workshop: Workshop, asOf: string, ownerLabel: (owner: Owner) => string): { ok: true; report: FollowUpSealed } | { ok: false; problem: FollowUpProblem } {
		if (!isDate(asOf)) return { ok: false, problem: 'bad-date' };
		const plan = this.plan(workshop, asOf);
		if (!plan) return { ok: false, problem: 'not-signed' };
		const today = new Date().toISOString().slice(0, 10);
		if (asOf > today || asOf < new Date(plan.signedAt).toISOString().slice(0, 10)) return { ok: false, problem: 'bad-date' };
		const iso = (at: number) => new Date(at).toISOString();
		const unsealed: Omit<FollowUpSealed, 'seal'> = {
			format: FOLLOW_UP_FORMAT,
			workshop: { id: workshop.id, title: workshop.title, context: workshop.context, date: workshop.date },
			protocol: { version: plan.version, digest: plan.digest },
			asOf,
			measures: plan.rows.map((r) => ({
				id: r.measure.id,
				risk: r.measure.riskTitle,
				text: r.measure.text,
				owner: ownerLabel(r.owner),
				due: r.due,
				status: r.status,
				reason: r.reason,
				evidence: r.evidence.map((e) => ({
					kind: e.kind,
					text: e.kind === 'file' ? e.name : e.text,
					...(e.kind === 'link' ? { url: e.url } : {}),
					...(e.kind === 'file' ? { sha256: e.sha256, bytes: e.bytes } : {}),
					by: e.by,
					at: iso(e.at)
				})),
				updatedBy: r.updated?.by ?? null,
				updatedAt: r.updated ? iso(r.updated.at) : null
			})),
			exportedAt: new Date().toISOString()
		};
		return { ok: true, report: sealRecord(unsealed, this.d.key) };
	}

	/** The report as a sealed PDF (the sealed JSON attached inside) or as that JSON; recorded in the audit log. */
	async report(workshop: Workshop, asOf: string, format: 'pdf' | 'json', labels: FollowUpLabels, ownerLabel: (owner: Owner) => string, actor: Actor): Promise<{ ok: true; name: string; type: string; body: Uint8Array } | { ok: false; problem: FollowUpProblem }> {
		if (!this.d.reportLimit.spend(actor.userId ?? actor.address ?? 'anonymous')) return { ok: false, problem: 'too-many' };
		const made = this.sealedReport(workshop, asOf, ownerLabel);
		if (!made.ok) return made;
		const sealed = made.report;
		const json = `${JSON.stringify(sealed, null, 2)}\n`;
		const name = `follow-up-v${sealed.protocol.version}-${asOf}.${format}`;
		let body: Uint8Array;
		if (format === 'json') body = new TextEncoder().encode(json);
		else {
			const { p12, passphrase, fingerprint, subject } = this.d.key;
			body = await this.d.render({ kind: 'pdf', doc: reportDocument(sealed, labels, fingerprint), digest: sealed.protocol.digest, key: { p12, passphrase, fingerprint, subject }, sealedExport: json });
		}
		this.d.audit.record('follow-up.reported', actor, { workshopId: workshop.id, target: name, details: { asOf, digest: sealed.protocol.digest, sha256: crypto.createHash('sha256').update(body).digest('hex') } });
		return { ok: true, name, type: format === 'json' ? 'application/json' : 'application/pdf', body };
	}
}

function unchanged(row: FollowUpRow, change: Change): boolean {
	if (change.type === 'status') return row.status === change.status && row.reason === change.reason;
	if (change.type === 'due') return row.due === change.due;
	if (change.type === 'owner') return JSON.stringify(row.owner) === JSON.stringify(change.owner);
	return false;
}

/** The report as a document: the protocol it follows, then one section per measure. */
function reportDocument(r: FollowUpSealed, l: FollowUpLabels, fingerprint: string): ProtocolDocument {
	const status = (s: string) => l.statuses[s] ?? s;
	return {
		language: l.language,
		contentsLabel: l.contents,
		title: l.title,
		subtitle: `${r.workshop.title} · ${r.workshop.context} · ${l.asOf} ${r.asOf}`,
		meta: [`${l.protocol} ${r.protocol.version}`, `${l.digest}: ${r.protocol.digest}`, `${l.sealNote} ${fingerprint}`],
		parts: [
			{ kind: 'table', header: [l.measure, l.owner, l.due, l.status], rows: r.measures.map((m) => [m.text, m.owner || l.none, m.due || '—', status(m.status)]) },
			...r.measures.flatMap((m) => [
				{ kind: 'heading' as const, level: 2 as const, text: m.text },
				{
					kind: 'table' as const,
					header: ['', ''],
					rows: [
						[l.risk, m.risk],
						[l.owner, m.owner || l.none],
						[l.due, m.due || '—'],
						[l.status, m.reason ? `${status(m.status)}: ${m.reason}` : status(m.status)],
						[l.updated, m.updatedBy ? `${m.updatedBy}, ${m.updatedAt!.slice(0, 16).replace('T', ' ')}` : '—']
					]
				},
				...(m.evidence.length
					? [
							{ kind: 'heading' as const, level: 3 as const, text: l.evidence },
							{
								kind: 'list' as const,
								items: m.evidence.map((e) => `${e.text}${e.url ? ` <${e.url}>` : ''}${e.sha256 ? ` (SHA-256 ${e.sha256})` : ''} — ${e.by}, ${e.at.slice(0, 16).replace('T', ' ')}`)
							}
						]
					: [])
			])
		]
	};
}
