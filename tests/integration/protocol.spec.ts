import { serverOrigin } from '../../src/lib/collab/origins';
import { LiveDoc } from '../../src/lib/collab/live-doc';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { DpispDoc } from '../../src/lib/collab/dpisp-doc';
import { userOrigin } from '../../src/lib/collab/origins';
import { FrozenBoardError } from '../../src/lib/server/collab/collab-server';
import type { ExportLabels } from '../../src/lib/server/protocol/labels';
import { ClientPool, seedWorkshop, startServer, waitForSync, type SeededWorkshop, type TestServer } from '../fixtures/server';
import { cli } from '../fixtures/process';
import { agreeEverything } from '../fixtures/protocol';

let server: TestServer;
let w: SeededWorkshop;
const pool = new ClientPool();
const workshop = () => server.app.workshops.get(w.workshopId)!;
const facilitator = () => ({ userId: w.facilitator.user.id, label: 'Fatima' });
const PASSWORD = 'correct horse battery staple';
const words = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, k]));
const labels = {
	...words(['title', 'version', 'digest', 'contents', 'agencies', 'lead', 'part1', 'part2', 'part3', 'part4', 'annexes', 'screening', 'context', 'risks', 'riskMatrix', 'before', 'after', 'actionPlan', 'opinion', 'acceptance', 'sharingMatrix', 'requests', 'chain', 'auditDecision', 'termsStatus', 'certificate', 'signedBy', 'role', 'agency', 'time', 'auth', 'address', 'browser', 'decision', 'attestations', 'sealNote', 'workshopRecord', 'decisionLog', 'parkingLot', 'present', 'question', 'done', 'open']),
	decisionKinds: { 'clause-agreed': 'Agreed: {x}', 'round-revealed': 'Revealed {x}', 'protocol-frozen': 'Frozen {x}', 'risk-accepted': 'Accepted {x}', 'audit-decision': 'Audit {x}' },
	kinds: { approver: 'Approver', signatory: 'Signatory', countersignatory: 'Countersignatory' },
	decisions: { signed: 'Signed', declined: 'Declined' },
	columns: words(['risk', 'measure', 'owner', 'due', 'status', 'category', 'step', 'deadline', 'channel', 'type', 'receiver', 'decider', 'days', 'logging', 'level'])
} as unknown as ExportLabels;

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

beforeEach(async () => {
	server = await startServer();
	w = await seedWorkshop(server.app);
	const now = Date.now();
	// Each agency's participant signs for it; agency 0 (Alpha) leads.
	for (const p of [w.participantA, w.participantB]) {
		const m = server.app.workshops.member(w.workshopId, p.user.id)!;
		server.app.workshops.updateMember(w.workshopId, p.user.id, { role: 'participant', agencyId: m.agencyId, isSignatory: true });
	}
	void now;
});

afterEach(async () => {
	pool.destroyAll();
	await server.close();
});

async function signAll() {
	const sign = (p: typeof w.participantA, name: string) =>
		server.app.protocol.sign(workshop(), p.user.id, { fullName: name, title: 'Country Director', attestations: ['authority', 'read', 'implement'], password: PASSWORD, address: '192.0.2.1', userAgent: 'test' }, { userId: p.user.id, label: name });
	expect(await sign(w.participantB, 'Bruno Beta')).toEqual({ ok: true });
	expect(await sign(w.participantA, 'Amal Alpha')).toEqual({ ok: true });
	expect(await sign(w.participantA, 'Amal Alpha')).toEqual({ ok: true });
}

