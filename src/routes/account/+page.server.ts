import { fail, redirect } from '@sveltejs/kit';
import { hashPassword, passwordProblem } from '$lib/server/auth/passwords';
import { clearSessionCookie, setSessionCookie } from '$lib/server/http/cookies';
import { actorOf, clientAddress, requireUser } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	return { account: { name: user.name, email: user.email } };
};

export const actions: Actions = {
	everywhere: async (event) => {
		const user = requireUser(event);
		const ended = event.locals.app.sessions.invalidateAll(user.id);
		event.locals.app.collab.closeSessions(ended);
		event.locals.app.audit.record('sign-out.everywhere', actorOf(event, user), { details: { sessions: ended.length } });
		clearSessionCookie(event);
		redirect(303, '/sign-in');
	},
	password: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const current = String(form.get('current') ?? '');
		const next = String(form.get('password') ?? '');
		const app = event.locals.app;
		// throttled and audited like sign-in: a stolen session cannot guess its way to a new password
		const verdict = await app.passwords.reauthenticate(user.id, current, clientAddress(event), { failed: 'account.password-change-failed', actor: actorOf(event, user) });
		if (!verdict.ok) return fail(verdict.reason === 'invalid' ? 400 : 429, { passwordProblem: verdict.reason === 'invalid' ? 'wrong-password' : 'throttled' });
		const problem = passwordProblem(next, user.email);
		if (problem) return fail(400, { passwordProblem: problem });
		app.accounts.setPassword(user.id, await hashPassword(next));
		// A new password ends every other session (and this one is renewed).
		app.collab.closeSessions(app.sessions.invalidateAll(user.id));
		const { token, session } = app.sessions.create(user.id);
		setSessionCookie(event, token, session.expiresAt);
		app.audit.record('account.password-changed', actorOf(event, user));
		return { passwordChanged: true };
	}
};
