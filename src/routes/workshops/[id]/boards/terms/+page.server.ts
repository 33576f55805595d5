import { error } from '@sveltejs/kit';
import { pickText } from '$lib/domain/kit-schema';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals }) => {
	const { workshop } = await parent();
	const full = locals.app.workshops.get(workshop.id);
	const kit = full ? locals.app.kits.get(full.kitId) : null;
	if (!full || !kit) error(404, 'not-found');
	locals.app.terms.ensureSeeded(full);
	return { checklist: kit.terms.checklist.map((i) => ({ id: i.id, title: pickText(i.title, locals.locale), description: pickText(i.description, locals.locale) })) };
};
