import { error, json, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { DRILL_OUTCOMES } from '$lib/domain/breach/drill';
import { canEditBoards } from '$lib/domain/roles';
import { memberCall, readJson } from '$lib/server/http/board-api';

/** A step of the running drill is done, now (by the server's clock), by the account calling; a decision step says what was decided. */
export const POST: RequestHandler = async (event) => {
	const { workshop, member, actor } = memberCall(event);
	if (!canEditBoards(member.role)) error(403, 'forbidden');
	const mark = await readJson(
		event,
		z.object({ stepId: z.string().min(1).max(100), note: z.string().max(1000).default(''), outcome: z.enum(DRILL_OUTCOMES).default(''), safetyChecked: z.boolean().default(false) })
	);
	const result = event.locals.app.breach.markStep(workshop, event.params.drill ?? '', mark, actor);
	return json(result, { status: result.ok ? 200 : 409 });
};
