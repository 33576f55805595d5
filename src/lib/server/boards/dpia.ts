import { acceptanceBasis, voidReasonFor } from '../../domain/dpia/acceptance';
import { pickText } from '../../domain/kit-schema';
import { DPIA_ATTRIBUTED, DPIA_LOCK_PATHS, DPIA_SERVER_ROOTS, DpiaDoc } from '../../collab/dpia-doc';
import { serverOrigin } from '../../collab/origins';
import type { AfterWrite } from '../collab/types';
import type { ServerBoard } from './board';
import { afterAll, agencyOwnedKeys, allOf, serverOwnedRoots, stampAuthors } from './rules';

/** DPIA board: an acceptance given on ratings or measures that have since changed is void, visibly. */
const voidStaleAcceptances: AfterWrite = (board, paths) => {
	if (!paths.some((p) => p[0] === 'risks' || p[0] === 'measures')) return;
	const dpia = new DpiaDoc(board.doc);
	const measures = dpia.measures();
	const stale = dpia
		.risks()
		.map((r) => ({ r, why: r.acceptance ? voidReasonFor(r.acceptance, acceptanceBasis(r.inherent, r.residual, measures.filter((m) => m.riskId === r.id))) : null }))
		.filter((x) => x.why);
	if (stale.length === 0) return;
	const at = Date.now();
	board.serverTransact(() => {
		for (const { r, why } of stale) dpia.voidAcceptance(r.id, at, why!, serverOrigin);
	});
};

/** Step 6: the DPIA board. */
export const dpiaBoard: ServerBoard = {
	id: 'dpia',
	step: true,
	policy: allOf(serverOwnedRoots(DPIA_SERVER_ROOTS), agencyOwnedKeys('agencyRoles', 'only members of that agency may describe its role', (key) => key || null)),
	afterWrite: afterAll(stampAuthors(DPIA_ATTRIBUTED), voidStaleAcceptances),
	seed: (doc, { workshop, kit }) =>
		new DpiaDoc(doc).seed(
			{
				criteria: kit.dpia.screeningCriteria.map((c) => c.id),
				categories: kit.dpia.defaultDataCategories.map((c) => ({ id: c.id, name: pickText(c.name, workshop.language), sensitivity: c.sensitivity }))
			},
			serverOrigin
		),
	lockPaths: DPIA_LOCK_PATHS
};
