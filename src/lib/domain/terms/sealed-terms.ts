import { z } from 'zod';

/**
 * accord.terms/1: the sealed record of one organisation's signature of one version of its Terms of
 * Use, attached inside the sealed Terms PDF as the protocol's export is inside its own. `digest` is
 * the SHA-256 of `text`; `seal` is the instance's RSA-SHA256 signature of the canonical JSON of
 * everything else, as for accord.export/1.
 */
const text = z.string().max(200_000);
export const sealedTermsSchema = z.strictObject({
	format: z.literal('accord.terms/1'),
	workshop: z.strictObject({ id: z.string().max(100), title: text, context: text, date: text }),
	agency: z.strictObject({ id: z.string().max(100), name: text, shortName: text }),
	version: z.int().min(1),
	text,
	digest: z.string().regex(/^[0-9a-f]{64}$/),
	signature: z.strictObject({ fullName: text, email: text, title: text, at: z.iso.datetime({ offset: true }), authMethod: text }),
	exportedAt: z.iso.datetime({ offset: true }),
	seal: z.strictObject({ algorithm: z.literal('RSA-SHA256'), fingerprint: z.string().regex(/^[0-9a-f]{64}$/), certificate: z.string().max(20_000), signature: z.string().max(2_000) })
});
export type TermsSealed = z.infer<typeof sealedTermsSchema>;
