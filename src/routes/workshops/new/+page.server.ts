import { error, fail, redirect } from '@sveltejs/kit';
import { pickText } from '$lib/domain/kit-schema';
import { canCreateWorkshops } from '$lib/domain/roles';
import { fieldErrors, workshopInput } from '$lib/domain/workshop-input';
import { actorOf, requireUser } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	if (!canCreateWorkshops(user.role)) error(403, 'forbidden');
	return {
		kits: event.locals.app.kits.list().map((k) => ({ id: k.manifest.id, name: pickText(k.manifest.name, event.locals.locale), version: k.manifest.version, languages: k.manifest.languages }))
	};
};

/** Agencies arrive as agencies[0][name], agencies[0][shortName], ... */
function readAgencies(form: FormData): { name: string; shortName: string; colour: string }[] {
	const rows = new Map<number, Record<string, string>>();
	for (const [key, value] of form) {
		const match = /^agencies\[(\d{1,2})\]\[(name|shortName|colour)\]$/.exec(key);
		if (!match) continue;
		const row = rows.get(Number(match[1])) ?? {};
		row[match[2]] = String(value);
		rows.set(Number(match[1]), row);
	}
	return [...rows.entries()]
		.sort(([a], [b]) => a - b)
		.map(([, r]) => ({ name: r.name ?? '', shortName: r.shortName ?? '', colour: r.colour ?? '' }))
		.filter((r) => r.name.trim() || r.shortName.trim());
}

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		if (!canCreateWorkshops(user.role)) error(403, 'forbidden');
		const form = await event.request.formData();
		const values = {
			title: String(form.get('title') ?? ''),
			context: String(form.get('context') ?? ''),
			date: String(form.get('date') ?? ''),
			rolloutType: String(form.get('rolloutType') ?? ''),
			kitId: String(form.get('kitId') ?? ''),
			language: String(form.get('language') ?? ''),
			agencies: readAgencies(form)
		};
		const parsed = workshopInput.safeParse(values);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.error) });
		const result = event.locals.app.workshopService.create(parsed.data, user, actorOf(event, user));
		if (!result.ok) return fail(400, { values, errors: (result.problem === 'language' ? { language: 'language' } : { kitId: 'kit' }) as Record<string, string> });
		redirect(303, `/workshops/${result.workshop.id}`);
	}
};
