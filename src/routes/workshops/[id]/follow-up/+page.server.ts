import { fail } from '@sveltejs/kit';
import { EVIDENCE_MAX_BYTES, mayAssign, mayUpdate, parseChange, reminders, type Viewer } from '$lib/domain/follow-up/plan';
import { actorOf, requireMember } from '$lib/server/http/guards';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const viewerOf = (member: { userId: string; role: Viewer['role']; agencyId: string | null }): Viewer => ({ userId: member.userId, role: member.role, agencyId: member.agencyId });
const today = () => new Date().toISOString().slice(0, 10);
const status = (problem: string) => (problem === 'forbidden' ? 403 : problem === 'too-fast' ? 429 : 409);

export const load: PageServerLoad = (event) => {
	const { workshop, member } = requireMember(event);
	const app = event.locals.app;
	const plan = app.followUp.plan(workshop);
	const viewer = viewerOf(member);
	const members = app.workshops.members(workshop.id);
	return {
		plan: plan && {
			version: plan.version,
			digest: plan.digest,
			signedOn: new Date(plan.signedAt).toISOString().slice(0, 10),
			rows: plan.rows.map((row) => ({ ...row, mayUpdate: mayUpdate(row, viewer) }))
		},
		attention: plan ? reminders(plan.rows, viewer, today()).map((r) => ({ id: r.measure.id, text: r.measure.text, due: r.due, state: r.state })) : [],
		mayAssign: mayAssign(viewer),
		/** People who can own a measure: everyone in the workshop but observers. */
		people: members.filter((m) => m.role !== 'observer').map((m) => ({ userId: m.userId, name: m.name, agencyId: m.agencyId })),
		today: today(),
		mailConfigured: app.mailer.configured,
		quiet: app.mail.isQuiet(workshop.id, member.userId),
		maxMegabytes: Math.floor(EVIDENCE_MAX_BYTES / (1024 * 1024))
	};
};

/**
 * Changes to one measure from a form, one per type: every one is checked before any is recorded,
 * so a bad due date does not leave the owner changed alone. The service checks who may make each.
 */
async function record(event: RequestEvent, form: FormData, types: string[]) {
	const { workshop, user, member } = requireMember(event);
	const measureId = String(form.get('measure') ?? '');
	const fields = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')) as Record<string, string>;
	const parsed = types.map((type) => parseChange({ ...fields, type }));
	const bad = parsed.find((p) => !p.ok);
	if (bad && !bad.ok) return fail(400, { measureId, problem: bad.problem });
	for (const p of parsed) {
		if (!p.ok) continue;
		const result = event.locals.app.followUp.update(workshop, member, measureId, p.change, actorOf(event, user, member));
		if (!result.ok) return fail(status(result.problem), { measureId, problem: result.problem });
	}
	return { measureId, saved: true };
}

export const actions: Actions = {
	/** Each person's own setting: no reminder e-mails for this workshop. */
	quiet: async (event) => {
		const { workshop, member } = requireMember(event);
		const form = await event.request.formData();
		event.locals.app.mail.setQuiet(workshop.id, member.userId, form.get('quiet') === 'on');
		return { quietSaved: true };
	},
	status: async (event) => record(event, await event.request.formData(), ['status']),
	// owner and due date: two changes, each recorded in the follow-up on its own
	assign: async (event) => record(event, await event.request.formData(), ['owner', 'due']),
	evidence: async (event) => {
		const { workshop, user, member } = requireMember(event);
		const form = await event.request.formData();
		const measureId = String(form.get('measure') ?? '');
		const note = String(form.get('text') ?? '').trim();
		const url = String(form.get('url') ?? '').trim();
		const file = form.get('file');
		const hasFile = file instanceof File && file.size > 0;
		if (!note && !url && !hasFile) return fail(400, { measureId, problem: 'empty-note' });
		// check every part before recording any, so a bad link loses neither the note nor the file
		const link = url ? parseChange({ type: 'link', url, text: String(form.get('linkText') ?? '') }) : null;
		if (link && !link.ok) return fail(400, { measureId, problem: link.problem });
		const noted = note ? parseChange({ type: 'note', text: note }) : null;
		if (noted && !noted.ok) return fail(400, { measureId, problem: noted.problem });
		if (hasFile && file.size > EVIDENCE_MAX_BYTES) return fail(413, { measureId, problem: 'file-too-large' });
		const actor = actorOf(event, user, member);
		const app = event.locals.app;
		for (const parsed of [noted, link]) {
			if (!parsed?.ok) continue;
			const result = app.followUp.update(workshop, member, measureId, parsed.change, actor);
			if (!result.ok) return fail(status(result.problem), { measureId, problem: result.problem });
		}
		if (hasFile) {
			const result = app.followUp.attach(workshop, member, measureId, { name: file.name, body: new Uint8Array(await file.arrayBuffer()) }, actor);
			if (!result.ok) return fail(status(result.problem), { measureId, problem: result.problem });
		}
		return { measureId, saved: true };
	}
};
