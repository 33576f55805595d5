import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedWorkshop, startServer, type TestServer } from '../fixtures/server';

let server: TestServer;

beforeEach(async () => {
	server = await startServer();
});

afterEach(async () => {
	await server.close();
});

describe('sessions', () => {
	it('store only the hash of the token, slide, and end after the idle timeout', async () => {
		const { app } = server;
		const w = await seedWorkshop(app);
		const { token, session } = app.sessions.create(w.participantA.user.id, 0);
		expect(session.id).not.toBe(token);
		expect(app.accounts.session(token)).toBeNull();
		const { sessionMs, idleMs } = app.config;
		// more than half the lifetime used, but active: the expiry moves forward
		const later = sessionMs / 2 + 1;
		let checkedAt = 0;
		for (let t = 0; t <= later; t += idleMs / 2) {
			expect(app.sessions.validate(token, t)).not.toBeNull();
			checkedAt = t;
		}
		const slid = app.sessions.validate(token, checkedAt + 1);
		expect(slid?.session.expiresAt).toBeGreaterThan(sessionMs);
		// idle for longer than the idle timeout: gone
		expect(app.sessions.validate(token, checkedAt + 1 + idleMs + 1)).toBeNull();
		expect(app.sessions.validate(token, checkedAt + 2)).toBeNull();
	});
});

