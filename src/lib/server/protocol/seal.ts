import crypto from 'node:crypto';
import { canonicalJson, digestOf } from '../../domain/protocol/canonical';
import { parseExport, type ProtocolExport } from '../../domain/protocol/export-schema';
import { sealedTermsSchema, type TermsSealed } from '../../domain/terms/sealed-terms';
import { FOLLOW_UP_FORMAT, sealedFollowUpSchema } from '../../domain/follow-up/sealed-report';
import type { InstanceKey } from '../signing/instance-key';
import { describeCertificate, verifyDetachedCms, type SignerCertificate } from './cms';
import { readSealedPdf, StructureError, type StructureProblem } from './pdf-structure';

/**
 * Sealing and checking exports, with nothing but the file and the certificate fingerprints one
 * trusts (no database): the server's /verify page and `npm run accord -- verify` both use this.
 * - JSON (`accord.export/1`): conforms to the published schema; `seal.signature` is the instance's
 *   RSA-SHA256 signature of the canonical JSON of everything but `seal`; the snapshot hashes to
 *   `digest`, which every signature names.
 * - PDF: one signature, read structurally and covering every byte but itself (pdf-structure.ts),
 *   a CMS SignedData that verifies over those bytes (cms.ts), and, attached inside, the sealed JSON
 *   export of the same version by the same certificate: what was signed, readable.
 */

/** The name of the sealed JSON export attached inside every sealed PDF. */
export const ATTACHED_EXPORT = 'accord-export.json';

export type Unsealed = Omit<ProtocolExport, 'seal'>;

/** Any record sealed by the instance (accord.export/1, accord.terms/1, accord.followup/1): its `seal` signs the canonical JSON of everything else. */
export function sealRecord<T extends object>(unsealed: T, key: Pick<InstanceKey, 'privateKeyPem' | 'fingerprint' | 'certificatePem'>): T & { seal: { algorithm: 'RSA-SHA256'; fingerprint: string; certificate: string; signature: string } } {
	const signature = crypto.sign('sha256', Buffer.from(canonicalJson(unsealed)), key.privateKeyPem).toString('base64');
	return { ...unsealed, seal: { algorithm: 'RSA-SHA256', fingerprint: key.fingerprint, certificate: key.certificatePem, signature } };
}

export function sealExport(unsealed: Unsealed, key: InstanceKey): ProtocolExport {
	return sealRecord(unsealed, key);
}

/** A certificate a verification accepts, and why: this instance's own key, the operator's configured one, or a fingerprint given by the person checking. */
export interface TrustedCertificate {
	fingerprint: string;
	source: 'instance' | 'operator' | 'given';
}

export type VerifyReason =
	| 'unreadable'
	| 'not-conforming'
	| 'no-seal'
	| 'modified-after-sealing'
	| 'seal-malformed'
	| 'seal-broken'
	| 'content-changed'
	| 'no-content'
	| 'sealed-elsewhere'
	| 'no-expected-certificate';

/** What was signed, read from the sealed file itself. */
export interface VerifiedContent {
	/** 'terms' for one organisation's signed Terms of Use (accord.terms/1), 'followup' for a follow-up report of the action plan (accord.followup/1, citing the protocol's digest); absent for a protocol. */
	document?: 'terms' | 'followup';
	/** A follow-up report's date and measures. */
	followUp?: { asOf: string; measures: { text: string; owner: string; due: string; status: string; reason: string; evidence: number }[] };
	digest: string;
	version: number;
	workshop: { id: string; title: string; context: string; date: string };
	kit: { id: string; version: string };
	agencies: { name: string; shortName: string; lead: boolean }[];
	clauses: { number: number; title: string; status: string }[];
	signatures: { fullName: string; email: string; title: string; agency: string | null; kind: string; decision: string; at: string }[];
	auditHead: { entry: number; hash: string } | null;
	exportedAt: string;
}

