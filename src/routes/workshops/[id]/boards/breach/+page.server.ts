import { requireBoardPage } from '$lib/server/http/guards';
import { pickText } from '$lib/domain/kit-schema';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { workshop: full, kit } = requireBoardPage(event);
	const { locals } = event;
	const t = (text: Record<string, string>, lang = locals.locale) => pickText(text, lang);
	const options = (list: { id: string; label: Record<string, string> }[], lang?: string) => list.map((o) => ({ id: o.id, label: t(o.label, lang) }));
	const b = kit.breach;
	return {
		kit: {
			roles: options(b.roles),
			channels: options(b.channels),
			triggers: b.triggers.map((x) => ({ id: x.id, label: t(x.label), kind: x.kind })),
			dpcLevels: b.dpcLevels.map((d) => ({ level: d.level, label: t(d.label) })),
			auditViewerRoles: options(b.auditViewerRoles),
			auditPurposes: options(b.auditPurposes),
			scenarios: b.scenarios.map((s) => ({ id: s.id, title: t(s.title), description: t(s.description), severityClass: s.severityClass }))
		},
		decision: {
			template: t(b.auditDecisionTemplate, full.language),
			locale: full.language,
			viewers: options(b.auditViewerRoles, full.language),
			purposes: options(b.auditPurposes, full.language)
		},
		serverNow: Date.now()
	};
};
