import { error, type RequestHandler } from '@sveltejs/kit';
import { requireMember } from '$lib/server/http/guards';

/**
 * An evidence file, to members of the workshop only. Always a download of opaque bytes: a file
 * someone uploaded is never rendered by the browser on Accord's origin (no stored scripts).
 */
export const GET: RequestHandler = (event) => {
	const { workshop } = requireMember(event);
	const file = event.locals.app.followUp.file(workshop, event.params.file ?? '');
	if (!file) error(404, 'not-found');
	return new Response(Buffer.from(file.body), {
		headers: {
			'content-type': 'application/octet-stream',
			'content-disposition': `attachment; filename="${file.name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'; sandbox",
			'cache-control': 'no-store'
		}
	});
};
