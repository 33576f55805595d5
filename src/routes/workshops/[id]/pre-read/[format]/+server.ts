import { error, type RequestHandler } from '@sveltejs/kit';
import { preReadLabels } from '$lib/server/http/export-labels';
import { requireMember } from '$lib/server/http/guards';

/** The pre-read pack as PDF or DOCX, in the workshop's language, for the workshop's members. */
export const GET: RequestHandler = async (event) => {
	const { workshop } = requireMember(event);
	const format = event.params.format;
	if (format !== 'pdf' && format !== 'docx') error(404, 'not-found');
	const file = await event.locals.app.preRead.file(workshop, format, preReadLabels(workshop.language));
	if (!file) error(404, 'not-found');
	return new Response(Buffer.from(file.body), { headers: { 'content-type': file.type, 'content-disposition': `attachment; filename="${file.name}"`, 'cache-control': 'no-store' } });
};
