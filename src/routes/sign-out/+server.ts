import { redirect, type RequestHandler } from '@sveltejs/kit';
import { clearSessionCookie } from '$lib/server/http/cookies';
import { clientAddress } from '$lib/server/http/guards';

export const POST: RequestHandler = (event) => {
	const { locals } = event;
	if (locals.session && locals.user) {
		locals.app.sessions.invalidate(locals.session.id);
		locals.app.collab.closeSessions([locals.session.id]);
		locals.app.audit.record('sign-out', { userId: locals.user.id, label: locals.user.email, address: clientAddress(event) });
	}
	clearSessionCookie(event);
	redirect(303, '/sign-in');
};
