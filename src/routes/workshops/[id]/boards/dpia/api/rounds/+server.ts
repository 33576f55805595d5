import type { RequestHandler } from '@sveltejs/kit';
import { answer, facilitatorCall, readJson, roundInput } from '$lib/server/http/board-api';

/** The facilitator opens a silent scoring round on some risks. */
export const POST: RequestHandler = async (event) => {
	const { workshop, actor } = facilitatorCall(event);
	const { riskIds } = await readJson(event, roundInput);
	return answer(event.locals.app.dpia.openRound(workshop, riskIds, actor));
};
