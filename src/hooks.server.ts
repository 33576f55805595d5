import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getLocale } from '$lib/paraglide/runtime';
import { getApp } from '$lib/server/app';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { setSessionCookie, clearSessionCookie } from '$lib/server/http/cookies';
import { textDirection } from '$lib/i18n';

export const init: ServerInit = async () => {
	await getApp();
};

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%lang%', locale).replace('%dir%', textDirection(locale))
		});
	});

const auth: Handle = async ({ event, resolve }) => {
	const app = await getApp();
	event.locals.app = app;
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const valid = app.sessions.validate(token);
		if (valid) {
			event.locals.user = valid.user;
			event.locals.session = valid.session;
			if (valid.refreshed) setSessionCookie(event, token, valid.session.expiresAt);
		} else {
			clearSessionCookie(event);
		}
	}
	event.locals.locale = getLocale();
	return resolve(event);
};

const headers: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	// Invitation and setup links carry secrets in their path: never send them to another site.
	// (no-referrer would also make browsers send "Origin: null" on form posts, which fail the CSRF check.)
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
	response.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	if (event.url.pathname.startsWith('/invite/') || event.url.pathname.startsWith('/setup/') || event.locals.user) {
		response.headers.set('Cache-Control', 'no-store');
	}
	return response;
};

/**
 * Requests SvelteKit itself would answer with a 500: a form posted to the reserved action name
 * `?/default`. They are the client's mistake, so they get a 400 that says what is wrong.
 */
const malformed: Handle = ({ event, resolve }) => {
	if (event.request.method === 'POST' && event.url.searchParams.has('/default')) {
		return new Response('"default" is not an action name: post the form to the page itself', { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	}
	return resolve(event);
};

export const handle = sequence(malformed, i18n, auth, headers);
