import { serverOrigin } from '../../src/lib/collab/origins';
import { LiveDoc } from '../../src/lib/collab/live-doc';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { BreachDoc } from '../../src/lib/collab/breach-doc';
import { DpiaDoc } from '../../src/lib/collab/dpia-doc';
import { DpispDoc } from '../../src/lib/collab/dpisp-doc';
import { TermsDoc } from '../../src/lib/collab/terms-doc';
import { userOrigin } from '../../src/lib/collab/origins';
import { FrozenBoardError } from '../../src/lib/server/boards/workshop-boards';
import { exported, exportLabelsForTests } from '../fixtures/export-labels';
import { ClientPool, seedWorkshop, startServer, twoAgencyWorkshop, waitForSync, type Person, type SeededWorkshop, type TestServer } from '../fixtures/server';
import { cli } from '../fixtures/process';
import { agreeEverything } from '../fixtures/protocol';
import { validateAgainstPublishedSchema } from '../fixtures/export-schema';
import { exportLabels, termsPdfLabels } from '../../src/lib/server/http/export-labels';

let server: TestServer;
let w: SeededWorkshop;
const pool = new ClientPool();
const workshop = () => server.app.workshops.get(w.workshopId)!;
const facilitator = () => ({ userId: w.facilitator.user.id, label: 'Fatima' });
const PASSWORD = 'correct horse battery staple';
const labels = exportLabelsForTests;

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

const sign = (p: Person, password = PASSWORD, attestations = ['authority', 'read', 'implement']) =>
	server.app.protocol.sign(workshop(), p.user.id, { title: 'Country Director', attestations, password, address: '192.0.2.1', userAgent: 'test' }, { userId: p.user.id, label: p.user.email });

async function signAll() {
	expect(await sign(w.participantB)).toEqual({ ok: true });
	expect(await sign(w.participantA)).toEqual({ ok: true });
	expect(await sign(w.participantA)).toEqual({ ok: true });
}

