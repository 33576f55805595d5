import { requireBoardPage } from '$lib/server/http/guards';
import { pickText } from '$lib/domain/kit-schema';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { kit } = requireBoardPage(event);
	const { locals } = event;
	return { checklist: kit.terms.checklist.map((i) => ({ id: i.id, title: pickText(i.title, locals.locale), description: pickText(i.description, locals.locale) })) };
};
