import type { RequestHandler } from '@sveltejs/kit';
import { answer, facilitatorCall } from '$lib/server/http/board-api';

/** The facilitator cancels a round; its private ratings are discarded unseen. */
export const POST: RequestHandler = (event) => {
	const { workshop, actor } = facilitatorCall(event);
	return answer(event.locals.app.dpia.cancel(workshop, event.params.round ?? '', actor));
};
