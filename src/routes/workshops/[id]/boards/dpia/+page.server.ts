import { error } from '@sveltejs/kit';
import { dpiaKitView } from '$lib/domain/dpia/kit-view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals }) => {
	const { workshop } = await parent();
	const full = locals.app.workshops.get(workshop.id);
	const kit = full ? locals.app.kits.get(full.kitId) : null;
	if (!full || !kit) error(404, 'not-found');
	locals.app.dpia.ensureSeeded(full);
	return { kit: dpiaKitView(kit, locals.locale, full.language) };
};
