import { json, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { clientAddress } from '$lib/server/http/guards';
import { memberCall, readJson } from '$lib/server/http/board-api';

/** An organisation's signatory signs the current version of its Terms, re-entering their password. */
export const POST: RequestHandler = async (event) => {
	const { workshop, user, actor } = memberCall(event);
	const input = await readJson(event, z.object({ title: z.string().max(200), password: z.string().min(1).max(1000), version: z.int().min(1) }));
	const result = await event.locals.app.termsSigning.sign(workshop, user.id, { ...input, address: clientAddress(event), userAgent: event.request.headers.get('user-agent') }, actor);
	return json(result, { status: result.ok ? 200 : result.problem === 'throttled' ? 429 : 409 });
};
