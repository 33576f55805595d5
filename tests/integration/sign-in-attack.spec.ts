import { afterEach, describe, expect, it, vi } from 'vitest';
import { demoSession, processes } from '../fixtures/process';

const servers = processes();
afterEach(servers.killAll);

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

describe('sign-in under attack', () => {
	it('throttles 1,000 wrong passwords against one account from one address; other people keep signing in and loading pages', async () => {
		const p = await servers.start({ ACCORD_TRUST_PROXY: '1' }, ['--demo']);
		const { cookie, password } = await demoSession(p);
		const target = 'facilitator@demo.accord.test';
		const attempt = (email: string, pass: string, address: string) =>
			fetch(`${p.origin}/sign-in`, {
				method: 'POST',
				redirect: 'manual',
				headers: { origin: p.origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address },
				body: new URLSearchParams({ email, password: pass, redirectTo: '/' })
			});
		const pageLoad = async () => {
			const started = performance.now();
			const res = await fetch(`${p.origin}/`, { headers: { cookie } });
			await res.text();
			expect(res.status).toBe(200);
			return performance.now() - started;
		};
		const quiet: number[] = [];
		for (let i = 0; i < 40; i++) quiet.push(await pageLoad());

		const statuses = new Map<number, number>();
		let next = 0;
		const attacker = async () => {
			while (next < 1000) {
				next++;
				const res = await attempt(target, `wrong guess ${next}`, '203.0.113.66');
				await res.text();
				statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
			}
		};
		const underAttack: number[] = [];
		const attack = Promise.all(Array.from({ length: 10 }, attacker));
		// while the guesses run: the owner signs in from their own address at the first try...
		while (next < 100) underAttack.push(await pageLoad());
		let started = performance.now();
		expect((await attempt(target, password, '198.51.100.7')).status).toBe(303);
		const owner = performance.now() - started;
		// ...and a colleague behind the attacker's address (a venue's network) gets in within seconds
		started = performance.now();
		await vi.waitFor(async () => expect((await attempt('observer@demo.accord.test', password, '203.0.113.66')).status).toBe(303), { timeout: 20_000, interval: 500 });
		const colleague = performance.now() - started;
		while (next < 1000) underAttack.push(await pageLoad());
		await attack;

		console.log(
			`sign-in attack: responses ${JSON.stringify(Object.fromEntries(statuses))}; the owner signed in from another address in ${owner.toFixed(0)} ms and a colleague behind the attacker's address in ${colleague.toFixed(0)} ms; another person's page load p50/p95 ${percentile(quiet, 50).toFixed(1)}/${percentile(quiet, 95).toFixed(1)} ms quiet, ${percentile(underAttack, 50).toFixed(1)}/${percentile(underAttack, 95).toFixed(1)} ms during the attack (${underAttack.length} loads)`
		);
		// Only the first guesses are checked against the password hash; the rest are refused at once.
		expect(statuses.get(429)).toBeGreaterThanOrEqual(990);
		expect((statuses.get(400) ?? 0) + (statuses.get(429) ?? 0)).toBe(1000);
	}, 120_000);

	it('throttles a stolen session guessing the current password at the password-change form', async () => {
		const p = await servers.start({}, ['--demo']);
		const { cookie, password } = await demoSession(p);
		const change = (current: string) =>
			fetch(`${p.origin}/account?/password`, {
				method: 'POST',
				redirect: 'manual',
				headers: { origin: p.origin, cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-sveltekit-action': 'true' },
				body: new URLSearchParams({ current, password: 'a brand new passphrase 42' })
			}).then(async (res) => ({ status: res.status, body: await res.text() }));
		const answers = [];
		for (let i = 0; i < 8; i++) answers.push(await change(`guess ${i}`));
		// three guesses are checked; then the guesser has to wait, longer each time, right password or not
		expect(answers.filter((a) => a.body.includes('wrong-password'))).toHaveLength(3);
		expect(answers.slice(3).every((a) => a.body.includes('throttled'))).toBe(true);
		expect((await change(password)).body).toContain('throttled');
	}, 60_000);

	it('takes the address the trusted proxy appended, so forged X-Forwarded-For entries escape nothing', async () => {
		const p = await servers.start({ ACCORD_TRUST_PROXY: '1' }, ['--demo']);
		await p.waitFor(/listening/);
		const guess = (i: number) =>
			fetch(`${p.origin}/sign-in`, {
				method: 'POST',
				redirect: 'manual',
				// the attacker writes a new address on the left each time; the proxy appends the real one
				headers: { origin: p.origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `198.18.${i % 250}.${i % 200}, 203.0.113.66` },
				body: new URLSearchParams({ email: `nobody${i}@example.org`, password: 'guess guess guess', redirectTo: '/' })
			}).then((r) => r.status);
		const statuses: number[] = [];
		for (let i = 0; i < 40; i++) statuses.push(await guess(i));
		// one address, however many it claimed: its failure budget runs out
		expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
		expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
	}, 60_000);
});