describe('freezing', () => {
	it('refuses to freeze and lists what is missing', () => {
		const result = server.app.protocol.freeze(workshop(), [], facilitator());
		expect(result.ok).toBe(false);
		const kinds = 'gaps' in result ? result.gaps.map((g) => g.kind) : [];
		expect(kinds).toEqual(expect.arrayContaining(['clause-not-agreed', 'terms-not-published', 'chain-errors', 'dpia-not-ready']));
	});

	it('refuses to freeze with an undecided sharing cell, no audit-log decision or a standing objection, and names each gap', () => {
		agreeEverything(server.app, w.workshopId);
		const [category] = server.app.collab.read(w.workshopId, 'dpia', (doc) => new DpiaDoc(doc).categories());
		server.app.collab.transact(w.workshopId, 'dpisp', (doc) => {
			const dpisp = new DpispDoc(doc);
			dpisp.setSharing(category.id, w.agencyIds[1], { decision: 'undecided', conditions: [], channel: '' }, serverOrigin);
			dpisp.setPosition({ clauseId: 'retention', agencyId: w.agencyIds[1], value: 'object', comment: 'Ten years is too long' }, serverOrigin);
		});
		server.app.collab.transact(w.workshopId, 'breach', (doc) => new BreachDoc(doc).setAudit({ viewers: [], purposes: [] }, serverOrigin));
		const result = server.app.protocol.freeze(workshop(), [], facilitator());
		expect('gaps' in result && result.gaps).toEqual([
			{ kind: 'clause-objected', clause: expect.any(String), number: expect.any(Number), agency: 'BETA' },
			{ kind: 'sharing-undecided', category: category.name, recipients: ['BETA'] },
			{ kind: 'audit-undecided' }
		]);
	});

	it('gives a refugee rollout the UNHCR clause and a UNHCR column in the sharing matrix, and an inter-agency one neither', () => {
		const created = server.app.workshopService.create({ ...twoAgencyWorkshop('Refugee response'), rolloutType: 'refugee' }, w.facilitator.user, facilitator());
		if (!created.ok) throw new Error(created.problem);
		const clauses = (id: string) => server.app.collab.read(id, 'dpisp', (doc) => new DpispDoc(doc).clauses().map((c) => c.id));
		expect(clauses(created.workshop.id)).toContain('unhcr');
		expect(clauses(w.workshopId)).not.toContain('unhcr');
		const refused = server.app.protocol.freeze(created.workshop, [], facilitator());
		const sharing = 'gaps' in refused ? refused.gaps.filter((g) => g.kind === 'sharing-undecided') : [];
		expect(sharing.length).toBeGreaterThan(0);
		expect(sharing.every((g) => g.kind === 'sharing-undecided' && g.recipients.includes('UNHCR'))).toBe(true);
	});

	it('withdraws the agreements to a clause when its annex changes: the sharing matrix, the request procedure, the breach chain', async () => {
		agreeEverything(server.app, w.workshopId);
		const agreed = (clauseId: string) => server.app.collab.read(w.workshopId, 'dpisp', (doc) => new DpispDoc(doc).positions().filter((p) => p.clauseId === clauseId).length);
		expect([agreed('sharing'), agreed('data-requests'), agreed('breach'), agreed('retention')]).toEqual([2, 2, 2, 2]);
		const a = pool.connect(server, w.workshopId, 'dpisp', w.participantA.token);
		const chain = pool.connect(server, w.workshopId, 'breach', w.participantA.token);
		await Promise.all([waitForSync(a), waitForSync(chain)]);
		const [category] = server.app.collab.read(w.workshopId, 'dpia', (doc) => new DpiaDoc(doc).categories());
		new DpispDoc(a.doc).setSharing(category.id, 'service-providers', { decision: 'yes', conditions: [], channel: 'in-system' }, userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(agreed('sharing')).toBe(0));
		expect(server.app.collab.read(w.workshopId, 'dpisp', (doc) => new DpispDoc(doc).resets())).toMatchObject([{ clauseId: 'sharing', by: 'Amal' }]);
		const [request] = new DpispDoc(a.doc).requests();
		new DpispDoc(a.doc).setRequest({ ...request, days: request.days + 5 }, userOrigin(a.doc.clientID));
		await vi.waitFor(() => expect(agreed('data-requests')).toBe(0));
		const [step] = new BreachDoc(chain.doc).steps();
		new BreachDoc(chain.doc).setStep({ ...step, hours: (step.hours ?? 0) + 1 }, userOrigin(chain.doc.clientID));
		await vi.waitFor(() => expect(agreed('breach')).toBe(0));
		// a clause whose annex did not change keeps its agreements
		expect(agreed('retention')).toBe(2);
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
		new DpispDoc(after.doc).addComment({ id: 'c1', clauseId: 'purpose', parentId: '', text: 'sneaky', at: 1, quote: '', resolved: false }, userOrigin(after.doc.clientID));
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

describe('signing', () => {
	beforeEach(() => {
		agreeEverything(server.app, w.workshopId);
		expect(server.app.protocol.freeze(workshop(), [], facilitator()).ok).toBe(true);
	});

	it('records each signature in order, under the account’s own name and e-mail, after the password is entered again', async () => {
		expect(await sign(w.participantA, PASSWORD, ['read'])).toEqual({ ok: false, problem: 'missing-attestation' });
		expect(await sign(w.observer)).toEqual({ ok: false, problem: 'not-expected' });
		await signAll();
		const status = server.app.protocol.status(workshop()).active!;
		expect(status.stage).toBe('complete');
		expect(status.signatures.map((s) => [s.kind, s.fullName, s.email])).toEqual([
			['signatory', 'Bruno', w.participantB.user.email],
			['signatory', 'Amal', w.participantA.user.email],
			['countersignatory', 'Amal', w.participantA.user.email]
		]);
		expect(status.signatures.every((s) => s.digest === status.digest && s.authMethod.includes('password'))).toBe(true);
	});

	it('tells every open workshop page when the protocol is frozen, signed, declined or reopened (no polling)', async () => {
		const watcher = pool.connect(server, w.workshopId, 'live', w.observer.token);
		await waitForSync(watcher);
		const revision = () => new LiveDoc(watcher.doc).protocolRevision();
		// frozen already (beforeEach)
		expect(revision()).toBeGreaterThan(0);
		const frozen = revision();
		await signAll();
		// three signatures: each one reaches the open facilitation board
		await vi.waitFor(() => expect(revision()).toBe(frozen + 3));
		expect(server.app.protocol.reopen(workshop(), 'a clause needs another look', facilitator())).toBe(true);
		await vi.waitFor(() => expect(revision()).toBe(frozen + 4));
	});

	it('checks whose turn it is before any password, then throttles and audits wrong passwords like sign-in', async () => {
		// not expected, or not yet their turn: refused without the password being looked at
		expect(await sign(w.observer, 'guess 1')).toEqual({ ok: false, problem: 'not-expected' });
		expect(server.app.audit.list(w.workshopId, 50).filter((e) => e.action === 'protocol.password-failed')).toHaveLength(0);
		// a stolen session guessing at the signing form: three checks, then it has to wait, longer each time
		const answers = [];
		for (let i = 0; i < 8; i++) answers.push(await sign(w.participantB, `guess ${i}`));
		expect(answers.map((a) => (a.ok ? 'signed' : a.problem))).toEqual([...Array(3).fill('wrong-password'), ...Array(5).fill('throttled')]);
		const audit = server.app.audit.list(w.workshopId, 100).filter((e) => e.action === 'protocol.password-failed' && e.actorId === w.participantB.user.id);
		expect(audit).toHaveLength(3);
		expect(server.app.protocol.status(workshop()).active!.signatures).toEqual([]);
		// the owner is not locked out of signing in elsewhere
		expect(await server.app.signIn.signIn(w.participantB.user.email, PASSWORD, '198.51.100.9')).toMatchObject({ ok: true });
	});

	it('requires the password again to decline, and records the refusal under the account', async () => {
		const decline = (password: string) =>
			server.app.protocol.decline(workshop(), w.participantB.user.id, { title: 'Director', reason: 'Clause 12 is too broad', password, address: null, userAgent: null }, { userId: w.participantB.user.id, label: 'b' });
		expect(await decline('not it')).toEqual({ ok: false, problem: 'wrong-password' });
		expect(await decline(PASSWORD)).toEqual({ ok: true });
		expect(server.app.protocol.status(workshop()).active!.signatures).toMatchObject([{ decision: 'declined', fullName: 'Bruno', email: w.participantB.user.email, reason: 'Clause 12 is too broad' }]);
		expect(server.app.audit.list(w.workshopId, 50).map((e) => e.action)).toEqual(expect.arrayContaining(['protocol.declined', 'protocol.password-failed']));
	});
});

describe('what a data-protection officer reads in the exported protocol', () => {
	it('shows reservations next to their clause, which steps apply at which severity, the breach register, and no internal code', async () => {
		agreeEverything(server.app, w.workshopId);
		const clause = server.app.collab.read(w.workshopId, 'dpisp', (doc) => new DpispDoc(doc).clauses()[2]);
		server.app.collab.transact(w.workshopId, 'dpisp', (doc) =>
			new DpispDoc(doc).setPosition({ clauseId: clause.id, agencyId: w.agencyIds[1], value: 'reservation', comment: 'Only once our legal team has read it' }, serverOrigin)
		);
		server.app.collab.transact(w.workshopId, 'dpia', (doc) => {
			const dpia = new DpiaDoc(doc);
			dpia.setAgencyText('dpoAdvice', w.agencyIds[0], 'Proceed once every tablet is encrypted', serverOrigin);
			dpia.setMeta({ reviewDate: '2027-06-30' }, serverOrigin);
			dpia.setContext('necessity', 'Only what a referral needs is recorded', serverOrigin);
		});
		// a drill of a medium breach, its two decisions recorded
		const amal = { userId: w.participantA.user.id, label: 'Amal' };
		const drill = server.app.breach.startDrill(workshop(), 'referral-wrong-provider', 60, facilitator());
		if (!drill.ok) throw new Error(drill.problem);
		expect(server.app.breach.markStep(workshop(), drill.drillId, { stepId: 'tell-subjects', outcome: 'not-told', note: 'Deleted unread the same day.', safetyChecked: true }, amal)).toEqual({ ok: true });
		expect(server.app.breach.markStep(workshop(), drill.drillId, { stepId: 'authority', outcome: 'not-notified', note: 'Unlikely to result in a risk.', safetyChecked: false }, amal)).toEqual({ ok: true });
		expect(server.app.breach.endDrill(workshop(), drill.drillId, facilitator())).toEqual({ ok: true });
		expect(server.app.protocol.freeze(workshop(), [], facilitator()).ok).toBe(true);
		// a signature with the long strings that once ran off the edge of its page (digest, browser, a long title)
		const browser = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86';
		expect(
			await server.app.protocol.sign(workshop(), w.participantB.user.id, { title: 'Director of Programmes, Protection and Data Governance', attestations: ['authority', 'read', 'implement'], password: PASSWORD, address: '2001:db8:85a3::8a2e:370:7334', userAgent: browser }, { userId: w.participantB.user.id, label: 'b' })
		).toEqual({ ok: true });

		const english = exportLabels('en');
		const pdf = exported(await server.app.protocol.export(workshop(), 1, 'pdf', english, facilitator()));
		const docx = unzipSync(exported(await server.app.protocol.export(workshop(), 1, 'docx', english, facilitator())));
		const entities: Record<string, string> = { '&apos;': "'", '&quot;': '"', '&lt;': '<', '&gt;': '>', '&amp;': '&' };
		const docxText = strFromU8(docx['word/document.xml'])
			.replace(/<[^>]+>/g, '')
			.replace(/&(apos|quot|lt|gt|amp);/g, (e) => entities[e]);
		const texts = [['docx', docxText]];
		if (has('pdftotext')) {
			const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'accord-dpo-')), 'protocol.pdf');
			fs.writeFileSync(file, pdf);
			// in the order the PDF holds its text (a table row after row), not as poppler guesses columns
			texts.push(['pdf', execFileSync('pdftotext', ['-raw', file, '-']).toString()]);
			// after the cover and the contents, each page is headed with the workshop, the version and the digest's start
			const third = execFileSync('pdftotext', ['-raw', '-f', '3', '-l', '3', file, '-']).toString();
			expect(third.split('\n')[0]).toMatch(/^Test workshop · Testland · Version 1 · [0-9a-f]{12}$/);
			// every word of every page inside the page's margins (A4 is 595 points wide; the margins are 50)
			const words = [...execFileSync('pdftotext', ['-bbox', file, '-']).toString().matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</g)];
			expect(words.length).toBeGreaterThan(1000);
			expect(words.filter((w) => Number(w[2]) > 546 || Number(w[1]) < 49).map((w) => w[3])).toEqual([]);
		}
		for (const [format, raw] of texts) {
			const text = raw.replace(/\s+/g, ' ');
			expect(text, format).toContain('BETA: Agree with reservation — “Only once our legal team has read it”');
			expect(text, format).toContain('Applies to');
			expect(text, format).toContain('Low, Medium, High, Very high');
			expect(text, format).toContain('Annex E — Breach register (GDPR Art. 33(5))');
			expect(text, format).toContain('The authority is not notified — “Unlikely to result in a risk.” (Amal)');
			expect(text, format).toContain('They are not told, after the safety assessment — “Deleted unread the same day.” (Amal)');
			expect(text, format).toContain("from the agency's awareness");
			expect(text, format).toContain("Advice of each agency's data-protection officer (Art. 35(2))");
			expect(text, format).toContain('ALPHA: Proceed once every tablet is encrypted');
			expect(text, format).toContain('Review the DPIA by (Art. 35(11)): 2027-06-30');
			expect(text, format).toContain('Necessity and proportionality');
			// the Terms read as a text: numbered points with their emphasis, no Markdown syntax
			expect(text, format).toContain('Terms of Use of the case-management system');
			expect(text, format).toContain('1. Access. Accounts are personal.');
			for (const syntax of ['**', '# Terms', '\\#', '\\*']) expect(text, `${format}: ${syntax}`).not.toContain(syntax);
			// a signature page says who signed, for whom, as what and when
			expect(text, format).toMatch(/Signed by Bruno, Director of Programmes, Protection and Data Governance, for Agency Beta, as Signatory, on \d{4}-\d\d-\d\d \d\d:\d\d \(UTC\)\./);
			// no code the boards store internally reaches the reader
			for (const code of ['conditional', 'dataSubjects', 'not-notified', 'not-told', 'legal-review', 'queries-open', 'not-started', 'in-progress', 'very-high', 'undecided', 'notifiesAuthority', '(detection)', '(previous)', 'tell-subjects']) {
				expect(text, `${format}: ${code}`).not.toContain(code);
			}
		}
	});
});