export interface VerifyReport {
	valid: boolean;
	reason: VerifyReason | null;
	/** The rule that failed: a structure problem for a modified PDF, the path for a non-conforming JSON. */
	why: StructureProblem | string | null;
	/** One technical sentence (English), for the command line and the logs. */
	detail: string | null;
	format: 'pdf' | 'json' | 'unknown';
	signer: Omit<SignerCertificate, 'pem'> | null;
	/** The expected certificate the seal was made with, when it is one. */
	trust: TrustedCertificate | null;
	signedAt: string | null;
	content: VerifiedContent | null;
}

const empty = (format: VerifyReport['format']): VerifyReport => ({ valid: false, reason: null, why: null, detail: null, format, signer: null, trust: null, signedAt: null, content: null });
const failed = (report: VerifyReport, reason: VerifyReason, detail: string, why: string | null = null): VerifyReport => ({ ...report, valid: false, reason, detail, why, content: null });

function contentOf(data: ProtocolExport): VerifiedContent {
	const s = data.snapshot;
	const agency = (id: string | null) => (id ? (s.agencies.find((a) => a.id === id)?.name ?? id) : null);
	return {
		digest: data.digest,
		version: s.version,
		workshop: { id: s.workshop.id, title: s.workshop.title, context: s.workshop.context, date: s.workshop.date },
		kit: s.workshop.kit,
		agencies: s.agencies.map(({ name, shortName, lead }) => ({ name, shortName, lead })),
		clauses: s.dpisp.clauses.map(({ number, title, status }) => ({ number, title, status })),
		signatures: data.signatures.map((x) => ({ fullName: x.fullName, email: x.email, title: x.title, agency: agency(x.agencyId), kind: x.kind, decision: x.decision, at: x.at })),
		auditHead: data.auditHead,
		exportedAt: data.exportedAt
	};
}

/** Whether `seal` is the RSA-SHA256 signature, by its own certificate, of the canonical JSON of `unsealed`. */
function sealHolds(unsealed: unknown, seal: { certificate: string; signature: string }): boolean {
	try {
		return crypto.verify('sha256', Buffer.from(canonicalJson(unsealed)), seal.certificate, Buffer.from(seal.signature, 'base64'));
	} catch {
		return false;
	}
}

/** The certificate a JSON seal carries, read and matched against the fingerprint the seal names. */
function sealSigner(seal: { certificate: string; fingerprint: string }): { ok: true; signer: Omit<SignerCertificate, 'pem'> } | { ok: false; detail: string; signer: Omit<SignerCertificate, 'pem'> | null } {
	let signer: SignerCertificate;
	try {
		signer = describeCertificate(Buffer.from(new crypto.X509Certificate(seal.certificate).raw));
	} catch {
		return { ok: false, detail: 'the seal certificate cannot be read', signer: null };
	}
	const { pem: _pem, ...shown } = signer;
	if (signer.fingerprint !== seal.fingerprint) return { ok: false, detail: 'the seal names another certificate than the one it carries', signer: shown };
	return { ok: true, signer: shown };
}

/** Checks a parsed JSON export's conformance, seal and digest; trust in its certificate is the caller's. */
function checkJson(value: unknown, report: VerifyReport): { report: VerifyReport; data: ProtocolExport | null } {
	const parsed = parseExport(value);
	if (!parsed.ok) return { report: failed(report, 'not-conforming', `the file does not conform to accord.export/1 at ${parsed.where}: ${parsed.problem}`, parsed.where), data: null };
	const data = parsed.data;
	const signer = sealSigner(data.seal);
	const withSigner = signer.signer ? { ...report, signer: signer.signer } : report;
	if (!signer.ok) return { report: failed(withSigner, 'seal-malformed', signer.detail), data: null };
	const { seal, ...unsealed } = data;
	const intact = sealHolds(unsealed, seal);
	if (!intact) return { report: failed(withSigner, 'seal-broken', 'the seal does not verify: the file changed after it was sealed'), data: null };
	if (digestOf(data.snapshot) !== data.digest) return { report: failed(withSigner, 'content-changed', 'the protocol does not hash to the digest that was signed'), data: null };
	if (data.signatures.some((s) => s.digest !== data.digest)) return { report: failed(withSigner, 'content-changed', 'a signature names another digest than the protocol’s'), data: null };
	return { report: withSigner, data };
}

