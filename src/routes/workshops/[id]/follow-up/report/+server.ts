import { error, type RequestHandler } from '@sveltejs/kit';
import { followUpLabels } from '$lib/server/http/export-labels';
import { actorOf, requireMember } from '$lib/server/http/guards';

/** The sealed follow-up report at the end of `asOf`, as PDF or JSON; every one is recorded in the audit log. */
export const GET: RequestHandler = async (event) => {
	const { workshop, user, member } = requireMember(event);
	const format = event.url.searchParams.get('format');
	if (format !== 'pdf' && format !== 'json') error(400, 'format must be pdf or json');
	const asOf = event.url.searchParams.get('asOf') ?? '';
	const app = event.locals.app;
	const result = await app.followUp.report(workshop, asOf, format, followUpLabels(workshop.language), app.followUp.ownerLabel(workshop), actorOf(event, user, member));
	if (!result.ok) {
		if (result.problem === 'too-many') error(429, 'too many reports in a minute: try again shortly');
		if (result.problem === 'bad-date') error(400, 'asOf must be a day (YYYY-MM-DD) between the signing and today');
		error(404, 'not-found');
	}
	return new Response(Buffer.from(result.body), { headers: { 'content-type': result.type, 'content-disposition': `attachment; filename="${result.name}"`, 'cache-control': 'no-store' } });
};
