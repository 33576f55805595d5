import { z } from 'zod';
import { ROLLOUT_TYPES } from './boards';
import { lineText } from './text';
import { INVITABLE_ROLES, WORKSHOP_ROLES } from './roles';
import { INVITE_MAX_DAYS, INVITE_MAX_USES } from './invitation-rules';

/** Shapes of what people submit when they set up a workshop. Messages are keys into the catalogue. */
export const agencyInput = z.object({
	name: lineText(2, 120, 'agency-name'),
	shortName: lineText(1, 16, 'agency-short-name'),
	colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'agency-colour')
});

export const workshopInput = z
	.object({
		title: lineText(3, 160, 'title'),
		context: lineText(2, 160, 'context'),
		date: z.iso.date('date'),
		rolloutType: z.enum(ROLLOUT_TYPES, 'rollout-type'),
		kitId: z.string().min(1, 'kit'),
		// a language code; which ones a workshop may use is the kit's to say (its manifest's `languages`)
		language: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'language'),
		agencies: z.array(agencyInput).min(1, 'agencies').max(30, 'agencies')
	})
	.superRefine((w, ctx) => {
		const names = w.agencies.map((a) => a.shortName.toLowerCase());
		names.forEach((n, i) => {
			if (names.indexOf(n) !== i) ctx.addIssue({ code: 'custom', message: 'agency-duplicate', path: ['agencies', i, 'shortName'] });
		});
	});
export type WorkshopInput = z.infer<typeof workshopInput>;

export const invitationInput = z
	.object({
		agencyId: z.string().min(1, 'agency'),
		role: z.enum(INVITABLE_ROLES, 'role'),
		isSignatory: z.boolean(),
		expiresInDays: z.coerce.number().int('expiry').min(1, 'expiry').max(INVITE_MAX_DAYS, 'expiry'),
		maxUses: z.coerce.number().int('uses').min(1, 'uses').max(INVITE_MAX_USES, 'uses')
	})
	.refine((i) => !i.isSignatory || i.role === 'participant', { message: 'signatory-role', path: ['isSignatory'] });
export type InvitationInput = z.infer<typeof invitationInput>;

export const memberChangeInput = z
	.object({
		role: z.enum(WORKSHOP_ROLES, 'role'),
		agencyId: z.string().nullable(),
		isSignatory: z.boolean()
	})
	.refine((m) => !m.isSignatory || (m.role === 'participant' && m.agencyId !== null), { message: 'signatory-role', path: ['isSignatory'] });
export type MemberChange = z.infer<typeof memberChangeInput>;

/** The first error message key per field, e.g. { title: 'title', 'agencies.1.colour': 'agency-colour' }. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
	const out: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = issue.path.join('.') || '_';
		out[key] ??= issue.message;
	}
	return out;
}
