import { error, fail } from '@sveltejs/kit';
import { pickText, termsFor } from '$lib/domain/kit-schema';
import { canCreateWorkshops } from '$lib/domain/roles';
import { PARAMETER_BOUNDS, PARAMETER_KEYS, allTermsItems } from '$lib/domain/kit-tailoring';
import { kitParameterNames, preReadLabels } from '$lib/server/http/export-labels';
import { emailPreRead } from '$lib/server/mail/invitation';
import { actorOf, requireMember } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { workshop } = requireMember(event);
	const app = event.locals.app;
	const standard = app.kits.standardFor(workshop);
	const kit = app.kits.forWorkshop(workshop);
	if (!standard || !kit) error(404, 'not-found');
	const lang = event.locals.locale;
	const names = kitParameterNames(lang);
	const inWorkshop = new Set(kit.dpia.risks.map((r) => r.id));
	const title = (kind: 'risk' | 'item', id: string) => {
		const found = kind === 'risk' ? standard.dpia.risks.find((r) => r.id === id) : allTermsItems(standard).find((i) => i.id === id);
		return found ? pickText(found.title, lang) : id;
	};
	const itemsInWorkshop = new Set(termsFor(kit.terms, workshop.rolloutType).checklist.map((i) => i.id));
	return {
		kitName: pickText(standard.manifest.name, lang),
		kitVersion: standard.manifest.version,
		mailConfigured: app.mailer.configured,
		canSaveKit: canCreateWorkshops(event.locals.user!.role),
		frozen: app.boards.isFrozen(workshop.id, 'dpisp'),
		parameters: PARAMETER_KEYS.map((key) => ({ key, name: names[key], value: kit.dpisp.parameters[key], standard: standard.dpisp.parameters[key], ...PARAMETER_BOUNDS[key] })),
		catalogue: standard.dpia.risks.map((r) => ({ id: r.id, title: pickText(r.title, lang), group: pickText(standard.dpia.riskGroups.find((g) => g.id === r.group)?.label ?? {}, lang), in: inWorkshop.has(r.id) })),
		custom: app.tailoring.differences(workshop).flatMap((d) => (d.kind === 'risk-added' ? [{ id: d.riskId, title: d.title }] : [])),
		termsItems: termsFor(standard.terms, workshop.rolloutType).checklist.map((i) => ({ id: i.id, title: pickText(i.title, lang), group: '', in: itemsInWorkshop.has(i.id) })),
		customItems: app.tailoring.differences(workshop).flatMap((d) => (d.kind === 'terms-item-added' ? [{ id: d.itemId, title: d.title }] : [])),
		groups: standard.dpia.riskGroups.map((g) => ({ id: g.id, label: pickText(g.label, lang) })),
		fearedEvents: standard.dpia.fearedEvents.map((f) => ({ id: f.id, label: pickText(f.label, lang) })),
		differences: app.tailoring.differences(workshop).map((d) => ({
			...d,
			what:
				d.kind === 'parameter'
					? { name: names[d.key], from: d.from, to: d.to }
					: d.kind === 'risk-added' || d.kind === 'terms-item-added'
						? { risk: d.title }
						: { risk: d.kind === 'risk-removed' ? title('risk', d.riskId) : title('item', d.itemId) }
		}))
	};
};

export const actions: Actions = {
	/** Saves the tailored kit as a new one in the kits folder: a workshop facilitator who may also create workshops on this instance. */
	saveKit: async (event) => {
		const { workshop, user, member } = requireMember(event);
		if (!canCreateWorkshops(user.role)) return fail(403, { problem: 'forbidden', type: 'save' });
		const form = await event.request.formData();
		const input = { id: String(form.get('kitId') ?? ''), name: String(form.get('kitName') ?? ''), note: String(form.get('kitNote') ?? '') };
		const result = event.locals.app.tailoring.saveAsKit(workshop, member, input, actorOf(event, user, member));
		if (!result.ok) return fail(result.problem === 'forbidden' ? 403 : 400, { problem: result.problem, type: 'save' });
		return { savedKit: result.id };
	},
	/** The facilitator e-mails the pre-read pack, PDF attached, to every member of the workshop. */
	sendPack: async (event) => {
		const { workshop, user, member } = requireMember(event);
		const app = event.locals.app;
		if (member.role !== 'facilitator') return fail(403, { problem: 'forbidden', type: 'pack' });
		if (!app.mailer.configured) return fail(409, { problem: 'no-mail', type: 'pack' });
		const pdf = await app.preRead.file(workshop, 'pdf', preReadLabels(workshop.language));
		if (!pdf) error(404, 'not-found');
		const members = app.workshops.members(workshop.id).map((x) => ({ name: x.name, email: x.email }));
		const result = await emailPreRead(app, { workshop, members, pdf, origin: app.config.origin }, actorOf(event, user, member));
		return { packSent: result };
	},
	change: async (event) => {
		const { workshop, user, member } = requireMember(event);
		const form = await event.request.formData();
		const input = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')) as Record<string, string>;
		const result = event.locals.app.tailoring.record(workshop, member, input, actorOf(event, user, member));
		if (!result.ok) return fail(result.problem === 'forbidden' ? 403 : result.problem === 'frozen' ? 409 : 400, { problem: result.problem, type: input.type ?? '' });
		return { saved: input.type ?? '', clausesUpdated: result.clausesUpdated };
	}
};
