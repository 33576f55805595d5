import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

const MAX_BYTES = 25 * 1024 * 1024;

/** Public: anyone holding an exported protocol can check it here. The file is not kept. */
export const load: PageServerLoad = ({ locals }) => ({ fingerprint: locals.app.protocol.fingerprint });

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { report: null, problem: 'no-file' });
		if (file.size > MAX_BYTES) return fail(413, { report: null, problem: 'too_large' });
		const report = await locals.app.protocol.verify(Buffer.from(await file.arrayBuffer()));
		return { report, problem: null, name: file.name };
	}
};