describe('freezing', () => {
	it('refuses to freeze and lists what is missing', () => {
		for (const s of [server.app.dpia, server.app.dpisp, server.app.terms, server.app.breach]) s.ensureSeeded(workshop());
		const result = server.app.protocol.freeze(workshop(), [], facilitator());
		expect(result.ok).toBe(false);
		const kinds = 'gaps' in result ? result.gaps.map((g) => g.kind) : [];
		expect(kinds).toEqual(expect.arrayContaining(['clause-not-agreed', 'terms-not-published', 'chain-errors', 'dpia-not-ready']));
	});

	it('freezes into a canonical snapshot with its digest, and the boards become read-only on the server', async () => {
		agreeEverything(server.app, w.workshopId);
		const before = pool.connect(server, w.workshopId, 'dpisp', w.participantA.token);
		await waitForSync(before);
		const result = server.app.protocol.freeze(workshop(), [], facilitator());
		expect(result.ok).toBe(true);
		if (!result.ok || !('freeze' in result)) return;
		expect(result.freeze.digest).toMatch(/^[0-9a-f]{64}$/);
		await vi.waitFor(() => expect(before.closes).toContain(CloseCode.PermissionsChanged));

		const after = pool.connect(server, w.workshopId, 'dpisp', w.participantA.token);
		await waitForSync(after);
		new DpispDoc(after.doc).addComment({ id: 'c1', clauseId: 'purpose', parentId: '', text: 'sneaky', by: 'x', byUserId: 'x', agencyId: '', at: 1, quote: '', resolved: false }, userOrigin(after.doc.clientID));
		await new Promise((r) => setTimeout(r, 200));
		expect(server.app.collab.read(w.workshopId, 'dpisp', (d) => new DpispDoc(d).comments())).toEqual([]);
		expect(() => server.app.collab.transact(w.workshopId, 'dpisp', () => {})).toThrow(FrozenBoardError);
		expect(server.app.audit.list(w.workshopId, 50).some((e) => e.action === 'protocol.frozen')).toBe(true);

		// Reopening voids the version and its signatures, and the boards can be edited again.
		expect(server.app.protocol.reopen(workshop(), 'A clause must change', facilitator())).toBe(true);
		expect(server.app.protocol.status(workshop()).active).toBeNull();
		expect(server.app.protocol.status(workshop()).history[0]).toMatchObject({ voidReason: 'A clause must change' });
		expect(() => server.app.collab.transact(w.workshopId, 'dpisp', () => {})).not.toThrow();
	});
});

