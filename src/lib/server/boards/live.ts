import { LIVE_ATTRIBUTED, LIVE_FACILITATOR_ROOTS, LIVE_SERVER_ROOTS, LiveDoc, PARKING_SHARED_FIELDS } from '../../collab/live-doc';
import type * as Y from 'yjs';
import type { ServerBoard } from './board';
import { allOf, authorOnlyEdits, facilitatorRoots, serverOwnedRoots, stampAuthors } from './rules';

/** The record section of the frozen protocol. */
function recordSection(doc: Y.Doc) {
	const live = new LiveDoc(doc);
	return {
		decisions: live.decisions().map((d) => ({ kind: d.kind, text: d.text, board: d.board, by: d.by, at: new Date(d.at).toISOString(), present: d.present })),
		parking: live.parking().map((q) => ({ text: q.text, owner: q.owner, by: q.by, done: q.done }))
	};
}

/** The facilitation board every workshop has: timer, locks, votes, decisions, parked questions. */
export const liveBoard: ServerBoard = {
	id: 'live',
	always: true,
	policy: allOf(serverOwnedRoots(LIVE_SERVER_ROOTS), facilitatorRoots(LIVE_FACILITATOR_ROOTS), authorOnlyEdits('parking', PARKING_SHARED_FIELDS, 'only its author may reword a question')),
	afterWrite: stampAuthors(LIVE_ATTRIBUTED),
	snapshot: (doc) => ({ record: recordSection(doc) })
};
