import type { BoardState, StepBoardId } from '$lib/domain/boards';
import { DpiaDoc } from '$lib/collab/dpia-doc';
import { DpispDoc } from '$lib/collab/dpisp-doc';
import { canManageWorkshop } from '$lib/domain/roles';
import { reminders } from '$lib/domain/follow-up/plan';
import type { PageServerLoad } from './$types';

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
	return { followUp, startTime: kit?.agenda.startTime ?? '09:00', states, links, voteSources, quiet };
};
