import type { RequestHandler } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { actorOf, requireMember } from '$lib/server/http/guards';

/** The action plan as CSV (UTF-8 with BOM, CRLF) that Excel and LibreOffice open cleanly. */
export const GET: RequestHandler = (event) => {
	const { workshop, user, member } = requireMember(event);
	const app = event.locals.app;
	const kit = app.kits.forWorkshop(workshop);
	const agencies = new Map(app.workshops.agencies(workshop.id).map((a) => [a.id, a.shortName]));
	const statuses: Record<string, () => string> = { planned: m.measure_status_planned, 'in-progress': m.measure_status_in_progress, done: m.measure_status_done };
	const csv = app.dpia.actionPlanCsv(
		workshop,
		{
			header: [m.plan_col_risk(), m.plan_col_priority(), m.plan_col_measure(), m.plan_col_owner(), m.plan_col_due(), m.plan_col_status()],
			band: (id) => {
				const band = kit?.scales.priority.bands.find((b) => b.id === id);
				return band ? (band.name[event.locals.locale] ?? band.name.en ?? id ?? '') : m.rating_unset();
			},
			status: (id) => statuses[id]?.() ?? id,
			agency: (id) => agencies.get(id) ?? ''
		},
		actorOf(event, user, member)
	);
	const name = `action-plan-${workshop.date}.csv`;
	return new Response(csv, {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' }
	});
};
