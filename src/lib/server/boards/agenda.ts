import { AgendaDoc } from '../../collab/agenda-doc';
import { pickText } from '../../domain/kit-schema';
import type { ServerBoard } from './board';

/** The day's agenda every workshop has, seeded from the kit: anyone who edits may change it. */
export const agendaBoard: ServerBoard = {
	id: 'agenda',
	always: true,
	seed: (doc, { workshop, kit }) =>
		new AgendaDoc(doc).seed(
			kit.agenda.items.map((item) => ({
				id: item.id,
				title: pickText(item.title, workshop.language),
				minutes: item.minutes,
				owner: pickText(item.owner, workshop.language),
				board: item.board
			})),
			{ kind: 'kit-seed', kitId: kit.manifest.id }
		)
};