describe('sign-in', () => {
	it('slows guesses at one account from one address with growing delays, and never locks the owner out elsewhere', async () => {
		const { app } = server;
		const w = await seedWorkshop(app);
		const email = w.participantA.user.email;
		for (let i = 0; i < 3; i++) expect(await app.signIn.signIn(email, 'wrong password here', '10.0.0.1', 1_000)).toMatchObject({ ok: false, reason: 'invalid' });
		expect(await app.signIn.signIn(email, 'wrong password here', '10.0.0.1', 1_000)).toMatchObject({ ok: false, reason: 'throttled', retryAfterMs: 1_000 });
		expect(await app.signIn.signIn(email, 'wrong password here', '10.0.0.1', 2_000)).toMatchObject({ ok: false, reason: 'invalid' });
		expect(await app.signIn.signIn(email, 'wrong password here', '10.0.0.1', 2_000)).toMatchObject({ ok: false, reason: 'throttled', retryAfterMs: 2_000 });
		// the owner, from their own address, at once
		expect(await app.signIn.signIn(email, 'correct horse battery staple', '10.0.1.1', 2_001)).toMatchObject({ ok: true });
		expect(app.audit.list(undefined, 50).map((e) => e.action)).toEqual(expect.arrayContaining(['sign-in.failed', 'sign-in']));
	});

	it('during 1,000 guesses from one address, the owner signs in from another at the first try, and a colleague behind the attacker’s address within seconds', async () => {
		const { app } = server;
		const w = await seedWorkshop(app);
		const email = w.participantA.user.email;
		const reasons = new Map<string, number>();
		for (let i = 0; i < 1000; i++) {
			const r = await app.signIn.signIn(email, `wrong guess ${i}`, '203.0.113.66', 10_000 + i * 10);
			const reason = r.ok ? 'ok' : r.reason;
			reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
		}
		// a handful of guesses reach the password hash; the rest are refused before it
		expect(reasons.get('invalid')).toBeLessThanOrEqual(10);
		expect(reasons.get('throttled')).toBeGreaterThanOrEqual(990);
		expect(await app.signIn.signIn(email, 'correct horse battery staple', '198.51.100.7', 20_000)).toMatchObject({ ok: true });
		// Bruno shares the attacker's address (a venue's network) and types his right password
		expect(await app.signIn.signIn(w.participantB.user.email, 'correct horse battery staple', '203.0.113.66', 20_000)).toMatchObject({ ok: true });
	});

	it('answers an unknown account exactly as a wrong password, and throttles it the same way', async () => {
		const { app } = server;
		const w = await seedWorkshop(app);
		const answers = async (email: string) => {
			const out = [];
			for (let i = 0; i < 5; i++) out.push(await app.signIn.signIn(email, 'guess guess guess', '203.0.113.70', 1_000));
			return out;
		};
		expect(await answers('nobody@example.org')).toEqual(await answers(w.participantA.user.email));
	});

	it('checks no more guesses fired in parallel than it would one after another', async () => {
		const { app } = server;
		const w = await seedWorkshop(app);
		const results = await Promise.all(Array.from({ length: 50 }, (_, i) => app.signIn.signIn(w.participantB.user.email, `parallel guess ${i}`, '203.0.113.67', 50_000)));
		expect(results.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(3);
		expect(results.every((r) => !r.ok)).toBe(true);
	});

	it('throttles one address that guesses across many accounts, for a few seconds at a time', async () => {
		const { app } = server;
		for (let i = 0; i < 30; i++) await app.signIn.signIn(`nobody${i}@example.org`, 'guess guess guess', '203.0.113.9', 5_000);
		const throttled = await app.signIn.signIn('nobody@example.org', 'guess guess guess', '203.0.113.9', 5_001);
		expect(throttled).toMatchObject({ ok: false, reason: 'throttled' });
		expect(!throttled.ok && 'retryAfterMs' in throttled && throttled.retryAfterMs).toBeLessThanOrEqual(10_000);
		expect(await app.signIn.signIn('nobody@example.org', 'guess guess guess', '198.51.100.1', 5_001)).toMatchObject({ ok: false, reason: 'invalid' });
		expect(await app.signIn.signIn('nobody@example.org', 'guess guess guess', '203.0.113.9', 15_001)).toMatchObject({ ok: false, reason: 'invalid' });
	});

	it('keeps control characters and direction overrides out of names, and tells namesakes in a workshop apart', async () => {
		const { app } = server;
		const w = await seedWorkshop(app);
		const created = await app.accountService.create({ email: 'eve@example.org', name: '\u202eamal\u0000', password: 'correct horse battery staple', role: 'member', locale: null }, null);
		expect(created).toMatchObject({ ok: true, user: { name: 'amal' } });
		if (!created.ok) return;
		app.workshops.addMember({ workshopId: w.workshopId, userId: created.user.id, role: 'participant', agencyId: w.agencyIds[1], isSignatory: false, joinedAt: Date.now() });
		// "Amal" was there first: the newcomer is shown with their e-mail everywhere in the workshop
		expect(app.workshops.member(w.workshopId, created.user.id)?.name).toBe('amal (eve@example.org)');
		expect(app.workshops.member(w.workshopId, w.participantA.user.id)?.name).toBe('Amal');
		const token = app.sessions.create(created.user.id).token;
		const access = app.collab.authorize(w.workshopId, 'agenda', app.config.origin, token);
		expect(access.ok && access.identity.name).toBe('amal (eve@example.org)');
	});

	it('refuses weak and common passwords when creating accounts', async () => {
		const { app } = server;
		expect(await app.accountService.create({ email: 'x@example.org', name: 'X', password: 'short', role: 'member', locale: null }, null)).toEqual({ ok: false, problem: 'too-short' });
		expect(await app.accountService.create({ email: 'x@example.org', name: 'X', password: 'password1234', role: 'member', locale: null }, null)).toEqual({ ok: false, problem: 'too-common' });
	});
});

describe('audit log', () => {
	it('records workshop set-up and membership with who, agency, role, target and address', async () => {
		const { app } = server;
		const w = await seedWorkshop(app);
		const result = app.workshopService.invite(w.workshopId, { agencyId: w.agencyIds[0], role: 'participant', isSignatory: true, expiresInDays: 3, maxUses: 2 }, { userId: w.facilitator.user.id, label: 'f', role: 'facilitator', address: '192.0.2.5' });
		expect(result.ok).toBe(true);
		const [entry] = app.audit.list(w.workshopId, 1);
		expect(entry).toMatchObject({ action: 'invitation.created', actorId: w.facilitator.user.id, role: 'facilitator', address: '192.0.2.5', workshopId: w.workshopId });
		expect(app.audit.verify()).toMatchObject({ ok: true });
	});

	it('leaves client addresses out when recording them is switched off', async () => {
		const quiet = await startServer({ ACCORD_RECORD_ADDRESSES: '0' });
		quiet.app.audit.record('sign-in', { userId: 'u', label: 'u', address: '192.0.2.7' });
		expect(quiet.app.audit.list(undefined, 1)[0].address).toBeNull();
		await quiet.close();
	});
});
