import { error, type RequestHandler } from '@sveltejs/kit';
import type { ExportFormat } from '$lib/server/protocol/protocol-service';
import { exportLabels } from '$lib/server/http/export-labels';
import { actorOf, requireMember } from '$lib/server/http/guards';

const FORMATS: ExportFormat[] = ['pdf', 'docx', 'md', 'json', 'csv', 'zip'];

/** A frozen version in one format; every export is recorded in the audit log. */
export const GET: RequestHandler = async (event) => {
	const { workshop, user, member } = requireMember(event);
	const format = event.params.format as ExportFormat;
	const version = Number(event.params.version);
	if (!FORMATS.includes(format) || !Number.isInteger(version)) error(404, 'not-found');
	const result = await event.locals.app.protocol.export(workshop, version, format, exportLabels(workshop.language), actorOf(event, user, member));
	if (!result.ok) error(result.problem === 'too-many' ? 429 : 404, result.problem === 'too-many' ? 'too many exports in a minute: try again shortly' : 'not-found');
	const file = result.file;
	return new Response(Buffer.from(file.body), { headers: { 'content-type': file.type, 'content-disposition': `attachment; filename="${file.name}"`, 'cache-control': 'no-store' } });
};
