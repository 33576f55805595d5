import { json, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { facilitatorCall, readJson } from '$lib/server/http/board-api';

/** The facilitator records (or withdraws) that the system goes live before the Terms are signed. */
export const POST: RequestHandler = async (event) => {
	const { workshop, actor } = facilitatorCall(event);
	const { on } = await readJson(event, z.object({ on: z.boolean() }));
	event.locals.app.terms.setRapidOnset(workshop, on, actor);
	return json({ ok: true });
};
