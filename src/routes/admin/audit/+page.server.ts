import { requireAdmin } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireAdmin(event);
	const before = Number(event.url.searchParams.get('before')) || undefined;
	const audit = event.locals.app.audit;
	return { entries: audit.list(undefined, 200, before), chain: audit.verify() };
};
