import { error, fail, redirect } from '@sveltejs/kit';
import { hashToken } from '$lib/server/ids';
import { setSessionCookie } from '$lib/server/http/cookies';
import { clientAddress } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

function usable(locals: App.Locals): boolean {
	return locals.app.accounts.count() === 0;
}

export const load: PageServerLoad = ({ locals, params }) => {
	if (!usable(locals)) error(404, 'not-found');
	return { valid: locals.app.accounts.setupTokenValid(hashToken(params.token), Date.now()) };
};

export const actions: Actions = {
	default: async (event) => {
		const { locals, params } = event;
		const form = await event.request.formData();
		const name = String(form.get('name') ?? '');
		const email = String(form.get('email') ?? '');
		const password = String(form.get('password') ?? '');
		if (!usable(locals)) return fail(410, { name, email, problem: 'setup-invalid' });
		// Check the account first so a typo in the password does not burn the one-time link.
		const app = locals.app;
		const tokenHash = hashToken(params.token);
		if (!app.accounts.setupTokenValid(tokenHash, Date.now())) return fail(410, { name, email, problem: 'setup-invalid' });
		const created = await app.accountService.create({ name, email, password, role: 'admin', locale: locals.locale }, { userId: null, label: 'setup link', address: clientAddress(event) });
		if (!created.ok) return fail(400, { name, email, problem: created.problem });
		app.accounts.takeSetupToken(tokenHash, Date.now());
		app.accounts.clearSetupTokens();
		const { token, session } = app.sessions.create(created.user.id);
		setSessionCookie(event, token, session.expiresAt);
		redirect(303, '/admin/accounts');
	}
};