describe('signing and exports', () => {
	beforeEach(() => {
		agreeEverything(server.app, w.workshopId);
		server.app.facilitation.logDecision(w.workshopId, 'manual', 'Photos stay with the case agency', 'dpisp', 'Fatima');
		server.app.collab.transact(w.workshopId, 'live', (doc) => new LiveDoc(doc).park({ id: 'q1', text: 'Who pays for tablets?', owner: 'Beta', by: 'Amal', at: 1, done: false }, serverOrigin));
		const result = server.app.protocol.freeze(workshop(), [], facilitator());
		expect(result.ok).toBe(true);
	});

	it('records each signature with the digest, in order, after the password is entered again', async () => {
		const sign = (p: typeof w.participantA, password = PASSWORD, attestations = ['authority', 'read', 'implement']) =>
			server.app.protocol.sign(workshop(), p.user.id, { fullName: 'X', title: 'Y', attestations, password, address: '192.0.2.1', userAgent: 'test' }, { userId: p.user.id, label: 'x' });
		expect(await sign(w.participantA, 'not my password')).toEqual({ ok: false, problem: 'wrong-password' });
		expect(await sign(w.participantA, PASSWORD, ['read'])).toEqual({ ok: false, problem: 'missing-attestation' });
		expect(await sign(w.observer)).toEqual({ ok: false, problem: 'not-expected' });
		await signAll();
		const status = server.app.protocol.status(workshop()).active!;
		expect(status.stage).toBe('complete');
		expect(status.signatures.map((s) => [s.kind, s.fullName])).toEqual([
			['signatory', 'Bruno Beta'],
			['signatory', 'Amal Alpha'],
			['countersignatory', 'Amal Alpha']
		]);
		expect(status.signatures.every((s) => s.digest === status.digest && s.authMethod.includes('password'))).toBe(true);
	});

	it('exports a sealed PDF that pdfsig and the verify check accept, and a one-byte change breaks both', async () => {
		await signAll();
		const pdf = await server.app.protocol.export(workshop(), 1, 'pdf', labels, facilitator());
		expect(pdf).not.toBeNull();
		const body = Buffer.from(pdf!.body);
		const report = server.app.protocol.verify(body);
		expect(report).toMatchObject({ valid: true, sealedByThisInstance: true, match: { version: 1 } });
		expect(report.signatures.map((s) => s.fullName)).toEqual(['Bruno Beta', 'Amal Alpha', 'Amal Alpha']);

		const tampered = Buffer.from(body);
		const at = tampered.indexOf('Contents') > 0 ? 400 : 200;
		tampered[at] = tampered[at] === 0x41 ? 0x42 : 0x41;
		expect(server.app.protocol.verify(tampered)).toMatchObject({ valid: false, reason: 'content-changed' });

		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-pdf-'));
		fs.writeFileSync(path.join(dir, 'ok.pdf'), body);
		fs.writeFileSync(path.join(dir, 'bad.pdf'), tampered);
		if (has('pdfsig')) {
			expect(execFileSync('pdfsig', [path.join(dir, 'ok.pdf')]).toString()).toContain('Signature Validation: Signature is Valid.');
			const bad = spawnSync('pdfsig', [path.join(dir, 'bad.pdf')]).stdout.toString();
			expect(bad).not.toContain('Signature Validation: Signature is Valid.');
		}
		const ok = cli(['verify', path.join(dir, 'ok.pdf')], { DATA_DIR: server.dataDir });
		expect(ok.status, ok.stderr).toBe(0);
		expect(ok.stdout).toContain('signed by Bruno Beta');
		const broken = cli(['verify', path.join(dir, 'bad.pdf')], { DATA_DIR: server.dataDir });
		expect(broken.status).toBe(1);
		expect(broken.stderr).toContain('NOT valid: content-changed');
		if (has('pdftotext')) {
			const text = execFileSync('pdftotext', [path.join(dir, 'ok.pdf'), '-']).toString();
			expect(text).toContain('Bruno Beta');
			expect(text).toContain('Amal Alpha');
		}
		expect(server.app.audit.list(w.workshopId, 10).some((e) => e.action === 'protocol.exported')).toBe(true);
	});

	it('exports DOCX, Markdown, JSON and CSV, and a ZIP with every format; JSON verifies and any change breaks it', async () => {
		await signAll();
		const docx = await server.app.protocol.export(workshop(), 1, 'docx', labels, facilitator());
		const files = unzipSync(docx!.body);
		const xml = strFromU8(files['word/document.xml']);
		expect(xml).toContain('Bruno Beta');
		expect(Object.keys(files)).toContain('[Content_Types].xml');
		if (has('soffice')) {
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-docx-'));
			fs.writeFileSync(path.join(dir, 'p.docx'), docx!.body);
			execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'p.docx')], { timeout: 120_000 });
			expect(fs.existsSync(path.join(dir, 'p.pdf'))).toBe(true);
		}
		const json = await server.app.protocol.export(workshop(), 1, 'json', labels, facilitator());
		const text = strFromU8(json!.body);
		expect(server.app.protocol.verify(Buffer.from(text))).toMatchObject({ valid: true, format: 'json' });
		expect(server.app.protocol.verify(Buffer.from(text.replace('Bruno Beta', 'Bruno Betb')))).toMatchObject({ valid: false, reason: 'seal-broken' });
		expect(server.app.protocol.verify(Buffer.from(text.replace('"title": "Test workshop"', '"title": "Test workshoq"')))).toMatchObject({ valid: false, reason: 'content-changed' });
		const md = strFromU8((await server.app.protocol.export(workshop(), 1, 'md', labels, facilitator()))!.body);
		expect(md).toContain('decisionLog');
		expect(md).toContain('Photos stay with the case agency');
		expect(md).toContain('Who pays for tablets?');
		const zip = await server.app.protocol.export(workshop(), 1, 'zip', labels, facilitator());
		expect(Object.keys(unzipSync(zip!.body)).map((n) => n.split('.').pop()).sort()).toEqual(['csv', 'docx', 'json', 'md', 'pdf']);
	});
});
