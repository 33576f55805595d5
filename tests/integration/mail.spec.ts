import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { DpiaDoc, newRisk } from '../../src/lib/collab/dpia-doc';
import { serverOrigin } from '../../src/lib/collab/origins';
import { emailInvitation, emailPreRead } from '../../src/lib/server/mail/invitation';
import { preReadLabels } from '../../src/lib/server/http/export-labels';
import { smtpMailer } from '../../src/lib/server/mail/mailer';
import { freezeFirstVersion } from '../fixtures/protocol';
import { seedWorkshop, startServer, type Person, type SeededWorkshop, type TestServer } from '../fixtures/server';

interface Received {
	from: string;
	to: string[];
	subject: string;
	text: string;
}

/** A real SMTP server on loopback that keeps what it receives. */
async function startSmtp(): Promise<{ port: number; inbox: Received[]; attachments: { filename: string; contentType: string; bytes: number }[]; close(): Promise<void> }> {
	const inbox: Received[] = [];
	const attachments: { filename: string; contentType: string; bytes: number }[] = [];
	const smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, callback) {
			simpleParser(stream)
				.then((mail) => {
					for (const a of mail.attachments) attachments.push({ filename: a.filename ?? '', contentType: a.contentType, bytes: a.size });
					inbox.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), subject: mail.subject ?? '', text: mail.text ?? '' });
					callback();
				})
				.catch(callback);
		}
	});
	await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
	const port = (smtp.server.address() as { port: number }).port;
	return { port, inbox, attachments, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let server: TestServer;
let w: SeededWorkshop;
const PASSWORD = 'correct horse battery staple';
const workshop = () => server.app.workshops.get(w.workshopId)!;
const actor = (p: Person) => ({ userId: p.user.id, label: p.user.email });
const DAY = 86_400_000;

beforeEach(async () => {
	smtp = await startSmtp();
	server = await startServer({ ACCORD_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, ACCORD_MAIL_FROM: 'accord@example.org' });
	w = await seedWorkshop(server.app);
});

afterEach(async () => {
	await server.close();
	await smtp.close();
});

describe('e-mail through a real SMTP server', () => {
	it('sends an invitation link to the address the facilitator gives, and records it', async () => {
		const invited = server.app.workshopService.invite(w.workshopId, { agencyId: w.agencyIds[1], role: 'participant', isSignatory: true, expiresInDays: 7, maxUses: 1 }, actor(w.facilitator));
		if (!invited.ok) throw new Error('no invitation');
		const url = `${server.origin}/invite/${invited.token}`;
		const sent = await emailInvitation(
			server.app,
			{ workshop: workshop(), agency: 'Agency Beta (BETA)', role: 'participant', inviter: 'Fatima', to: 'new.person@example.org', url, expiresAt: invited.invitation.expiresAt, origin: server.origin },
			actor(w.facilitator)
		);
		expect(sent).toBe(true);
		expect(smtp.inbox).toHaveLength(1);
		const [mail] = smtp.inbox;
		expect(mail).toMatchObject({ from: 'accord@example.org', to: ['new.person@example.org'], subject: 'Invitation to the workshop “Test workshop”' });
		expect(mail.text).toContain('Fatima invites you to the Accord workshop “Test workshop” (Testland, 2026-12-01) as Participant for Agency Beta (BETA).');
		expect(mail.text).toContain(url);
		expect(mail.text).toContain(`read the pre-read pack before the day:\n${server.origin}/workshops/${w.workshopId}/pre-read`);
		// the link in the e-mail works
		expect(server.app.workshopService.lookupInvitation(url.split('/').pop()!)).toMatchObject({ problem: null });
		expect(server.app.mail.list(w.workshopId)).toMatchObject([{ kind: 'invitation', recipient: 'new.person@example.org', status: 'sent' }]);
		expect(server.app.audit.list(w.workshopId, 5).some((e) => e.action === 'invitation.emailed' && e.actorId === w.facilitator.user.id)).toBe(true);
	});

	it('e-mails the pre-read pack to everyone in the workshop, the PDF attached', async () => {
		const pdf = await server.app.preRead.file(workshop(), 'pdf', preReadLabels('en'));
		const members = server.app.workshops.members(w.workshopId).map((x) => ({ name: x.name, email: x.email }));
		expect(await emailPreRead(server.app, { workshop: workshop(), members, pdf: pdf!, origin: server.origin }, actor(w.facilitator))).toEqual({ sent: members.length, failed: 0 });
		expect(smtp.inbox.map((x) => x.to[0]).sort()).toEqual(members.map((x) => x.email).sort());
		expect(smtp.inbox[0].subject).toBe('Pre-read pack for the workshop “Test workshop”');
		expect(smtp.attachments[0]).toMatchObject({ filename: 'pre-read-2026-12-01.pdf', contentType: 'application/pdf' });
		expect(smtp.attachments[0].bytes).toBeGreaterThan(1000);
	});

	it('says so, and keeps the link, when the SMTP server cannot be reached', async () => {
		await smtp.close();
		const invited = server.app.workshopService.invite(w.workshopId, { agencyId: w.agencyIds[1], role: 'observer', isSignatory: false, expiresInDays: 7, maxUses: 1 }, actor(w.facilitator));
		if (!invited.ok) throw new Error('no invitation');
		const sent = await emailInvitation(
			server.app,
			{ workshop: workshop(), agency: 'Agency Beta (BETA)', role: 'observer', inviter: 'Fatima', to: 'someone@example.org', url: 'x', expiresAt: invited.invitation.expiresAt, origin: server.origin },
			actor(w.facilitator)
		);
		expect(sent).toBe(false);
		expect(server.app.mail.list(w.workshopId)).toMatchObject([{ kind: 'invitation', status: 'failed', error: expect.stringMatching(/ECONNREFUSED|connect/) }]);
		smtp = await startSmtp();
	});

	it('never writes the SMTP password into the log', async () => {
		const lines: string[] = [];
		const mailer = smtpMailer({ smtpUrl: 'smtp://accord:s3cret-pass@127.0.0.1:1', from: 'accord@example.org' }, (line) => lines.push(line));
		expect(await mailer.send({ to: 'a@example.org', subject: 's', text: 't' })).toMatchObject({ ok: false });
		mailer.close();
		expect(lines.join('\n')).toContain('127.0.0.1:1');
		expect(lines.join('\n')).not.toContain('s3cret-pass');
	});

	it('reminds the owners of an overdue measure once a day, by e-mail, and nobody else', async () => {
		server.app.collab.transact(w.workshopId, 'dpia', (doc) => {
			const dpia = new DpiaDoc(doc);
			dpia.addRisk(newRisk({ id: 'r-lost', title: 'A laptop with case files is lost', createdBy: 'test', position: 1 }), serverOrigin);
			dpia.setMeasure({ id: 'm-train', riskId: 'r-lost', text: 'Train every caseworker', kind: 'planned', agency: w.agencyIds[0], due: '2027-01-31', status: 'planned', position: 1 }, serverOrigin);
			dpia.setMeasure({ id: 'm-encrypt', riskId: 'r-lost', text: 'Encrypt the laptops', kind: 'planned', agency: w.agencyIds[1], due: '2027-12-31', status: 'planned', position: 2 }, serverOrigin);
		});
		freezeFirstVersion(server.app, w);
		const sign = (p: Person) => server.app.protocol.sign(workshop(), p.user.id, { title: 'Director', attestations: ['authority', 'read', 'implement'], password: PASSWORD, address: null, userAgent: null }, actor(p));
		for (const p of [w.participantB, w.participantA, w.participantA]) expect(await sign(p)).toEqual({ ok: true });

		// before it is due soon: nothing
		expect(await server.app.reminders.run(Date.parse('2026-12-10T08:00:00Z'))).toEqual({ sent: 0, failed: 0 });
		// overdue: Alpha's participant hears of it, once that day however often the timer runs
		const overdue = Date.parse('2027-02-03T08:00:00Z');
		expect(await server.app.reminders.run(overdue)).toEqual({ sent: 1, failed: 0 });
		expect(await server.app.reminders.run(overdue + 3_600_000)).toEqual({ sent: 0, failed: 0 });
		expect(smtp.inbox).toHaveLength(1);
		const [mail] = smtp.inbox;
		expect(mail.to).toEqual([w.participantA.user.email]);
		expect(mail.subject).toBe('Accord: 1 action-plan measures need attention in “Test workshop”');
		expect(mail.text).toContain('- Train every caseworker: overdue since 2027-01-31');
		expect(mail.text).not.toContain('Encrypt the laptops');
		expect(mail.text).toContain(`${server.origin}/workshops/${w.workshopId}/follow-up`);

		// the next day, again; once the owner asks for quiet, no more
		expect(await server.app.reminders.run(overdue + DAY)).toEqual({ sent: 1, failed: 0 });
		server.app.mail.setQuiet(w.workshopId, w.participantA.user.id, true);
		expect(await server.app.reminders.run(overdue + 2 * DAY)).toEqual({ sent: 0, failed: 0 });
		expect(smtp.inbox.map((x) => x.to[0])).toEqual([w.participantA.user.email, w.participantA.user.email]);
	});
});