function trustOf(report: VerifyReport, fingerprint: string, trusted: readonly TrustedCertificate[]): VerifyReport {
	const match = trusted.find((t) => t.fingerprint === fingerprint) ?? null;
	if (match) return { ...report, trust: match };
	if (trusted.length === 0) return failed(report, 'no-expected-certificate', `the seal is intact, by the certificate ${fingerprint}; give the fingerprint the instance publishes to check it is theirs`);
	return failed(report, 'sealed-elsewhere', `the seal is intact but was made by the certificate ${fingerprint}, not by ${trusted.map((t) => t.fingerprint).join(' or ')}`);
}

async function verifyPdf(file: Buffer, trusted: readonly TrustedCertificate[]): Promise<VerifyReport> {
	let report = empty('pdf');
	let sealed;
	try {
		sealed = readSealedPdf(file);
	} catch (error) {
		if (!(error instanceof StructureError)) throw error;
		if (error.problem === 'no-seal') return failed(report, 'no-seal', error.message);
		if (error.problem === 'not-pdf') return failed(empty('unknown'), 'unreadable', error.message);
		return failed(report, 'modified-after-sealing', error.message, error.problem);
	}
	const cms = await verifyDetachedCms(sealed.cms, sealed.signedBytes);
	if (!cms.ok) return failed(report, cms.reason, cms.detail);
	const { pem: _pem, ...signer } = cms.signer;
	report = trustOf({ ...report, signer, signedAt: cms.signedAt }, cms.signer.fingerprint, trusted);
	if (report.reason) return report;
	const attached = sealed.attachments.get(ATTACHED_EXPORT);
	if (!attached) return failed(report, 'no-content', `the sealed PDF carries no ${ATTACHED_EXPORT}: it cannot say what was signed`);
	let value: unknown;
	try {
		value = JSON.parse(attached.toString('utf8'));
	} catch {
		return failed(report, 'not-conforming', `the attached ${ATTACHED_EXPORT} is not JSON`, ATTACHED_EXPORT);
	}
	if ((value as { format?: unknown } | null)?.format === 'accord.terms/1') return checkTerms(value, report, cms.signer.fingerprint);
	if ((value as { format?: unknown } | null)?.format === FOLLOW_UP_FORMAT) return checkFollowUp(value, report, cms.signer.fingerprint);
	const inner = checkJson(value, report);
	if (!inner.data) return { ...inner.report, signer: report.signer };
	if (inner.data.seal.fingerprint !== cms.signer.fingerprint) return failed(report, 'seal-malformed', 'the attached export was sealed by another certificate than the PDF');
	return { ...report, valid: true, content: contentOf(inner.data) };
}

