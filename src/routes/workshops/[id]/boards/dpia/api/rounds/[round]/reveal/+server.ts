import type { RequestHandler } from '@sveltejs/kit';
import { answer, facilitatorCall } from '$lib/server/http/board-api';

/** The facilitator reveals a round: every rating reaches every browser in one update. */
export const POST: RequestHandler = (event) => {
	const { workshop, actor } = facilitatorCall(event);
	return answer(event.locals.app.dpia.reveal(workshop, event.params.round ?? '', actor));
};
