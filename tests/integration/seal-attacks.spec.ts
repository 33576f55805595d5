import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8 } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../../src/lib/server/protocol/render';
import { loadInstanceKey } from '../../src/lib/server/signing/instance-key';
import { junkInGap, secondSignatureUpdate, wideGapForgery } from '../fixtures/pdf-attacks';
import { cli } from '../fixtures/process';
import { freezeFirstVersion } from '../fixtures/protocol';
import { exported, exportLabelsForTests } from '../fixtures/export-labels';
import { seedWorkshop, startServer, type SeededWorkshop, type TestServer } from '../fixtures/server';

/**
 * Forgeries of a sealed protocol, each built as an attacker would. Every one is refused by the
 * verify page's check, by the command line (with only the published fingerprint), and pdfsig
 * (poppler) never calls any of them a valid signature of the whole document.
 */
let server: TestServer;
let w: SeededWorkshop;
let genuine: Buffer;
let sealedJson: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-forgeries-'));
const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

beforeAll(async () => {
	server = await startServer();
	w = await seedWorkshop(server.app);
	const workshop = freezeFirstVersion(server.app, w);
	const actor = { userId: w.facilitator.user.id, label: 'Fatima' };
	genuine = Buffer.from(exported(await server.app.protocol.export(workshop, 1, 'pdf', exportLabelsForTests, actor)));
	sealedJson = strFromU8(exported(await server.app.protocol.export(workshop, 1, 'json', exportLabelsForTests, actor)));
});

afterAll(async () => {
	await server.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

const FORGED_TEXT = 'FORGED: photos may be shared with anyone';

async function reSavedByPdfLib(pdf: Buffer): Promise<Buffer> {
	const doc = await PDFDocument.load(pdf);
	doc.setTitle('Edited');
	return Buffer.from(await doc.save());
}

async function sealedByAnotherKey(): Promise<Buffer> {
	const other = loadInstanceKey({ dataDir: path.join(dir, 'other-instance'), origin: 'https://accord.evil.example' });
	const doc = { title: 'Data protection protocol', subtitle: 'Test', meta: [], parts: [{ kind: 'paragraph' as const, text: FORGED_TEXT }] };
	// the genuine sealed content attached, the PDF sealed by a key that is not the instance's
	return renderPdf(doc, JSON.parse(sealedJson).digest, other, sealedJson);
}

const attacks: { name: string; build: () => Promise<Buffer> | Buffer; reason: string; why?: string; needs?: string }[] = [
	{ name: 'a wider gap that hides an incremental update replacing page 1', build: () => wideGapForgery(genuine, FORGED_TEXT), reason: 'modified-after-sealing', why: 'cross-reference-broken' },
	{ name: 'a second signature added by an incremental update', build: async () => secondSignatureUpdate(genuine, loadInstanceKey({ dataDir: path.join(dir, 'second'), origin: 'https://x.example' })), reason: 'modified-after-sealing', why: 'incremental-update' },
	{ name: 'junk in the signature gap', build: () => junkInGap(genuine), reason: 'modified-after-sealing', why: 'gap-not-signature' },
	{ name: 'a truncated file', build: () => genuine.subarray(0, genuine.length - 200), reason: 'modified-after-sealing', why: 'file-end-changed' },
	{ name: 'a line end appended after the signed range', build: () => Buffer.concat([genuine, Buffer.from('\n')]), reason: 'modified-after-sealing', why: 'bytes-after-signed-range' },
	{ name: 'bytes appended after the end-of-file marker', build: () => Buffer.concat([genuine, Buffer.from('\n% a comment\n')]), reason: 'modified-after-sealing', why: 'file-end-changed' },
	{
		name: 'one changed byte inside the signed range',
		// a byte of the first page-content stream: the structure stays whole, the signed bytes differ
		build: () => {
			const at = genuine.indexOf('stream\n') + 'stream\n'.length + 20;
			return Object.assign(Buffer.from(genuine), { [at]: genuine[at] ^ 0x01 });
		},
		reason: 'content-changed'
	},
	{ name: 'a file re-saved by pdf-lib', build: () => reSavedByPdfLib(genuine), reason: 'modified-after-sealing' },
	{
		name: 'a file re-saved by pdfunite (poppler)',
		needs: 'pdfunite',
		build: () => {
			fs.writeFileSync(path.join(dir, 'in.pdf'), genuine);
			execFileSync('pdfunite', [path.join(dir, 'in.pdf'), path.join(dir, 'united.pdf')]);
			return fs.readFileSync(path.join(dir, 'united.pdf'));
		},
		reason: 'modified-after-sealing'
	},
	{
		name: 'a file re-saved by qpdf',
		needs: 'qpdf',
		build: () => {
			fs.writeFileSync(path.join(dir, 'in.pdf'), genuine);
			spawnSync('qpdf', [path.join(dir, 'in.pdf'), path.join(dir, 'qpdf.pdf')]);
			return fs.readFileSync(path.join(dir, 'qpdf.pdf'));
		},
		reason: 'modified-after-sealing'
	},
	{ name: 'a seal made with a foreign key over the genuine content', build: sealedByAnotherKey, reason: 'sealed-elsewhere' }
];

describe('a sealed protocol cannot be forged', () => {
	it('is valid as exported, for the server, the command line and pdfsig', async () => {
		expect(await server.app.protocol.verify(genuine)).toMatchObject({ valid: true });
	});

	it('shows the forged text to readers: the wider-gap forgery is a real attack', async () => {
		const forged = wideGapForgery(genuine, FORGED_TEXT);
		const file = path.join(dir, 'wide.pdf');
		fs.writeFileSync(file, forged);
		if (has('pdftotext')) expect(execFileSync('pdftotext', [file, '-']).toString()).toContain('FORGED: photos may be shared');
	});

	for (const attack of attacks) {
		it.runIf(!attack.needs || has(attack.needs))(`refuses ${attack.name}`, async () => {
			const forged = await attack.build();
			const file = path.join(dir, `${attack.name.replace(/\W+/g, '-')}.pdf`);
			fs.writeFileSync(file, forged);

			const report = await server.app.protocol.verify(forged);
			expect(report).toMatchObject({ valid: false, reason: attack.reason, content: null });
			if (attack.why) expect(report.why).toBe(attack.why);
			expect(report.detail).toBeTruthy();

			const offline = cli(['verify', file, '--fingerprint', server.app.protocol.fingerprint], { DATA_DIR: path.join(dir, 'no-data') });
			expect(offline.status).toBe(1);
			expect(offline.stderr).toContain(`NOT valid: ${attack.reason}`);

			if (has('pdfsig')) {
				// what pdfsig says of the first signature, the one the instance made
				const said = spawnSync('pdfsig', [file]).stdout.toString().split('Signature #2')[0];
				const sealedWhole = said.includes('Total document signed') && said.includes('Signature is Valid.');
				if (attack.reason === 'sealed-elsewhere') expect(said).not.toContain(`Accord instance localhost:${server.port}`);
				else expect(sealedWhole).toBe(false);
			}
		});
	}
});