/** An organisation's signed Terms inside a sealed PDF: conforming, sealed by the PDF's certificate, the text hashing to the digest signed. */
function checkTerms(value: unknown, report: VerifyReport, pdfFingerprint: string): VerifyReport {
	const parsed = sealedTermsSchema.safeParse(value);
	if (!parsed.success) return failed(report, 'not-conforming', `the attached record does not conform to accord.terms/1: ${parsed.error.issues[0]?.message ?? ''}`, ATTACHED_EXPORT);
	const data: TermsSealed = parsed.data;
	if (data.seal.fingerprint !== pdfFingerprint) return failed(report, 'seal-malformed', 'the attached record was sealed by another certificate than the PDF');
	const { seal, ...unsealed } = data;
	const intact = sealHolds(unsealed, seal);
	if (!intact) return failed(report, 'seal-broken', 'the seal of the attached record does not verify');
	if (crypto.createHash('sha256').update(data.text).digest('hex') !== data.digest) return failed(report, 'content-changed', 'the Terms do not hash to the digest that was signed');
	return {
		...report,
		valid: true,
		content: {
			document: 'terms',
			digest: data.digest,
			version: data.version,
			workshop: data.workshop,
			kit: { id: '', version: '' },
			agencies: [{ name: data.agency.name, shortName: data.agency.shortName, lead: false }],
			clauses: [],
			signatures: [{ ...data.signature, agency: data.agency.name, kind: 'terms', decision: 'signed' }],
			auditHead: null,
			exportedAt: data.exportedAt
		}
	};
}

/**
 * A follow-up report of the action plan (in a sealed PDF, or on its own as JSON): conforming and
 * sealed by the expected certificate. It cites the signed protocol by digest; whether this instance
 * knows that protocol is the registry's to say.
 */
function checkFollowUp(value: unknown, report: VerifyReport, fingerprint: string | null, trusted: readonly TrustedCertificate[] = []): VerifyReport {
	const parsed = sealedFollowUpSchema.safeParse(value);
	if (!parsed.success) return failed(report, 'not-conforming', `the report does not conform to ${FOLLOW_UP_FORMAT}: ${parsed.error.issues[0]?.message ?? ''}`, parsed.error.issues[0]?.path.join('.') ?? null);
	const data = parsed.data;
	if (fingerprint !== null && data.seal.fingerprint !== fingerprint) return failed(report, 'seal-malformed', 'the attached report was sealed by another certificate than the PDF');
	const { seal, ...unsealed } = data;
	if (!sealHolds(unsealed, seal)) return failed(report, 'seal-broken', 'the seal of the report does not verify: it changed after it was sealed');
	let checked = report;
	if (fingerprint === null) {
		const signer = sealSigner(seal);
		if (!signer.ok) return failed(report, 'seal-malformed', signer.detail);
		checked = trustOf({ ...report, signer: signer.signer }, signer.signer.fingerprint, trusted);
		if (checked.reason) return checked;
	}
	return {
		...checked,
		valid: true,
		content: {
			document: 'followup',
			digest: data.protocol.digest,
			version: data.protocol.version,
			workshop: data.workshop,
			kit: { id: '', version: '' },
			agencies: [],
			clauses: [],
			signatures: [],
			auditHead: null,
			exportedAt: data.exportedAt,
			followUp: { asOf: data.asOf, measures: data.measures.map((m) => ({ text: m.text, owner: m.owner, due: m.due, status: m.status, reason: m.reason, evidence: m.evidence.length })) }
		}
	};
}

function verifyJson(file: Buffer, trusted: readonly TrustedCertificate[]): VerifyReport {
	let value: unknown;
	try {
		value = JSON.parse(file.toString('utf8'));
	} catch {
		return failed(empty('unknown'), 'unreadable', 'the file is neither a PDF nor JSON');
	}
	if ((value as { format?: unknown } | null)?.format === FOLLOW_UP_FORMAT) return checkFollowUp(value, empty('json'), null, trusted);
	const { report, data } = checkJson(value, empty('json'));
	if (!data) return report;
	const trustedReport = trustOf(report, data.seal.fingerprint, trusted);
	if (trustedReport.reason) return trustedReport;
	return { ...trustedReport, valid: true, content: contentOf(data) };
}

/** Checks an exported protocol (PDF or JSON) against the certificates one trusts. */
export async function verifyExportFile(file: Buffer, trusted: readonly TrustedCertificate[]): Promise<VerifyReport> {
	return file.subarray(0, 5).toString('latin1') === '%PDF-' ? verifyPdf(file, trusted) : verifyJson(file, trusted);
}
