import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { lineText, paragraphText } from '$lib/domain/text';
import { pickText } from '$lib/domain/kit-schema';
import { canSign } from '$lib/domain/protocol/signing';
import { outline } from '$lib/server/protocol/document';
import { exportLabels } from '$lib/server/http/export-labels';
import { actorOf, clientAddress, requireFacilitator, requireMember } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { workshop, user, member } = requireMember(event);
	const app = event.locals.app;
	const kit = app.kits.forWorkshop(workshop);
	if (!kit) error(404, 'not-found');
	const status = app.protocol.status(workshop);
	const active = status.active;
	const members = app.workshops.members(workshop.id);
	const frozen = active ? app.protocol.snapshot(workshop, active.version) : null;
	const signing = active ? canSign(active.expected, active.signatures, user.id) : null;
	return {
		status,
		gaps: !active && member.role === 'facilitator' ? app.protocol.gaps(workshop) : [],
		members: members.map((m) => ({ userId: m.userId, name: m.name, agencyId: m.agencyId, role: m.role })),
		document: frozen ? outline(frozen.snapshot, frozen.freeze.digest, [], exportLabels(workshop.language), app.protocol.fingerprint) : null,
		signing,
		attestations: kit.signing.attestations.map((a) => ({ id: a.id, text: pickText(a.text, event.locals.locale) })),
		nextVersion: (status.history.at(-1)?.version ?? 0) + 1
	};
};

const signInput = z.object({
	title: lineText(2, 200),
	password: z.string().min(1).max(1024)
});
const declineInput = z.object({
	title: lineText(0, 200),
	reason: paragraphText(1, 2000),
	password: z.string().min(1).max(1024)
});

export const actions: Actions = {
	freeze: async (event) => {
		const { workshop, user, member } = requireFacilitator(event);
		const form = await event.request.formData();
		const approvers = form.getAll('approvers').map(String);
		const result = event.locals.app.protocol.freeze(workshop, approvers, actorOf(event, user, member));
		if (!result.ok) return fail(409, { freezeProblem: 'gaps' in result ? 'gaps' : result.problem });
		return { frozen: result.freeze.version };
	},
	reopen: async (event) => {
		const { workshop, user, member } = requireFacilitator(event);
		const form = await event.request.formData();
		const reason = String(form.get('reason') ?? '').trim();
		if (!reason || form.get('confirm') !== 'on') return fail(400, { reopenProblem: 'confirm' });
		const version = event.locals.app.protocol.status(workshop).active?.version;
		event.locals.app.protocol.reopen(workshop, reason.slice(0, 2000), actorOf(event, user, member));
		return { reopened: version };
	},
	sign: async (event) => {
		const { workshop, user, member } = requireMember(event);
		const form = await event.request.formData();
		const parsed = signInput.safeParse({ title: form.get('title'), password: form.get('password') });
		if (!parsed.success) return fail(400, { signProblem: 'fields' });
		const result = await event.locals.app.protocol.sign(
			workshop,
			user.id,
			{ ...parsed.data, attestations: form.getAll('attestations').map(String), address: clientAddress(event), userAgent: event.request.headers.get('user-agent') },
			actorOf(event, user, member)
		);
		if (!result.ok) return fail(400, { signProblem: result.problem });
		return { signed: true };
	},
	decline: async (event) => {
		const { workshop, user, member } = requireMember(event);
		const form = await event.request.formData();
		const parsed = declineInput.safeParse({ title: form.get('title') ?? '', reason: form.get('reason'), password: form.get('password') });
		if (!parsed.success) return fail(400, { signProblem: 'fields' });
		const result = await event.locals.app.protocol.decline(
			workshop,
			user.id,
			{ ...parsed.data, address: clientAddress(event), userAgent: event.request.headers.get('user-agent') },
			actorOf(event, user, member)
		);
		if (!result.ok) return fail(400, { signProblem: result.problem });
		return { declined: true };
	}
};
