import { redirect, type RequestHandler } from '@sveltejs/kit';
import { isLocale } from '$lib/paraglide/runtime';
import { safeRedirectTarget } from '$lib/server/http/redirects';

/** Sets the language cookie, and remembers the choice on the account of a signed-in person. */
export const POST: RequestHandler = async ({ request, cookies, locals, url }) => {
	const form = await request.formData();
	const locale = String(form.get('locale') ?? '');
	const target = safeRedirectTarget(form.get('redirectTo'));
	if (isLocale(locale)) {
		cookies.set('PARAGLIDE_LOCALE', locale, { path: '/', httpOnly: false, sameSite: 'lax', secure: url.protocol === 'https:', maxAge: 400 * 86_400 });
		if (locals.user) locals.app.accounts.setLocale(locals.user.id, locale);
	}
	redirect(303, target);
};
