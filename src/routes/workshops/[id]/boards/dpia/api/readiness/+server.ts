import { json, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { facilitatorCall, readJson } from '$lib/server/http/board-api';

/** The facilitator marks the DPIA ready for sign-off (refused, with what is missing, until it is), or reopens it. */
export const POST: RequestHandler = async (event) => {
	const { workshop, actor } = facilitatorCall(event);
	const { ready } = await readJson(event, z.object({ ready: z.boolean() }));
	const result = event.locals.app.dpia.setReady(workshop, ready, actor);
	return json(result, { status: result.ok ? 200 : 409 });
};
