import { validateChain } from '../../domain/breach/chain';
import { attribution } from '../protocol/attribution';
import type * as Y from 'yjs';
import { BREACH_ATTRIBUTED, BREACH_LOCK_PATHS, BREACH_SERVER_ROOTS, BreachDoc } from '../../collab/breach-doc';
import { serverOrigin } from '../../collab/origins';
import { pickText } from '../../domain/kit-schema';
import type { ServerBoard } from './board';
import { agencyOwnedKeys, allOf, serverOwnedRoots, stampAuthors } from './rules';

/** The breach section of the frozen protocol. */
function breachSection(doc: Y.Doc) {
	const b = new BreachDoc(doc);
	const namedBy = b.peopleAuthors();
	return {
		steps: b.steps(),
		people: [...b.people()]
			.flatMap(([role, byAgency]) => [...byAgency].map(([agency, name]) => ({ role, agency, name, by: attribution(namedBy.get(`${role}|${agency}`)) })))
			.sort((x, y) => (`${x.role}|${x.agency}` < `${y.role}|${y.agency}` ? -1 : 1)),
		audit: b.audit()
	};
}

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
	lockPaths: BREACH_LOCK_PATHS,
	snapshot: (doc) => ({ breach: breachSection(doc) }),
	freezeFacts: (doc, { agencies }) => {
		const breach = new BreachDoc(doc);
		return { chainWarnings: validateChain(breach.steps(), breach.people(), agencies.map((a) => a.id)).length };
	}
};
