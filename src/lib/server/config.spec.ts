import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
	it('has working defaults', () => {
		const c = loadConfig({});
		expect(c.port).toBe(3000);
		expect(c.origin).toBe('http://localhost:3000');
		expect(c.databaseFile).toMatch(/data\/accord\.sqlite$/);
		expect(c.collab.maxMessageBytes).toBe(2 * 1024 * 1024);
	});

	it('derives the origin from the port', () => {
		expect(loadConfig({ PORT: '4100' }).origin).toBe('http://localhost:4100');
		expect(loadConfig({ ORIGIN: 'https://accord.example.org/' }).origin).toBe('https://accord.example.org');
	});

	it('names every bad setting', () => {
		expect(() => loadConfig({ PORT: 'eighty', ORIGIN: 'not a url' })).toThrow(ConfigError);
		expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
		expect(() => loadConfig({ ACCORD_DOC_WARN_BYTES: '5000000', ACCORD_DOC_MAX_BYTES: '4000000' })).toThrow(/ACCORD_DOC_WARN_BYTES/);
	});

	it('sends e-mail only with an SMTP address and a sender, and says which is wrong', () => {
		expect(loadConfig({}).mail).toBeNull();
		expect(loadConfig({ ACCORD_SMTP_URL: '', ACCORD_MAIL_FROM: '' }).mail).toBeNull();
		expect(loadConfig({ ACCORD_SMTP_URL: 'smtp://user:secret@mail.example.org:587', ACCORD_MAIL_FROM: 'accord@example.org' }).mail).toEqual({
			smtpUrl: 'smtp://user:secret@mail.example.org:587',
			from: 'accord@example.org'
		});
		expect(() => loadConfig({ ACCORD_SMTP_URL: 'smtp://mail.example.org' })).toThrow(/ACCORD_MAIL_FROM: the sender address is needed/);
		expect(() => loadConfig({ ACCORD_SMTP_URL: 'http://mail.example.org', ACCORD_MAIL_FROM: 'accord@example.org' })).toThrow(/ACCORD_SMTP_URL must look like/);
		expect(() => loadConfig({ ACCORD_SMTP_URL: 'smtp://mail.example.org', ACCORD_MAIL_FROM: 'accord' })).toThrow(/ACCORD_MAIL_FROM must be the sender address/);
	});
});
