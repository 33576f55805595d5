import { requireBoardPage } from '$lib/server/http/guards';
import { dpiaKitView } from '$lib/domain/dpia/kit-view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { workshop: full, kit } = requireBoardPage(event);
	const { locals } = event;
	return { kit: dpiaKitView(kit, locals.locale, full.language) };
};
