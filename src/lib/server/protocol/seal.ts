import crypto from 'node:crypto';
import forge from 'node-forge';
import { canonicalJson, digestOf } from '../../domain/protocol/canonical';
import type { InstanceKey } from '../signing/instance-key';

/**
 * Sealing and checking exports.
 * - JSON: the instance signs the canonical JSON of { digest, signatures } with RSA-SHA256.
 * - PDF: a CMS (CAdES detached) signature over the file's byte ranges, made by @signpdf; checked
 *   here without outside tools: the message digest attribute must match the signed bytes, and the
 *   signed attributes must verify with the certificate inside.
 */
export const EXPORT_SCHEMA = 'accord.export/1';

export interface JsonSeal {
	algorithm: 'RSA-SHA256';
	fingerprint: string;
	certificate: string;
	signature: string;
}

export function sealJson(payload: { digest: string; signatures: unknown[] }, key: InstanceKey): JsonSeal {
	const signature = crypto.sign('sha256', Buffer.from(canonicalJson(payload)), key.privateKeyPem).toString('base64');
	return { algorithm: 'RSA-SHA256', fingerprint: key.fingerprint, certificate: key.certificatePem, signature };
}

export type SealCheck = { ok: true; fingerprint: string; digest: string | null } | { ok: false; reason: string };

function fingerprintOf(certPem: string): string {
	return new crypto.X509Certificate(certPem).fingerprint256.replace(/:/g, '').toLowerCase();
}

export function checkJsonExport(text: string): SealCheck & { snapshot?: unknown; signatures?: unknown[] } {
	let data: { schema?: string; snapshot?: unknown; digest?: string; signatures?: unknown[]; seal?: JsonSeal };
	try {
		data = JSON.parse(text);
	} catch {
		return { ok: false, reason: 'not-json' };
	}
	if (data.schema !== EXPORT_SCHEMA || !data.seal || !data.snapshot || typeof data.digest !== 'string' || !Array.isArray(data.signatures)) return { ok: false, reason: 'not-an-accord-export' };
	if (digestOf(data.snapshot) !== data.digest) return { ok: false, reason: 'content-changed' };
	let valid = false;
	try {
		valid = crypto.verify('sha256', Buffer.from(canonicalJson({ digest: data.digest, signatures: data.signatures })), data.seal.certificate, Buffer.from(data.seal.signature, 'base64'));
	} catch {
		valid = false;
	}
	if (!valid) return { ok: false, reason: 'seal-broken' };
	return { ok: true, fingerprint: fingerprintOf(data.seal.certificate), digest: data.digest, snapshot: data.snapshot, signatures: data.signatures };
}

const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';

export function checkPdfSeal(pdf: Buffer): SealCheck {
	const text = pdf.toString('latin1');
	const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
	if (ranges.length === 0) return { ok: false, reason: 'no-seal' };
	const [a, b, c, d] = ranges[ranges.length - 1].slice(1).map(Number);
	if (a !== 0 || c + d !== pdf.length || b > c) return { ok: false, reason: 'seal-does-not-cover-file' };
	const contentsHex = text.slice(b, c).replace(/[<>\s]/g, '');
	const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
	try {
		const der = forge.util.hexToBytes(contentsHex);
		const info = forge.asn1.fromDer(der, { parseAllBytes: false } as never) as forge.asn1.Asn1;
		const signedData = ((info.value as forge.asn1.Asn1[])[1].value as forge.asn1.Asn1[])[0];
		const parts = signedData.value as forge.asn1.Asn1[];
		const certificates = parts.find((p) => p.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && p.type === 0);
		const signerInfos = parts[parts.length - 1].value as forge.asn1.Asn1[];
		const signer = signerInfos[0].value as forge.asn1.Asn1[];
		const attrsNode = signer.find((p) => p.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && p.type === 0);
		const signature = signer.find((p) => p.tagClass === forge.asn1.Class.UNIVERSAL && p.type === forge.asn1.Type.OCTETSTRING);
		if (!certificates || !attrsNode || !signature) return { ok: false, reason: 'seal-malformed' };
		const cert = forge.pki.certificateFromAsn1((certificates.value as forge.asn1.Asn1[])[0]);
		const certPem = forge.pki.certificateToPem(cert);
		// The digest the signer committed to must be the digest of the bytes actually in the file.
		let messageDigest: string | null = null;
		for (const attr of attrsNode.value as forge.asn1.Asn1[]) {
			const [oid, values] = attr.value as forge.asn1.Asn1[];
			if (forge.asn1.derToOid(oid.value as string) === OID_MESSAGE_DIGEST) messageDigest = ((values.value as forge.asn1.Asn1[])[0].value as string) ?? null;
		}
		const actual = crypto.createHash('sha256').update(signed).digest('binary');
		if (messageDigest !== actual) return { ok: false, reason: 'content-changed' };
		// The signed attributes are signed as a DER SET.
		const attrsSet = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, attrsNode.value as forge.asn1.Asn1[]);
		const attrsDer = Buffer.from(forge.asn1.toDer(attrsSet).getBytes(), 'binary');
		if (!crypto.verify('sha256', attrsDer, certPem, Buffer.from(signature.value as string, 'binary'))) return { ok: false, reason: 'seal-broken' };
		const embedded = /accord-digest:([0-9a-f]{64})/.exec(signed.toString('latin1'));
		return { ok: true, fingerprint: fingerprintOf(certPem), digest: embedded ? embedded[1] : null };
	} catch {
		return { ok: false, reason: 'seal-malformed' };
	}
}
