import type { BoardState, StepBoardId } from '$lib/domain/boards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, locals }) => {
	const { workshop } = await parent();
	const kit = locals.app.kits.get(workshop.kitId);
	// The step boards arrive in later releases; until then each is simply not started.
	const states: Record<StepBoardId, BoardState> = { dpia: 'not-started', dpisp: 'not-started', terms: 'not-started', breach: 'not-started' };
	return { startTime: kit?.agenda.startTime ?? '09:00', states };
};
