import { requireBoardPage } from '$lib/server/http/guards';
import { pickText } from '$lib/domain/kit-schema';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { workshop: full, kit } = requireBoardPage(event);
	const { locals } = event;
	const t = (text: Record<string, string>) => pickText(text, locals.locale);
	const options = (list: { id: string; label: Record<string, string> }[]) => list.map((o) => ({ id: o.id, label: t(o.label) }));
	return {
		kit: {
			recipients: options(kit.dpisp.recipients),
			conditions: options(kit.dpisp.sharingConditions),
			channels: options(kit.dpisp.channels),
			sensitivity: kit.dpia.sensitivityClasses.map((s) => ({ id: s.id, label: t(s.label), colour: s.colour })),
			casePatterns: kit.dpisp.caseNumberPatterns
		},
		categories: locals.app.dpisp.categories(full)
	};
};
