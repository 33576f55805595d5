import { m } from '../../paraglide/messages';
import { isLocale, type Locale } from '../../paraglide/runtime';
import type { Actor, AuditLog } from '../audit';
import { newId } from '../ids';
import type { MailRepository, Workshop } from '../repositories/types';
import type { Mailer } from './mailer';

/**
 * An invitation link sent by e-mail, in the workshop's language, and recorded (to whom, when,
 * whether it went). The link is the only secret in it: whoever holds it can join, as with a link
 * copied by hand, within its uses and its expiry.
 */
export async function emailInvitation(
	d: { mailer: Mailer; mail: MailRepository; audit: AuditLog },
	input: { workshop: Workshop; agency: string; role: 'participant' | 'observer'; inviter: string; to: string; url: string; expiresAt: number; origin: string },
	actor: Actor
): Promise<boolean> {
	const { workshop } = input;
	const locale = (isLocale(workshop.language) ? workshop.language : 'en') as Locale;
	const role = (input.role === 'participant' ? m.role_participant : m.role_observer)({}, { locale });
	const subject = m.mail_invite_subject({ workshop: workshop.title }, { locale });
	const text = [
		m.mail_invite_body(
			{ inviter: input.inviter, workshop: workshop.title, context: workshop.context, date: workshop.date, role, agency: input.agency, url: input.url, expires: new Date(input.expiresAt).toISOString().slice(0, 10) },
			{ locale }
		),
		'',
		m.mail_invite_pack({ url: `${input.origin}/workshops/${workshop.id}/pre-read` }, { locale })
	].join('\n');
	const result = await d.mailer.send({ to: input.to, subject, text });
	const now = Date.now();
	d.mail.add({ id: newId(), workshopId: workshop.id, kind: 'invitation', recipient: input.to, day: new Date(now).toISOString().slice(0, 10), subject, status: result.ok ? 'sent' : 'failed', error: result.ok ? null : result.error, at: now });
	d.audit.record('invitation.emailed', actor, { workshopId: workshop.id, target: input.to, details: { sent: result.ok } });
	return result.ok;
}

/**
 * The pre-read pack to every member of the workshop, each in the workshop's language, with the PDF
 * attached and the link to read it in Accord (always up to date). Each message is recorded.
 */
export async function emailPreRead(
	d: { mailer: Mailer; mail: MailRepository; audit: AuditLog },
	input: { workshop: Workshop; members: { name: string; email: string }[]; pdf: { name: string; body: Uint8Array }; origin: string },
	actor: Actor
): Promise<{ sent: number; failed: number }> {
	const { workshop } = input;
	const locale = (isLocale(workshop.language) ? workshop.language : 'en') as Locale;
	const subject = m.mail_pack_subject({ workshop: workshop.title }, { locale });
	const out = { sent: 0, failed: 0 };
	for (const member of input.members) {
		const text = m.mail_pack_body({ name: member.name, workshop: workshop.title, context: workshop.context, date: workshop.date, url: `${input.origin}/workshops/${workshop.id}/pre-read` }, { locale });
		const result = await d.mailer.send({ to: member.email, subject, text, attachments: [{ filename: input.pdf.name, content: input.pdf.body, contentType: 'application/pdf' }] });
		const now = Date.now();
		d.mail.add({ id: newId(), workshopId: workshop.id, kind: 'pre-read', recipient: member.email, day: new Date(now).toISOString().slice(0, 10), subject, status: result.ok ? 'sent' : 'failed', error: result.ok ? null : result.error, at: now });
		out[result.ok ? 'sent' : 'failed']++;
	}
	d.audit.record('pre-read.emailed', actor, { workshopId: workshop.id, target: 'pre-read pack', details: out });
	return out;
}
