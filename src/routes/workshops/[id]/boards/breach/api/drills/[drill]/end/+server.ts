import { json, type RequestHandler } from '@sveltejs/kit';
import { facilitatorCall } from '$lib/server/http/board-api';

export const POST: RequestHandler = (event) => {
	const { workshop, actor } = facilitatorCall(event);
	const result = event.locals.app.breach.endDrill(workshop, event.params.drill ?? '', actor);
	return json(result, { status: result.ok ? 200 : 409 });
};
