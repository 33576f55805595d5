import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { facilitatorCall, readJson } from '$lib/server/http/board-api';
import { requireFacilitator } from '$lib/server/http/guards';
import type { RequestHandler } from './$types';

/** A board's restore points, and restoring one: facilitators only (the `kitBoard` matcher answers 404 for any other board). */

export const GET: RequestHandler = (event) => {
	const { workshop } = requireFacilitator(event);
	const points = event.locals.app.history.points(workshop, event.params.board);
	return json({ points: points.map(({ id, createdAt, reason, createdBy, bytes }) => ({ id, createdAt, reason, createdBy, bytes })) });
};

const input = z.discriminatedUnion('action', [z.object({ action: z.literal('save') }), z.object({ action: z.literal('restore'), point: z.string().min(1).max(64) })]);

export const POST: RequestHandler = async (event) => {
	const { workshop, user, actor } = facilitatorCall(event);
	const board = event.params.board;
	const body = await readJson(event, input);
	const named = { ...actor, label: actor.label ?? user.email };
	if (body.action === 'save') return json({ ok: true, point: event.locals.app.history.save(workshop, board, named, user.name).id }, { status: 201 });
	const result = event.locals.app.history.restore(workshop, board, body.point, named, user.name);
	return json(result, { status: result.ok ? 200 : result.problem === 'unknown-point' ? 404 : 409 });
};
