import { error } from '@sveltejs/kit';
import { pickText } from '$lib/domain/kit-schema';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals }) => {
	const { workshop } = await parent();
	const full = locals.app.workshops.get(workshop.id);
	const kit = full ? locals.app.kits.get(full.kitId) : null;
	if (!full || !kit) error(404, 'not-found');
	locals.app.dpia.ensureSeeded(full);
	locals.app.dpisp.ensureSeeded(full);
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
