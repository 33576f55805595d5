import { fail, redirect } from '@sveltejs/kit';
import { invitationProblem } from '$lib/domain/invitation-rules';
import { fieldErrors, invitationInput, memberChangeInput } from '$lib/domain/workshop-input';
import { actorOf, requireFacilitator } from '$lib/server/http/guards';
import { emailInvitation } from '$lib/server/mail/invitation';
import { emailAddress } from '$lib/domain/text';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const { workshop } = requireFacilitator(event);
	const app = event.locals.app;
	const now = Date.now();
	return {
		mailConfigured: app.mailer.configured,
		members: app.workshops.members(workshop.id).map(({ userId, name, email, role, agencyId, isSignatory }) => ({ userId, name, email, role, agencyId, isSignatory })),
		invitations: app.workshops.invitations(workshop.id).map((i) => ({
			id: i.id,
			agencyId: i.agencyId,
			role: i.role,
			isSignatory: i.isSignatory,
			uses: i.uses,
			maxUses: i.maxUses,
			expiresAt: i.expiresAt,
			state: invitationProblem(i, now) ?? 'active'
		}))
	};
};

export const actions: Actions = {
	invite: async (event) => {
		const { user, workshop, member } = requireFacilitator(event);
		const form = await event.request.formData();
		const parsed = invitationInput.safeParse({
			agencyId: form.get('agencyId'),
			role: form.get('role'),
			isSignatory: form.get('isSignatory') === 'on',
			expiresInDays: form.get('expiresInDays'),
			maxUses: form.get('maxUses')
		});
		const to = String(form.get('email') ?? '').trim();
		const address = to ? emailAddress.safeParse(to) : null;
		if (!parsed.success || (address && !address.success)) return fail(400, { inviteErrors: { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(address && !address.success ? { email: 'invalid-email' } : {}) } as Record<string, string> });
		const app = event.locals.app;
		const actor = actorOf(event, user, member);
		const result = app.workshopService.invite(workshop.id, parsed.data, actor);
		if (!result.ok) return fail(400, { inviteErrors: { agencyId: 'agency' } as Record<string, string> });
		const inviteLink = `${app.config.origin}/invite/${result.token}`;
		if (!address || !app.mailer.configured) return { inviteLink };
		const agency = app.workshops.agencies(workshop.id).find((a) => a.id === parsed.data.agencyId);
		const emailed = await emailInvitation(
			app,
			{ workshop, agency: agency ? `${agency.name} (${agency.shortName})` : '', role: parsed.data.role, inviter: user.name, to, url: inviteLink, expiresAt: result.invitation.expiresAt, origin: app.config.origin },
			actor
		);
		return { inviteLink, emailedTo: to, emailed };
	},
	revoke: async (event) => {
		const { user, workshop, member } = requireFacilitator(event);
		const form = await event.request.formData();
		event.locals.app.workshopService.revoke(workshop.id, String(form.get('invitationId') ?? ''), actorOf(event, user, member));
		return { revoked: true };
	},
	update: async (event) => {
		const { user, workshop, member } = requireFacilitator(event);
		const form = await event.request.formData();
		const userId = String(form.get('userId') ?? '');
		const agency = String(form.get('agencyId') ?? '');
		const parsed = memberChangeInput.safeParse({ role: form.get('role'), agencyId: agency || null, isSignatory: form.get('isSignatory') === 'on' });
		if (!parsed.success) return fail(400, { memberProblem: Object.values(fieldErrors(parsed.error))[0], userId });
		const result = event.locals.app.workshopService.changeMember(workshop.id, userId, parsed.data, actorOf(event, user, member));
		if (!result.ok) return fail(400, { memberProblem: result.problem, userId });
		return { updated: userId };
	},
	handOver: async (event) => {
		const { user, workshop, member } = requireFacilitator(event);
		const form = await event.request.formData();
		const userId = String(form.get('userId') ?? '');
		const result = event.locals.app.workshopService.handOver(workshop.id, user.id, userId, actorOf(event, user, member));
		if (!result.ok) return fail(400, { memberProblem: result.problem, userId });
		redirect(303, `/workshops/${workshop.id}`);
	},
	remove: async (event) => {
		const { user, workshop, member } = requireFacilitator(event);
		const form = await event.request.formData();
		const userId = String(form.get('userId') ?? '');
		const result = event.locals.app.workshopService.removeMember(workshop.id, userId, actorOf(event, user, member));
		if (!result.ok) return fail(400, { memberProblem: result.problem, userId });
		return { removed: userId };
	}
};
