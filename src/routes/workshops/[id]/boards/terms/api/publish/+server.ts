import { json, type RequestHandler } from '@sveltejs/kit';
import { facilitatorCall } from '$lib/server/http/board-api';

/** The facilitator publishes the draft as a new version of the Terms. */
export const POST: RequestHandler = (event) => {
	const { workshop, actor } = facilitatorCall(event);
	const result = event.locals.app.terms.publish(workshop, actor);
	return result.ok ? json(result) : json(result, { status: 409 });
};
