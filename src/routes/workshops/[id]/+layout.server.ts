import { canEditBoards, canManageWorkshop } from '$lib/domain/roles';
import { requireMember } from '$lib/server/http/guards';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = (event) => {
	const { workshop, member } = requireMember(event);
	return {
		workshop: { id: workshop.id, title: workshop.title, context: workshop.context, date: workshop.date, rolloutType: workshop.rolloutType, kitId: workshop.kitId, language: workshop.language },
		member: { role: member.role, agencyId: member.agencyId, isSignatory: member.isSignatory },
		agencies: event.locals.app.workshops.agencies(workshop.id).map(({ id, name, shortName, colour }) => ({ id, name, shortName, colour })),
		canEdit: canEditBoards(member.role),
		/** The step boards are read-only for everyone while a protocol version is frozen. */
		frozen: event.locals.app.boards.isFrozen(workshop.id, 'dpia'),
		canManage: canManageWorkshop(member.role),
		/** For the personal-data guard on every board: the kit's case-number patterns. */
		casePatterns: event.locals.app.kits.forWorkshop(workshop)?.dpisp.caseNumberPatterns ?? []
	};
};
