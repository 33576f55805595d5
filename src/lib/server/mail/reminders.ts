import { m } from '../../paraglide/messages';
import { isLocale, type Locale } from '../../paraglide/runtime';
import { reminders } from '../../domain/follow-up/plan';
import type { AuditLog } from '../audit';
import type { FollowUpService } from '../follow-up';
import { newId } from '../ids';
import type { AccountRepository, MailRepository, ProtocolRepository, WorkshopRepository } from '../repositories/types';
import type { Mailer } from './mailer';

/**
 * E-mails each owner the action-plan measures they answer for that are overdue or due within two
 * weeks: one message per person and workshop, at most once a day (claimed in the database before
 * sending, so two runs never both send), never to someone who asked for quiet, never to observers.
 * Without SMTP it does nothing: the workshop home shows the same reminders.
 */
export class ReminderService {
	constructor(
		private readonly d: {
			mailer: Mailer;
			mail: MailRepository;
			protocols: ProtocolRepository;
			workshops: WorkshopRepository;
			accounts: AccountRepository;
			followUp: FollowUpService;
			audit: AuditLog;
			origin: string;
		}
	) {}

	async run(now = Date.now()): Promise<{ sent: number; failed: number }> {
		const out = { sent: 0, failed: 0 };
		if (!this.d.mailer.configured) return out;
		const today = new Date(now).toISOString().slice(0, 10);
		for (const workshopId of this.d.protocols.activeWorkshops()) {
			const workshop = this.d.workshops.get(workshopId);
			const plan = workshop ? this.d.followUp.plan(workshop) : null;
			if (!workshop || !plan) continue;
			for (const member of this.d.workshops.members(workshopId)) {
				if (member.role === 'observer' || this.d.mail.isQuiet(workshopId, member.userId)) continue;
				const due = reminders(plan.rows, { userId: member.userId, role: member.role, agencyId: member.agencyId }, today, true);
				if (due.length === 0) continue;
				const preferred = this.d.accounts.byId(member.userId)?.locale ?? workshop.language;
				const locale = (isLocale(preferred) ? preferred : 'en') as Locale;
				const subject = m.mail_reminder_subject({ count: due.length, workshop: workshop.title }, { locale });
				const claim = { id: newId(), workshopId, kind: 'reminder' as const, recipient: member.userId, day: today, subject, status: 'sending' as const, error: null, at: now };
				if (!this.d.mail.claimReminder(claim)) continue;
				const text = [
					m.mail_reminder_intro({ name: member.name, workshop: workshop.title }, { locale }),
					'',
					...due.map((r) => (r.state === 'overdue' ? m.mail_reminder_overdue({ measure: r.measure.text, date: r.due }, { locale }) : m.mail_reminder_soon({ measure: r.measure.text, date: r.due }, { locale }))),
					'',
					m.mail_reminder_link({ url: `${this.d.origin}/workshops/${workshopId}/follow-up` }, { locale }),
					'',
					m.mail_reminder_quiet({}, { locale })
				].join('\n');
				const result = await this.d.mailer.send({ to: member.email, subject, text });
				if (result.ok) {
					this.d.mail.finish(claim.id, 'sent', null);
					this.d.audit.record('follow-up.reminded', { userId: null, label: 'Accord' }, { workshopId, target: member.email, details: { measures: due.map((r) => r.measure.id) } });
					out.sent++;
				} else {
					// give the claim back: the next run tries again, still at most one delivered a day
					this.d.mail.release(claim.id);
					out.failed++;
				}
			}
		}
		return out;
	}
}
