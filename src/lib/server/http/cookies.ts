import type { RequestEvent } from '@sveltejs/kit';
import { SESSION_COOKIE } from '../auth/sessions';

/** HttpOnly, SameSite=Lax, and Secure whenever the request came over https. */
export function setSessionCookie(event: Pick<RequestEvent, 'cookies' | 'url'>, token: string, expiresAt: number): void {
	event.cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		expires: new Date(expiresAt)
	});
}

export function clearSessionCookie(event: Pick<RequestEvent, 'cookies' | 'url'>): void {
	event.cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: event.url.protocol === 'https:' });
}
