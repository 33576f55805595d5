import { z } from 'zod';
import { FOLLOW_UP_STATUSES } from './plan';

/**
 * accord.followup/1: the sealed report of the action plan's state at a date, after the protocol
 * was signed. It cites the signed protocol by its version and digest and changes nothing in it;
 * `seal` is the instance's RSA-SHA256 signature of the canonical JSON of everything else, as for
 * accord.export/1 and accord.terms/1, and the report travels inside a sealed PDF the same way.
 */
const text = z.string().max(200_000);
const at = z.iso.datetime({ offset: true });
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
export const FOLLOW_UP_FORMAT = 'accord.followup/1';

export const sealedFollowUpSchema = z.strictObject({
	format: z.literal(FOLLOW_UP_FORMAT),
	workshop: z.strictObject({ id: z.string().max(100), title: text, context: text, date: text }),
	protocol: z.strictObject({ version: z.int().min(1), digest: hex64 }),
	/** The day whose end the plan is reported at (YYYY-MM-DD, UTC). */
	asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
	measures: z
		.array(
			z.strictObject({
				id: z.string().max(100),
				risk: text,
				text,
				owner: text,
				due: text,
				status: z.enum(FOLLOW_UP_STATUSES),
				reason: text,
				evidence: z
					.array(
						z.strictObject({
							kind: z.enum(['note', 'link', 'file']),
							text,
							url: text.optional(),
							sha256: hex64.optional(),
							bytes: z.int().min(0).optional(),
							by: text,
							at
						})
					)
					.max(10_000),
				updatedBy: text.nullable(),
				updatedAt: at.nullable()
			})
		)
		.max(10_000),
	exportedAt: at,
	seal: z.strictObject({ algorithm: z.literal('RSA-SHA256'), fingerprint: hex64, certificate: z.string().max(20_000), signature: z.string().max(2_000) })
});
export type FollowUpSealed = z.infer<typeof sealedFollowUpSchema>;
