import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { cli, demoSession, processes, tempDataDir } from '../fixtures/process';

const servers = processes();
afterEach(servers.killAll);

const start = servers.start;

describe('the production entry', () => {
	it('creates and migrates the database on first start, prints a one-time admin link, and serves pages', async () => {
		const p = await start();
		const [, link] = await p.waitFor(/(http:\/\/localhost:\d+\/setup\/[a-z0-9]+)/);
		await p.waitFor(/listening/);
		expect(fs.existsSync(path.join(p.dataDir, 'accord.sqlite'))).toBe(true);
		const setup = await fetch(link);
		expect(setup.status).toBe(200);
		expect(await setup.text()).toContain('Create the first admin account');
		const signIn = await fetch(`${p.origin}/sign-in`);
		expect(signIn.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
		expect(signIn.headers.get('referrer-policy')).toBe('same-origin');
		const bogus = await fetch(`${p.origin}/setup/not-the-token`);
		expect(await bogus.text()).toContain('not valid any more');
	});

	it('seeds a demo workshop with one account per role only when asked', async () => {
		const plain = await start();
		await plain.waitFor(/listening/);
		expect(plain.output()).not.toContain('Demo data created');
		const demo = await start({}, ['--demo']);
		await demo.waitFor(/listening/);
		expect(demo.output()).toContain('Demo data created');
		for (const role of ['admin@', 'facilitator@', 'participant.cra@', 'signatory.mosa@', 'signatory.cra@', 'signatory.ht@', 'observer@']) expect(demo.output()).toContain(role);
		expect((fs.statSync(path.join(demo.dataDir, 'demo-accounts.txt')).mode & 0o777).toString(8)).toBe('600');
	});

	it('says in one line that its port is taken, before seeding or printing anything else', async () => {
		const first = await start();
		await first.waitFor(/listening/);
		const second = await start({ PORT: String(first.port), ORIGIN: first.origin }, ['--demo']);
		expect(await second.exited).toBe(1);
		expect(second.output().trim()).toBe(`Accord cannot start: port ${first.port} is already in use (another Accord, or another program). Stop it, or choose another port: PORT=3001 npm start`);
		// nothing was created in its data directory: no database, no demo accounts
		expect(fs.existsSync(path.join(second.dataDir, 'accord.sqlite'))).toBe(false);
	});

	it('refuses to start with bad configuration or an invalid kit, saying why', async () => {
		const badPort = await start({ ACCORD_MAX_MESSAGE_BYTES: 'lots' });
		expect(await badPort.exited).not.toBe(0);
		expect(badPort.output()).toContain('ACCORD_MAX_MESSAGE_BYTES');

		const kits = tempDataDir();
		fs.cpSync('workshop-kits', kits, { recursive: true });
		const scales = path.join(kits, 'cpims-plus', 'scales.json');
		const json = JSON.parse(fs.readFileSync(scales, 'utf8'));
		json.severity.levels[0].colour = 'green';
		fs.writeFileSync(scales, JSON.stringify(json));
		const badKit = await start({ KITS_DIR: kits });
		expect(await badKit.exited).not.toBe(0);
		expect(badKit.output()).toContain('cpims-plus/scales.json: severity.levels[0].colour: must be a colour');
		const check = cli(['kits-check'], { KITS_DIR: kits });
		expect(check.status).toBe(1);
		expect(check.stderr).toContain('cpims-plus/scales.json: severity.levels[0].colour: must be a colour');
	});

	it('on SIGTERM closes collaboration sockets with 1012 and exits cleanly', async () => {
		const p = await start({}, ['--demo']);
		const { workshop, cookie, setCookie } = await demoSession(p);
		expect(cookie).toMatch(/^accord_session=/);
		expect(setCookie).toMatch(/HttpOnly/i);
		expect(setCookie).toMatch(/SameSite=Lax/i);
		const ws = new WebSocket(`ws://127.0.0.1:${p.port}/collab/${workshop}/agenda`, { headers: { origin: p.origin, cookie } });
		await new Promise((resolve, reject) => {
			ws.once('open', resolve);
			ws.once('error', reject);
		});
		const closed = new Promise<number>((resolve) => ws.once('close', resolve));
		p.child.kill('SIGTERM');
		expect(await closed).toBe(1012);
		// it says it stopped only once its storage thread has exited, then it exits
		await p.waitFor(/stopped/);
		expect(await p.exited).toBe(0);
	});

	it('backs up the database while running, and audit-verify finds a tampered entry', async () => {
		const p = await start({}, ['--demo']);
		await p.waitFor(/listening/);
		const env = { DATA_DIR: p.dataDir };
		const backup = path.join(tempDataDir(), 'copy.sqlite');
		const made = cli(['backup', backup], env);
		expect(made.status, made.stderr).toBe(0);
		expect(new Database(backup, { readonly: true }).prepare('SELECT count(*) FROM users').pluck().get()).toBe(8);
		expect(cli(['backup', backup], env).status).toBe(1);

		expect(cli(['audit-verify'], env)).toMatchObject({ status: 0 });
		p.child.kill('SIGTERM');
		await p.exited;
		const db = new Database(path.join(p.dataDir, 'accord.sqlite'));
		db.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET target = 'someone else' WHERE id = 2");
		db.close();
		const broken = cli(['audit-verify'], env);
		expect(broken.status).toBe(1);
		expect(broken.stderr).toContain('broken at entry 2');
	});

	it('answers a form posted to the reserved "?/default" and a redirect with line breaks as the client’s mistakes, never with a 500', async () => {
		const p = await servers.start({}, ['--demo']);
		const { password } = await demoSession(p);
		const post = (query: string, body: Record<string, string>) =>
			fetch(`${p.origin}/sign-in${query}`, { method: 'POST', redirect: 'manual', headers: { origin: p.origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
		const reserved = await post('?/default', { email: 'x@example.org', password: 'y' });
		expect(reserved.status).toBe(400);
		expect(await reserved.text()).toContain('"default" is not an action name');
		const crlf = await post('', { email: 'observer@demo.accord.test', password, redirectTo: '/workshops\r\nSet-Cookie: stolen=1' });
		expect(crlf.status).toBe(400);
		expect(await crlf.text()).toContain('The link you followed to sign in is damaged');
		expect(crlf.headers.get('set-cookie') ?? '').not.toContain('stolen');
		const offsite = await post('', { email: 'observer@demo.accord.test', password, redirectTo: '/\t/evil.example/phish' });
		expect(offsite.status).toBe(400);
		const elsewhere = await post('', { email: 'observer@demo.accord.test', password, redirectTo: '/.//evil.example' });
		expect(elsewhere.headers.get('location')).toBe('/');
	}, 60_000);

	it('explains its commands and fails clearly on unknown ones', () => {
		expect(cli([], {}).status).toBe(2);
		const unknown = cli(['frobnicate'], {});
		expect(unknown.status).toBe(2);
		expect(unknown.stderr).toContain('Unknown command "frobnicate"');
		expect(cli(['audit-verify'], { DATA_DIR: tempDataDir() }).stderr).toContain('no database');
	});
});
