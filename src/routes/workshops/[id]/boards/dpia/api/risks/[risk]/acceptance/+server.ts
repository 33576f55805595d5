import type { RequestHandler } from '@sveltejs/kit';
import { acceptanceInput, answer, memberCall, readJson } from '$lib/server/http/board-api';

/** An agency's participant accepts a residual risk for their agency; the server records who and when. */
export const POST: RequestHandler = async (event) => {
	const { workshop, member, actor } = memberCall(event);
	const { reason } = await readJson(event, acceptanceInput);
	return answer(event.locals.app.dpia.accept(workshop, event.params.risk ?? '', reason, member, actor));
};

/** The accepting agency withdraws its acceptance. */
export const DELETE: RequestHandler = (event) => {
	const { workshop, member, actor } = memberCall(event);
	return answer(event.locals.app.dpia.withdrawAcceptance(workshop, event.params.risk ?? '', member, actor));
};
