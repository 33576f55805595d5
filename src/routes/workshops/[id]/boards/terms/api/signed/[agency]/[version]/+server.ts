import { error, type RequestHandler } from '@sveltejs/kit';
import { requireMember } from '$lib/server/http/guards';
import { termsPdfLabels } from '$lib/server/http/export-labels';

/** The sealed PDF of an organisation's signed Terms, for any member of the workshop. */
export const GET: RequestHandler = async (event) => {
	const { workshop } = requireMember(event);
	const version = Number(event.params.version);
	if (!Number.isInteger(version) || version < 1) error(404, 'not found');
	const file = await event.locals.app.termsSigning.sealedPdf(workshop, event.params.agency ?? '', version, termsPdfLabels(workshop.language));
	if (!file) error(404, 'not found');
	return new Response(Buffer.from(file.body), { headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${file.name}"` } });
};
