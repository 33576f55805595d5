import { error } from '@sveltejs/kit';
import { preReadLabels } from '$lib/server/http/export-labels';
import { requireMember } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

/** The pre-read pack in the browser: the same document as the PDF. */
export const load: PageServerLoad = (event) => {
	const { workshop } = requireMember(event);
	const document = event.locals.app.preRead.document(workshop, preReadLabels(workshop.language));
	if (!document) error(404, 'not-found');
	return { document };
};
