import { afterEach, describe, expect, it } from 'vitest';
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
		while (next < 1000) underAttack.push(await pageLoad());
		await attack;

		console.log(
			`sign-in attack: responses ${JSON.stringify(Object.fromEntries(statuses))}; another person's page load p50/p95 ${percentile(quiet, 50).toFixed(1)}/${percentile(quiet, 95).toFixed(1)} ms quiet, ${percentile(underAttack, 50).toFixed(1)}/${percentile(underAttack, 95).toFixed(1)} ms during the attack (${underAttack.length} loads)`
		);
		// Only the first guesses are checked against the password hash; the rest are refused at once.
		expect(statuses.get(429)).toBeGreaterThanOrEqual(975);
		expect((statuses.get(400) ?? 0) + (statuses.get(429) ?? 0)).toBe(1000);
		// The account is locked for everyone during the window, even with the right password...
		expect((await attempt(target, password, '198.51.100.7')).status).toBe(429);
		// ...while other people sign in as usual.
		expect((await attempt('observer@demo.accord.test', password, '198.51.100.8')).status).toBe(303);
	}, 120_000);

	it('throttles a stolen session guessing the current password at the password-change form, and locks the account for sign-in too', async () => {
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
		// five guesses are checked; then the account is locked, even with the right password
		expect(answers.filter((a) => a.body.includes('wrong-password'))).toHaveLength(5);
		expect(answers.slice(5).every((a) => a.body.includes('locked'))).toBe(true);
		expect((await change(password)).body).toContain('locked');
		const signIn = await fetch(`${p.origin}/sign-in`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: p.origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ email: 'participant.cra@demo.accord.test', password, redirectTo: '/' })
		});
		expect(signIn.status).toBe(429);
	}, 60_000);
});
