import { json, type RequestHandler } from '@sveltejs/kit';
import { answer, memberCall, ratingsInput, readJson } from '$lib/server/http/board-api';
import { requireMember } from '$lib/server/http/guards';

/** A participant submits (or changes) their private ratings. */
export const POST: RequestHandler = async (event) => {
	const { workshop, member, actor } = memberCall(event);
	const { ratings } = await readJson(event, ratingsInput);
	return answer(event.locals.app.dpia.submitRatings(workshop, event.params.round ?? '', member, ratings, actor));
};

/** A participant's own ratings in an open round, and nobody else's. */
export const GET: RequestHandler = (event) => {
	const { workshop, user } = requireMember(event);
	return json({ ratings: event.locals.app.dpia.ownRatings(workshop, event.params.round ?? '', user.id) });
};
