import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

/** Public: anyone holding an exported protocol can check it here. The file is not kept. */
export const load: PageServerLoad = ({ locals }) => ({ fingerprint: locals.app.protocol.fingerprint, maxBytes: locals.app.config.maxUploadBytes, maxMegabytes: Math.floor(locals.app.config.maxUploadBytes / (1024 * 1024)) });

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { report: null, problem: 'no-file' });
		if (file.size > locals.app.config.maxUploadBytes) return fail(413, { report: null, problem: 'too_large' });
		const report = await locals.app.protocol.verify(Buffer.from(await file.arrayBuffer()));
		return { report, problem: null, name: file.name };
	}
};
