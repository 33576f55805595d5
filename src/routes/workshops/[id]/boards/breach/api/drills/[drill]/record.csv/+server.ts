import { error, type RequestHandler } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { pickText } from '$lib/domain/kit-schema';
import { drillStateLabel } from '$lib/messages/breach-labels';
import { actorOf, requireMember } from '$lib/server/http/guards';

/** The record of a drill: each step, its deadline, when it was done and by whom. */
export const GET: RequestHandler = (event) => {
	const { workshop, user, member } = requireMember(event);
	const kit = event.locals.app.kits.forWorkshop(workshop);
	const csv = event.locals.app.breach.drillCsv(
		workshop,
		event.params.drill ?? '',
		{
			header: [m.step_order(), m.step_role(), m.step_action(), m.drill_col_due(), m.drill_col_done(), m.guard_col_by(), m.drill_col_state(), m.comment_add()],
			state: (s) => drillStateLabel(s as Parameters<typeof drillStateLabel>[0]),
			role: (id) => pickText(kit?.breach.roles.find((r) => r.id === id)?.label ?? { en: id }, event.locals.locale)
		},
		actorOf(event, user, member)
	);
	if (!csv) error(404, 'not-found');
	return new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="drill-${event.params.drill}.csv"`, 'cache-control': 'no-store' } });
};
