import { BREACH_ATTRIBUTED, BREACH_LOCK_PATHS, BREACH_SERVER_ROOTS, BreachDoc } from '../../collab/breach-doc';
import { serverOrigin } from '../../collab/origins';
import { pickText } from '../../domain/kit-schema';
import type { ServerBoard } from './board';
import { agencyOwnedKeys, allOf, serverOwnedRoots, stampAuthors } from './rules';

/** Step 9: the breach-procedure board. */
export const breachBoard: ServerBoard = {
	id: 'breach',
	step: true,
	policy: allOf(serverOwnedRoots(BREACH_SERVER_ROOTS), agencyOwnedKeys('people', 'only members of that agency may name its focal points')),
	afterWrite: stampAuthors(BREACH_ATTRIBUTED),
	seed: (doc, { workshop, kit }) =>
		new BreachDoc(doc).seed(
			kit.breach.chain.map((s) => ({ ...s, action: pickText(s.action, workshop.language), fallbackId: '' })),
			serverOrigin
		),
	lockPaths: BREACH_LOCK_PATHS
};