describe('the Terms of Use, apart from the protocol', () => {
	const newTermsVersion = () => {
		server.app.collab.transact(w.workshopId, 'terms', (doc) => {
			const terms = new TermsDoc(doc);
			terms.replaceDraft(`${terms.draft.toString()}\n6. Photos of screens are forbidden.`, serverOrigin);
		});
		return server.app.terms.publish(workshop(), facilitator());
	};

	it('lets a new Terms version be published after the protocol is signed, and leaves its signatures valid', async () => {
		agreeEverything(server.app, w.workshopId);
		expect(server.app.protocol.freeze(workshop(), [], facilitator()).ok).toBe(true);
		await signAll();
		const before = server.app.protocol.status(workshop()).active!;
		expect(server.app.boards.isFrozen(w.workshopId, 'dpisp')).toBe(true);
		expect(server.app.boards.isFrozen(w.workshopId, 'terms')).toBe(false);
		expect(newTermsVersion()).toEqual({ ok: true, version: 2 });
		const after = server.app.protocol.status(workshop()).active!;
		expect(after.digest).toBe(before.digest);
		expect(after.signatures.map((x) => x.decision)).toEqual(['signed', 'signed', 'signed']);
		const pdf = exported(await server.app.protocol.export(workshop(), 1, 'pdf', labels, facilitator()));
		expect(await server.app.protocol.verify(Buffer.from(pdf))).toMatchObject({ valid: true, registry: { known: true, voided: false } });
	});

	it('freezes a rapid-onset workshop with the Terms pending, and the protocol says so', async () => {
		agreeEverything(server.app, w.workshopId);
		// a new version puts every organisation back to reviewing
		expect(newTermsVersion()).toEqual({ ok: true, version: 2 });
		const refused = server.app.protocol.freeze(workshop(), [], facilitator());
		expect('gaps' in refused && refused.gaps.map((g) => g.kind)).toEqual(['terms-not-ready', 'terms-not-ready']);
		server.app.terms.setRapidOnset(workshop(), true, facilitator());
		expect(server.app.collab.read(w.workshopId, 'terms', (doc) => new TermsDoc(doc).rapidOnset())).toMatchObject({ on: true, by: 'Fatima' });
		expect(server.app.audit.list(w.workshopId, 10).some((e) => e.action === 'terms.rapid-onset' && e.actorId === w.facilitator.user.id)).toBe(true);
		const frozen = server.app.protocol.freeze(workshop(), [], facilitator());
		expect(frozen.ok).toBe(true);
		const english = exportLabels('en');
		const docx = unzipSync(exported(await server.app.protocol.export(workshop(), 1, 'docx', english, facilitator())));
		expect(strFromU8(docx['word/document.xml'])).toContain('Rapid-onset emergency: the system went live before these Terms were signed.');
	});

	it('has each organisation sign its own Terms, after accepting them, with its password; the sealed PDF verifies as theirs', async () => {
		agreeEverything(server.app, w.workshopId);
		const signTerms = (p: Person, patch: Partial<{ password: string; version: number; title: string }> = {}) =>
			server.app.termsSigning.sign(workshop(), p.user.id, { title: 'Country Director', password: PASSWORD, version: 1, address: '192.0.2.1', userAgent: 'test', ...patch }, { userId: p.user.id, label: p.user.email });
		expect(await signTerms(w.participantA, { password: 'not it' })).toEqual({ ok: false, problem: 'wrong-password' });
		expect(await signTerms(w.participantA, { version: 2 })).toEqual({ ok: false, problem: 'stale-version' });
		expect(await signTerms(w.participantA)).toEqual({ ok: true, version: 1 });
		expect(await signTerms(w.participantA)).toEqual({ ok: false, problem: 'already-signed' });
		const observer = await server.app.termsSigning.sign(workshop(), w.observer.user.id, { title: 'x', password: PASSWORD, version: 1, address: null, userAgent: null }, { userId: w.observer.user.id, label: 'o' });
		expect(observer).toEqual({ ok: false, problem: 'not-a-signatory' });
		expect(server.app.audit.list(w.workshopId, 20).map((e) => e.action)).toEqual(expect.arrayContaining(['terms.signed', 'terms.password-failed']));

		// Alpha's sealed PDF: the text of version 1, Amal's signature, verifiable by anyone with the file
		const file = await server.app.termsSigning.sealedPdf(workshop(), w.agencyIds[0], 1, termsPdfLabels('en'));
		if (!file) throw new Error('no sealed Terms');
		const report = await server.app.protocol.verify(Buffer.from(file.body));
		expect(report).toMatchObject({ valid: true, format: 'pdf', registry: { known: true }, content: { document: 'terms', version: 1, agencies: [{ shortName: 'ALPHA' }], signatures: [{ fullName: 'Amal', title: 'Country Director', kind: 'terms' }] } });
		if (has('pdftotext')) {
			const path_ = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'accord-terms-')), 'terms.pdf');
			fs.writeFileSync(path_, file.body);
			const text = execFileSync('pdftotext', [path_, '-']).toString();
			expect(text).toContain('Terms of Use signed: Agency Alpha');
			// the text signed reads as the Terms, not as their Markdown
			expect(text).toContain('1. Access. Accounts are personal.');
			expect(text).not.toContain('**');
			expect(text).toContain('Amal, Country Director');
		}
		// Beta has not signed: there is nothing to download for it
		expect(await server.app.termsSigning.sealedPdf(workshop(), w.agencyIds[1], 1, termsPdfLabels('en'))).toBeNull();
		// a new version puts Alpha back to reviewing: it cannot sign that one until it accepts it again
		expect(newTermsVersion()).toEqual({ ok: true, version: 2 });
		expect(await signTerms(w.participantA, { version: 2 })).toEqual({ ok: false, problem: 'not-ready' });
		// and a signed file changed afterwards (one byte of its text) no longer verifies
		const forged = Buffer.from(file.body);
		const at = forged.indexOf('stream\n') + 'stream\n'.length + 20;
		forged[at] ^= 0x01;
		expect((await server.app.protocol.verify(forged)).valid).toBe(false);
	});

	it('refuses a browser that writes the rapid-onset record itself', async () => {
		const a = pool.connect(server, w.workshopId, 'terms', w.participantA.token);
		await waitForSync(a);
		a.doc.getMap('goLive').set('rapidOnset', true);
		await vi.waitFor(() => expect(a.closes).toContain(CloseCode.ForbiddenWrite));
		expect(server.app.collab.read(w.workshopId, 'terms', (doc) => new TermsDoc(doc).rapidOnset().on)).toBe(false);
	});
});

