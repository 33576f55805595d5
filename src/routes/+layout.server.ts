import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => ({
	user: locals.user ? { id: locals.user.id, name: locals.user.name, email: locals.user.email, role: locals.user.role } : null,
	locale: locals.locale,
	path: url.pathname + url.search
});
