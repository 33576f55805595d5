import { fail, redirect } from '@sveltejs/kit';
import { setSessionCookie } from '$lib/server/http/cookies';
import { actorOf, clientAddress } from '$lib/server/http/guards';
import type { User } from '$lib/server/repositories/types';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function describe(event: Pick<RequestEvent, 'locals' | 'params'>) {
	const found = event.locals.app.workshopService.lookupInvitation(event.params.token);
	if (!found) return null;
	const workshop = event.locals.app.workshops.get(found.invitation.workshopId);
	const agency = event.locals.app.workshops.agencies(found.invitation.workshopId).find((a) => a.id === found.invitation.agencyId);
	if (!workshop || !agency) return null;
	return { invitation: found.invitation, problem: found.problem, workshop, agency };
}

export const load: PageServerLoad = (event) => {
	const found = describe(event);
	if (!found) return { invite: null, problem: 'unknown' as const, signedInAs: event.locals.user?.name ?? null };
	if (event.locals.user && event.locals.app.workshops.member(found.workshop.id, event.locals.user.id)) redirect(303, `/workshops/${found.workshop.id}`);
	return {
		invite: { workshop: found.workshop.title, agency: `${found.agency.name} (${found.agency.shortName})`, role: found.invitation.role, isSignatory: found.invitation.isSignatory },
		problem: found.problem,
		signedInAs: event.locals.user?.name ?? null
	};
};

function join(event: RequestEvent, user: User) {
	const result = event.locals.app.workshopService.accept(event.params.token, user, actorOf(event, user));
	if (!result.ok) return fail(410, { problem: result.problem, email: user.email, name: user.name });
	redirect(303, `/workshops/${result.workshopId}`);
}

export const actions: Actions = {
	join: (event) => {
		if (!event.locals.user) return fail(401, { problem: 'unknown', email: '', name: '' });
		return join(event, event.locals.user);
	},
	register: async (event) => {
		const form = await event.request.formData();
		const name = String(form.get('name') ?? '');
		const email = String(form.get('email') ?? '');
		if (!describe(event) || describe(event)?.problem) return fail(410, { problem: describe(event)?.problem ?? 'unknown', email, name });
		const created = await event.locals.app.accountService.create(
			{ name, email, password: String(form.get('password') ?? ''), role: 'member', locale: event.locals.locale },
			{ userId: null, label: email, address: clientAddress(event) }
		);
		if (!created.ok) return fail(400, { problem: created.problem, email, name, form: 'register' });
		const { token, session } = event.locals.app.sessions.create(created.user.id);
		setSessionCookie(event, token, session.expiresAt);
		return join(event, created.user);
	},
	signin: async (event) => {
		const form = await event.request.formData();
		const email = String(form.get('email') ?? '');
		const result = await event.locals.app.signIn.signIn(email, String(form.get('password') ?? ''), clientAddress(event));
		if (!result.ok) return fail(result.reason === 'invalid' ? 400 : 429, { problem: `sign-in-${result.reason}`, email, name: '', form: 'signin', seconds: 'retryAfterMs' in result ? Math.max(1, Math.ceil(result.retryAfterMs / 1000)) : 0 });
		setSessionCookie(event, result.token, result.expiresAt);
		return join(event, result.user);
	}
};
