import { z } from 'zod';
import { lineText, paragraphText } from '../text';
import type { BallotProblem } from './votes';

const id = z.string().min(1).max(100);

/** What the facilitation endpoint accepts; anything else is a 400 with the reason. */
export const facilitationInput = z.discriminatedUnion('action', [
	z.object({
		action: z.literal('timer'),
		timer: z.discriminatedUnion('kind', [
			z.object({ kind: z.literal('start'), itemId: id }),
			z.object({ kind: z.literal('pause') }),
			z.object({ kind: z.literal('resume') }),
			z.object({ kind: z.literal('extend'), minutes: z.number().int().min(-60).max(120) }),
			z.object({ kind: z.literal('skip') }),
			z.object({ kind: z.literal('stop') })
		])
	}),
	z.object({ action: z.literal('lock'), board: z.enum(['dpia', 'dpisp', 'terms', 'breach']), item: id.nullable(), locked: z.boolean() }),
	z.object({
		action: z.literal('open-vote'),
		vote: z.object({
			question: lineText(1, 500),
			options: z.array(z.object({ id, label: lineText(1, 300) })).min(2).max(60),
			perPerson: z.number().int().min(1).max(20),
			minutes: z.number().int().min(0).max(240)
		})
	}),
	z.object({ action: z.literal('ballot'), voteId: id, allocations: z.record(z.string().max(100), z.number().int().min(0).max(20)) }),
	z.object({ action: z.literal('close-vote'), voteId: id }),
	z.object({ action: z.literal('decision'), text: paragraphText(1, 2000), board: z.string().max(50).default('general') })
]);

export type FacilitationInput = z.infer<typeof facilitationInput>;

/** Why the server refuses a facilitation action (shown to people in words by the client). */
export type FacilitationProblem = 'unknown-item' | 'not-running' | 'unknown-board' | 'unknown-vote' | 'vote-closed' | 'frozen' | BallotProblem;
