import { json, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { facilitatorCall, readJson } from '$lib/server/http/board-api';

/** The facilitator starts a tabletop drill; the server's clock times it. */
export const POST: RequestHandler = async (event) => {
	const { workshop, actor } = facilitatorCall(event);
	const { scenarioId, speed } = await readJson(event, z.object({ scenarioId: z.string().min(1).max(100), speed: z.number().int().min(1).max(3600) }));
	const result = event.locals.app.breach.startDrill(workshop, scenarioId, speed, actor);
	return json(result, { status: result.ok ? 201 : 409 });
};
