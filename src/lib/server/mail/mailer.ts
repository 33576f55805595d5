import nodemailer from 'nodemailer';

export interface OutgoingMail {
	to: string;
	subject: string;
	text: string;
	attachments?: { filename: string; content: Uint8Array; contentType: string }[];
}

export type SendResult = { ok: true } | { ok: false; error: string };

/** Sends e-mail, or says why it could not; never throws. `configured` is false without SMTP settings. */
export interface Mailer {
	readonly configured: boolean;
	send(mail: OutgoingMail): Promise<SendResult>;
	close(): void;
}

/** Without SMTP: nothing is sent, and the interface shows each message and link to copy instead. */
export const NO_MAIL: Mailer = {
	configured: false,
	send: async () => ({ ok: false, error: 'e-mail is not configured' }),
	close: () => {}
};

/**
 * E-mail through the operator's SMTP server with nodemailer. Timeouts are short enough that a form
 * waiting on a send answers within seconds on a poor connection; a failure is logged and returned.
 */
export function smtpMailer(settings: { smtpUrl: string; from: string }, log: (line: string) => void): Mailer {
	const transport = nodemailer.createTransport({ url: settings.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
	// the SMTP URL carries a password: logs name the host only
	const host = new URL(settings.smtpUrl.replace(/^smtps?:/, 'http:')).host;
	return {
		configured: true,
		async send(mail) {
			try {
				await transport.sendMail({
					from: settings.from,
					to: mail.to,
					subject: mail.subject,
					text: mail.text,
					attachments: mail.attachments?.map((a) => ({ filename: a.filename, content: Buffer.from(a.content), contentType: a.contentType }))
				});
				return { ok: true };
			} catch (error) {
				const message = (error as Error).message.slice(0, 300);
				log(`mail: sending to ${host} failed: ${message}`);
				return { ok: false, error: message };
			}
		},
		close: () => transport.close()
	};
}
