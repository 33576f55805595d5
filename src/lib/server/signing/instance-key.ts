import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';

/**
 * The instance's sealing identity: an RSA key and a certificate, created on first start in
 * DATA_DIR/signing (readable only by the process owner), or an operator's own PKCS#12.
 */
export interface InstanceKey {
	p12: Buffer;
	passphrase: string;
	privateKeyPem: string;
	certificatePem: string;
	/** SHA-256 of the certificate (DER), hex, as shown on the verify page. */
	fingerprint: string;
	subject: string;
	/** Created by Accord in DATA_DIR/signing (self-signed), or the operator's own (ACCORD_SIGNING_P12). */
	source: 'instance' | 'operator';
}

/** Where the public certificate of the sealing key is written at every start, for offline checks. */
export const certificateFile = (dataDir: string) => path.join(dataDir, 'signing', 'certificate.pem');

function fromP12(p12: Buffer, passphrase: string, source: InstanceKey['source']): InstanceKey {
	const asn1 = forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary')));
	const parsed = forge.pkcs12.pkcs12FromAsn1(asn1, passphrase);
	const keyBag = parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0] ?? parsed.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag]?.[0];
	const certBag = parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag]?.[0];
	if (!keyBag?.key || !certBag?.cert) throw new Error('the PKCS#12 file must hold one private key and its certificate');
	const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certBag.cert)).getBytes(), 'binary');
	return {
		p12,
		passphrase,
		privateKeyPem: forge.pki.privateKeyToPem(keyBag.key),
		certificatePem: forge.pki.certificateToPem(certBag.cert),
		fingerprint: crypto.createHash('sha256').update(der).digest('hex'),
		subject: certBag.cert.subject.attributes.map((a) => `${a.shortName}=${a.value}`).join(', '),
		source
	};
}

function createSelfSigned(origin: string): { p12: Buffer; passphrase: string } {
	const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 3072 });
	const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
	const cert = forge.pki.createCertificate();
	cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
	cert.serialNumber = `01${crypto.randomBytes(15).toString('hex')}`;
	cert.validity.notBefore = new Date();
	cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 86_400_000);
	const attrs = [
		{ shortName: 'CN', value: `Accord instance ${new URL(origin).host}` },
		{ shortName: 'O', value: 'Accord' }
	];
	cert.setSubject(attrs);
	cert.setIssuer(attrs);
	cert.setExtensions([
		{ name: 'basicConstraints', cA: false },
		{ name: 'keyUsage', digitalSignature: true, nonRepudiation: true }
	]);
	cert.sign(key, forge.md.sha256.create());
	const passphrase = crypto.randomBytes(24).toString('base64url');
	const p12 = forge.pkcs12.toPkcs12Asn1(key, [cert], passphrase, { algorithm: '3des' });
	return { p12: Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'), passphrase };
}

export function loadInstanceKey(options: { dataDir: string; origin: string; p12Path?: string; p12Passphrase?: string }): InstanceKey {
	const key = options.p12Path ? fromP12(fs.readFileSync(options.p12Path), options.p12Passphrase ?? '', 'operator') : ownKey(options.dataDir, options.origin);
	// The public half, readable by the command line's `verify` and `audit-verify` without the key.
	fs.mkdirSync(path.dirname(certificateFile(options.dataDir)), { recursive: true, mode: 0o700 });
	if (!fs.existsSync(certificateFile(options.dataDir)) || fs.readFileSync(certificateFile(options.dataDir), 'utf8') !== key.certificatePem) fs.writeFileSync(certificateFile(options.dataDir), key.certificatePem, { mode: 0o644 });
	return key;
}

function ownKey(dataDir: string, origin: string): InstanceKey {
	const dir = path.join(dataDir, 'signing');
	const p12File = path.join(dir, 'instance.p12');
	const passFile = path.join(dir, 'instance.pass');
	if (!fs.existsSync(p12File)) {
		fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
		const created = createSelfSigned(origin);
		fs.writeFileSync(p12File, created.p12, { mode: 0o600 });
		fs.writeFileSync(passFile, created.passphrase, { mode: 0o600 });
	}
	return fromP12(fs.readFileSync(p12File), fs.readFileSync(passFile, 'utf8').trim(), 'instance');
}
