import crypto from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * Checks a detached CMS SignedData (the signature inside a sealed PDF) with PKI.js: one signer,
 * its certificate inside, the message-digest attribute equal to the digest of the signed bytes,
 * and the signed attributes verified with that certificate's key. Trust in the certificate is not
 * decided here: the caller compares its fingerprint with the one it expects.
 */
export interface SignerCertificate {
	/** SHA-256 of the certificate (DER), lower-case hex: what the verify page and exports publish. */
	fingerprint: string;
	subject: string;
	issuer: string;
	selfSigned: boolean;
	validFrom: string;
	validTo: string;
	pem: string;
}

export type CmsCheck = { ok: true; signer: SignerCertificate; signedAt: string | null } | { ok: false; reason: 'seal-malformed' | 'content-changed' | 'seal-broken'; detail: string };

const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';

export function describeCertificate(der: Buffer): SignerCertificate {
	const x509 = new crypto.X509Certificate(der);
	return {
		fingerprint: crypto.createHash('sha256').update(der).digest('hex'),
		subject: x509.subject.replace(/\n/g, ', '),
		issuer: x509.issuer.replace(/\n/g, ', '),
		selfSigned: x509.subject === x509.issuer && x509.verify(x509.publicKey),
		validFrom: new Date(x509.validFrom).toISOString(),
		validTo: new Date(x509.validTo).toISOString(),
		pem: x509.toString()
	};
}

export async function verifyDetachedCms(cms: Buffer, signedBytes: Buffer): Promise<CmsCheck> {
	let signedData: pkijs.SignedData;
	try {
		const asn1 = asn1js.fromBER(new Uint8Array(cms));
		if (asn1.offset === -1) throw new Error('not DER');
		const info = new pkijs.ContentInfo({ schema: asn1.result });
		if (info.contentType !== pkijs.ContentInfo.SIGNED_DATA) throw new Error('not SignedData');
		signedData = new pkijs.SignedData({ schema: info.content });
	} catch (error) {
		return { ok: false, reason: 'seal-malformed', detail: `the signature is not a CMS SignedData structure (${(error as Error).message})` };
	}
	if (signedData.signerInfos.length !== 1) return { ok: false, reason: 'seal-malformed', detail: `the signature has ${signedData.signerInfos.length} signers; a seal has one` };
	if (signedData.encapContentInfo.eContent) return { ok: false, reason: 'seal-malformed', detail: 'the signature carries its own content instead of signing the file' };
	const signerInfo = signedData.signerInfos[0];
	if (!signerInfo.signedAttrs) return { ok: false, reason: 'seal-malformed', detail: 'the signature has no signed attributes' };
	const digestAlgorithm = signerInfo.digestAlgorithm.algorithmId;
	if (digestAlgorithm !== '2.16.840.1.101.3.4.2.1' && digestAlgorithm !== '2.16.840.1.101.3.4.2.3') return { ok: false, reason: 'seal-malformed', detail: `the signature uses an unsupported digest (${digestAlgorithm})` };
	const data = new Uint8Array(signedBytes).slice().buffer;
	let result: pkijs.SignedDataVerifyResult;
	try {
		result = await signedData.verify({ signer: 0, data, checkChain: false, extendedMode: true });
	} catch (error) {
		const failed = error as pkijs.SignedDataVerifyResult;
		if (/message digest doesn't match/i.test(failed.message ?? '')) return { ok: false, reason: 'content-changed', detail: 'the bytes of this file are not the bytes that were sealed' };
		return { ok: false, reason: 'seal-malformed', detail: failed.message ?? String(error) };
	}
	if (!result.signatureVerified || !result.signerCertificate) return { ok: false, reason: 'seal-broken', detail: 'the signature does not verify with the certificate it names' };
	const der = Buffer.from(result.signerCertificate.toSchema().toBER(false));
	const time = signerInfo.signedAttrs.attributes.find((a) => a.type === OID_SIGNING_TIME)?.values[0] as asn1js.UTCTime | undefined;
	return { ok: true, signer: describeCertificate(der), signedAt: time?.toDate ? time.toDate().toISOString() : null };
}
