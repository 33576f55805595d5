import { requireBoardPage } from '$lib/server/http/guards';
import { pickText, termsFor } from '$lib/domain/kit-schema';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { kit, workshop } = requireBoardPage(event);
	const { locals } = event;
	return {
		// the Terms are signed by each organisation apart from the protocol: not frozen with it
		frozen: locals.app.boards.isFrozen(workshop.id, 'terms'),
		checklist: termsFor(kit.terms, workshop.rolloutType).checklist.map((i) => ({ id: i.id, title: pickText(i.title, locals.locale), description: pickText(i.description, locals.locale) }))
	};
};