describe('exports', () => {
	beforeEach(async () => {
		agreeEverything(server.app, w.workshopId);
		server.app.facilitation.logDecision(w.workshopId, 'manual', 'Photos stay with the case agency', 'dpisp', 'Fatima');
		server.app.collab.transact(w.workshopId, 'live', (doc) => new LiveDoc(doc).park({ id: 'q1', text: 'Who pays for tablets?', owner: 'Beta', at: 1, done: false }, serverOrigin));
		expect(server.app.protocol.freeze(workshop(), [], facilitator()).ok).toBe(true);
		await signAll();
	});

	it('seals a PDF that carries what was signed: verify reads it from the file, pdfsig agrees, the command line needs no database', async () => {
		const pdf = Buffer.from(exported(await server.app.protocol.export(workshop(), 1, 'pdf', labels, facilitator())));
		const report = await server.app.protocol.verify(pdf);
		expect(report).toMatchObject({ valid: true, format: 'pdf', trust: { source: 'instance', fingerprint: server.app.protocol.fingerprint }, registry: { known: true, voided: false } });
		expect(report.content).toMatchObject({ version: 1, workshop: { title: 'Test workshop' }, digest: server.app.protocol.status(workshop()).active!.digest });
		expect(report.content!.signatures.map((s) => [s.fullName, s.kind])).toEqual([
			['Bruno', 'signatory'],
			['Amal', 'signatory'],
			['Amal', 'countersignatory']
		]);
		expect(report.content!.clauses.length).toBeGreaterThan(10);
		expect(report.content!.auditHead?.entry).toBeGreaterThan(0);

		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-pdf-'));
		const file = path.join(dir, 'protocol.pdf');
		fs.writeFileSync(file, pdf);
		if (has('pdfsig')) {
			const said = execFileSync('pdfsig', [file]).toString();
			expect(said).toContain('Signature Validation: Signature is Valid.');
			expect(said).toContain('Total document signed');
		}
		if (has('pdfdetach')) expect(execFileSync('pdfdetach', ['-list', file]).toString()).toContain('accord-export.json');
		if (has('pdftotext')) expect(execFileSync('pdftotext', [file, '-']).toString()).toContain(w.participantB.user.email);
		// Anyone holding the file: no DATA_DIR, no database, only the fingerprint the instance publishes.
		const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-nodata-'));
		const offline = cli(['verify', file, '--fingerprint', server.app.protocol.fingerprint], { DATA_DIR: elsewhere });
		expect(offline.status, offline.stderr).toBe(0);
		expect(offline.stdout).toContain('is valid: sealed by the fingerprint you gave');
		expect(offline.stdout).toContain(`signed by Bruno <${w.participantB.user.email}>`);
		expect(fs.readdirSync(elsewhere)).toEqual([]);
		const wrong = cli(['verify', file, '--fingerprint', 'ab'.repeat(32)], { DATA_DIR: elsewhere });
		expect(wrong.status).toBe(1);
		expect(wrong.stderr).toContain('NOT valid: sealed-elsewhere');
		// On the instance's own machine, its certificate is the one expected, and its records are read too.
		const local = cli(['verify', file], { DATA_DIR: server.dataDir });
		expect(local.status, local.stderr).toBe(0);
		expect(local.stdout).toContain("sealed by this Accord's own key");
		expect(local.stdout).toContain('has not reopened it');
		expect(server.app.audit.list(w.workshopId, 10).some((e) => e.action === 'protocol.exported')).toBe(true);
	});

	it('prints names on the command line with their hidden characters shown, so none can reorder what is printed', async () => {
		// an account made before names were cleaned at the door, holding a right-to-left override
		const legacy = server.app.accounts.create({ email: 'legacy@example.org', name: 'Eve\u202eredrow', passwordHash: server.app.accounts.secretById(w.participantA.user.id)!.passwordHash, role: 'member', locale: null });
		server.app.protocol.reopen(workshop(), 'a late signatory', facilitator());
		server.app.workshops.addMember({ workshopId: w.workshopId, userId: legacy.id, role: 'participant', agencyId: w.agencyIds[1], isSignatory: true, joinedAt: Date.now() });
		expect(server.app.protocol.freeze(workshop(), [], facilitator()).ok).toBe(true);
		expect(await server.app.protocol.sign(workshop(), legacy.id, { title: 'Director', attestations: ['authority', 'read', 'implement'], password: PASSWORD, address: null, userAgent: null }, { userId: legacy.id, label: 'legacy' })).toEqual({ ok: true });
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-names-'));
		fs.writeFileSync(path.join(dir, 'p.json'), exported(await server.app.protocol.export(workshop(), 2, 'json', labels, facilitator())));
		const out = cli(['verify', path.join(dir, 'p.json'), '--fingerprint', server.app.protocol.fingerprint], { DATA_DIR: dir });
		expect(out.status, out.stderr).toBe(0);
		expect(out.stdout).toContain('Eve\\u{202e}redrow');
		expect(out.stdout).not.toContain('\u202e');
	});

	it('exports DOCX, Markdown, JSON and CSV, and a ZIP with every format; the JSON follows the published schema and any change breaks it', async () => {
		const docx = exported(await server.app.protocol.export(workshop(), 1, 'docx', labels, facilitator()));
		const files = unzipSync(docx);
		const xml = strFromU8(files['word/document.xml']);
		expect(xml).toContain('Bruno');
		expect(Object.keys(files)).toContain('[Content_Types].xml');
		if (has('soffice')) {
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-docx-'));
			fs.writeFileSync(path.join(dir, 'p.docx'), docx);
			execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'p.docx')], { timeout: 120_000 });
			expect(fs.existsSync(path.join(dir, 'p.pdf'))).toBe(true);
		}
		const text = strFromU8(exported(await server.app.protocol.export(workshop(), 1, 'json', labels, facilitator())));
		const parsed = JSON.parse(text);
		expect(validateAgainstPublishedSchema(parsed)).toEqual([]);
		expect(await server.app.protocol.verify(Buffer.from(text))).toMatchObject({ valid: true, format: 'json', content: { version: 1 } });
		expect(await server.app.protocol.verify(Buffer.from(text.replace(`"fullName": "Bruno"`, `"fullName": "Brunoo"`)))).toMatchObject({ valid: false, reason: 'seal-broken' });
		// the seal covers everything but itself: the audit head cannot be moved either
		expect(await server.app.protocol.verify(Buffer.from(JSON.stringify({ ...parsed, auditHead: { ...parsed.auditHead, entry: 1 } })))).toMatchObject({ valid: false, reason: 'seal-broken' });
		// a file that does not follow accord.export/1 is named as such, with where
		const { auditHead: _dropped, ...withoutHead } = parsed;
		expect(await server.app.protocol.verify(Buffer.from(JSON.stringify(withoutHead)))).toMatchObject({ valid: false, reason: 'not-conforming', why: 'auditHead' });
		expect(await server.app.protocol.verify(Buffer.from(JSON.stringify({ ...parsed, extra: 1 })))).toMatchObject({ valid: false, reason: 'not-conforming' });
		const md = strFromU8(exported(await server.app.protocol.export(workshop(), 1, 'md', labels, facilitator())));
		expect(md).toContain('decisionLog');
		expect(md).toContain('Photos stay with the case agency');
		expect(md).toContain('Who pays for tablets?');
		const zip = unzipSync(exported(await server.app.protocol.export(workshop(), 1, 'zip', labels, facilitator())));
		expect(Object.keys(zip).map((n) => n.split('.').pop()).sort()).toEqual(['csv', 'docx', 'json', 'md', 'pdf']);
		const zipped = Object.entries(zip).find(([n]) => n.endsWith('.json'))![1];
		expect(validateAgainstPublishedSchema(JSON.parse(strFromU8(zipped)))).toEqual([]);
	});
});
