import { json, type RequestHandler } from '@sveltejs/kit';
import { REFUSAL_STATUS } from '$lib/collab/close-codes';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';

/**
 * Tells the browser why its WebSocket upgrade would be refused (browsers cannot read the HTTP
 * status of a refused upgrade). Runs exactly the checks the upgrade runs.
 */
export const GET: RequestHandler = ({ params, locals, cookies, url }) => {
	const access = locals.app.collab.authorize(params.workshop ?? '', params.board ?? '', url.origin, cookies.get(SESSION_COOKIE) ?? null);
	if (access.ok) return json({ ok: true, readOnly: access.readOnly });
	return json({ ok: false, refusal: access.refusal }, { status: REFUSAL_STATUS[access.refusal] });
};
