import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { setSessionCookie } from '$lib/server/http/cookies';
import { clientAddress } from '$lib/server/http/guards';
import { hasControlCharacters, safeRedirectTarget } from '$lib/server/http/redirects';
import { isLocale } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

const credentials = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
	return { redirectTo: safeRedirectTarget(url.searchParams.get('redirectTo')) };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const email = String(form.get('email') ?? '');
		// a damaged link (line breaks, tabs, control characters in where to go next) is refused, not followed
		if (hasControlCharacters(String(form.get('redirectTo') ?? ''))) return fail(400, { email, problem: 'redirect' as const, seconds: 0 });
		const parsed = credentials.safeParse({ email, password: form.get('password') });
		if (!parsed.success) return fail(400, { email, problem: 'invalid' as const, seconds: 0 });
		const result = await event.locals.app.signIn.signIn(parsed.data.email, parsed.data.password, clientAddress(event));
		if (!result.ok) {
			const seconds = 'retryAfterMs' in result ? Math.max(1, Math.ceil(result.retryAfterMs / 1000)) : 0;
			return fail(result.reason === 'invalid' ? 400 : 429, { email, problem: result.reason, seconds });
		}
		setSessionCookie(event, result.token, result.expiresAt);
		if (result.user.locale && isLocale(result.user.locale)) {
			event.cookies.set('PARAGLIDE_LOCALE', result.user.locale, { path: '/', httpOnly: false, sameSite: 'lax', secure: event.url.protocol === 'https:', maxAge: 400 * 86_400 });
		}
		redirect(303, safeRedirectTarget(form.get('redirectTo')));
	}
};
