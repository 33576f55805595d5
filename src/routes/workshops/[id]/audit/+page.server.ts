import { requireFacilitator } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { workshop } = requireFacilitator(event);
	const before = Number(event.url.searchParams.get('before')) || undefined;
	return { entries: event.locals.app.audit.list(workshop.id, 200, before) };
};
