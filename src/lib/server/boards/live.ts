import { LIVE_ATTRIBUTED, LIVE_FACILITATOR_ROOTS, LIVE_SERVER_ROOTS, PARKING_SHARED_FIELDS } from '../../collab/live-doc';
import type { ServerBoard } from './board';
import { allOf, authorOnlyEdits, facilitatorRoots, serverOwnedRoots, stampAuthors } from './rules';

/** The facilitation board every workshop has: timer, locks, votes, decisions, parked questions. */
export const liveBoard: ServerBoard = {
	id: 'live',
	always: true,
	policy: allOf(serverOwnedRoots(LIVE_SERVER_ROOTS), facilitatorRoots(LIVE_FACILITATOR_ROOTS), authorOnlyEdits('parking', PARKING_SHARED_FIELDS, 'only its author may reword a question')),
	afterWrite: stampAuthors(LIVE_ATTRIBUTED)
};
