import { error, json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { paragraphText, wellFormed } from '../../domain/text';
import type { DpiaResult } from '../dpia';
import { actorOf, requireFacilitator, requireMember, requireSameOrigin } from './guards';

/** Shared parsing and answers of the boards' JSON endpoints (the routes stay one-liners). */
type Event = Pick<RequestEvent, 'request' | 'locals' | 'params' | 'url' | 'getClientAddress'>;

export async function readJson<T>(event: Event, schema: z.ZodType<T>): Promise<T> {
	let body: unknown;
	try {
		// JSON can carry lone surrogates ("\ud800"); text past this point is well-formed Unicode
		body = wellFormed(await event.request.json());
	} catch {
		error(400, 'the body must be JSON');
	}
	const parsed = schema.safeParse(body);
	if (!parsed.success) error(400, `invalid request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
	return parsed.data;
}

const FORBIDDEN: readonly string[] = ['not-eligible', 'not-a-participant', 'other-agency'];

export function answer(result: DpiaResult<object>): Response {
	return result.ok ? json(result) : json(result, { status: FORBIDDEN.includes(result.problem) ? 403 : result.problem === 'no-reason' ? 400 : 409 });
}

export function facilitatorCall(event: Event) {
	requireSameOrigin(event);
	const found = requireFacilitator(event);
	return { ...found, actor: actorOf(event, found.user, found.member) };
}

export function memberCall(event: Event) {
	requireSameOrigin(event);
	const found = requireMember(event);
	return { ...found, actor: actorOf(event, found.user, found.member) };
}

export const acceptanceInput = z.object({ reason: paragraphText(1, 4000) });
export const roundInput = z.object({ riskIds: z.array(z.string().min(1).max(100)).min(1).max(200) });
export const ratingsInput = z.object({
	ratings: z
		.array(
			z.object({
				riskId: z.string().min(1).max(100),
				severity: z.number().int().min(1).max(5),
				likelihood: z.number().int().min(1).max(5),
				note: z.string().max(500).default('')
			})
		)
		.min(1)
		.max(200)
});
