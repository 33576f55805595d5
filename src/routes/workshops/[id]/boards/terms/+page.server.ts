import { TermsDoc } from '$lib/collab/terms-doc';
import { requireBoardPage } from '$lib/server/http/guards';
import { pickText, termsFor } from '$lib/domain/kit-schema';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { kit, workshop } = requireBoardPage(event);
	const { locals } = event;
	return {
		// the Terms are signed by each organisation apart from the protocol: not frozen with it
		frozen: locals.app.boards.isFrozen(workshop.id, 'terms'),
		// each organisation's signature of its Terms, and where each stands on the current version
		signing: {
			version: locals.app.collab.read(workshop.id, 'terms', (doc) => new TermsDoc(doc).current()?.version ?? 0),
			statuses: locals.app.terms.statuses(workshop),
			signatures: locals.app.termsSigning.list(workshop).map(({ agencyId, version, fullName, title, at }) => ({ agencyId, version, fullName, title, at }))
		},
		checklist: termsFor(kit.terms, workshop.rolloutType).checklist.map((i) => ({ id: i.id, title: pickText(i.title, locals.locale), description: pickText(i.description, locals.locale) }))
	};
};
