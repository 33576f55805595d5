import { canCreateWorkshops } from '$lib/domain/roles';
import { requireUser } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	return { workshops: event.locals.app.workshops.listForUser(user.id), canCreate: canCreateWorkshops(user.role) };
};
