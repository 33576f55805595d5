import { isLocale } from '$lib/paraglide/runtime';
import type { BoardState, StepBoardId } from '$lib/domain/boards';
import { DpiaDoc } from '$lib/collab/dpia-doc';
import { DpispDoc } from '$lib/collab/dpisp-doc';
import { canManageWorkshop } from '$lib/domain/roles';
import { reminders } from '$lib/domain/follow-up/plan';
import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { actorOf, requireMember } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals }) => {
	const { workshop } = await parent();
	const full = locals.app.workshops.get(workshop.id);
	const kit = locals.app.kits.forWorkshop(workshop);
	// Boards not built yet report "not started" and have no link.
	const states: Record<StepBoardId, BoardState> = {
		dpia: full ? locals.app.dpia.state(full) : 'not-started',
		dpisp: full ? locals.app.dpisp.state(full) : 'not-started',
		terms: full ? locals.app.terms.state(full) : 'not-started',
		breach: full ? locals.app.breach.state(full) : 'not-started'
	};
	const links: Partial<Record<StepBoardId, string>> = { dpia: `/workshops/${workshop.id}/boards/dpia`, dpisp: `/workshops/${workshop.id}/boards/dpisp`,
		terms: `/workshops/${workshop.id}/boards/terms`,
		breach: `/workshops/${workshop.id}/boards/breach`
	};
	// What a dot vote can be about: the risks of Step 6 and the clauses of Step 7.
	const boards = kit?.manifest.boards ?? [];
	const voteSources = {
		risks: boards.includes('dpia') ? locals.app.collab.read(workshop.id, 'dpia', (doc) => new DpiaDoc(doc).risks().map((r) => ({ id: r.id, label: r.title }))) : [],
		clauses: boards.includes('dpisp') ? locals.app.collab.read(workshop.id, 'dpisp', (doc) => new DpispDoc(doc).clauses().map((c) => ({ id: c.id, label: c.title }))) : []
	};
	const quiet = full && canManageWorkshop(locals.app.workshops.member(workshop.id, locals.user?.id ?? '')?.role ?? 'observer') ? locals.app.facilitation.quiet(full, boards) : [];
	// After signing: the measures this person answers for that are overdue or due soon
	const member = locals.app.workshops.member(workshop.id, locals.user?.id ?? '');
	const plan = full && member ? locals.app.followUp.plan(full) : null;
	const followUp = plan && member
		? reminders(plan.rows, { userId: member.userId, role: member.role, agencyId: member.agencyId }, new Date().toISOString().slice(0, 10)).map((r) => ({ id: r.measure.id, text: r.measure.text, due: r.due, state: r.state }))
		: null;
	// the DPIA's review date (Art. 35(11)), and the way into the review once the protocol is signed
	const reviewDate = boards.includes('dpia') ? locals.app.collab.read(workshop.id, 'dpia', (doc) => new DpiaDoc(doc).readMeta().reviewDate) : '';
	const review = boards.includes('dpia') ? { date: reviewDate, canStart: !!plan && member?.role === 'facilitator', today: new Date().toISOString().slice(0, 10) } : null;
	return { followUp, review, startTime: kit?.agenda.startTime ?? '09:00', states, links, voteSources, quiet };
};

export const actions: Actions = {
	/** The facilitator starts the DPIA's review: a new workshop pre-filled from this signed one. */
	startReview: async (event) => {
		const { workshop, user, member } = requireMember(event);
		const app = event.locals.app;
		const today = new Date().toISOString().slice(0, 10);
		const title = m.review_title({ date: today, title: workshop.title }, { locale: isLocale(workshop.language) ? workshop.language : 'en' }).slice(0, 200);
		const result = app.review.start(workshop, user, title, actorOf(event, user, member));
		if (!result.ok) return fail(result.problem === 'forbidden' ? 403 : 409, { reviewProblem: result.problem });
		redirect(303, `/workshops/${result.workshop.id}`);
	}
};
