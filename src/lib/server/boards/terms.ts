import type * as Y from 'yjs';
import { serverOrigin } from '../../collab/origins';
import { TERMS_ATTRIBUTED, TERMS_SERVER_ROOTS, TermsDoc } from '../../collab/terms-doc';
import { pickText, type Kit } from '../../domain/kit-schema';
import type { BoardFacts, ServerBoard } from './board';
import { agencyOwnedKeys, allOf, serverOwnedRoots, stampAuthors } from './rules';

/** The checklist items every organisation reviews. */
const checklistOf = (kit: Kit) => kit.terms.checklist.map((i) => i.id);

/** The terms section of the frozen protocol. */
function termsSection(doc: Y.Doc, { agencies, kit }: BoardFacts) {
	const t = new TermsDoc(doc);
	const current = t.current();
	return {
		version: current?.version ?? 0,
		text: current?.text ?? '',
		organisations: t.statuses(agencies.map((a) => a.id), checklistOf(kit)).map(({ agencyId, status }) => ({ agency: agencyId, status }))
	};
}

/** Step 8: the Terms of Use board. */
export const termsBoard: ServerBoard = {
	id: 'terms',
	step: true,
	policy: allOf(serverOwnedRoots(TERMS_SERVER_ROOTS), agencyOwnedKeys('reviews', 'only members of that organisation may review for it')),
	afterWrite: stampAuthors(TERMS_ATTRIBUTED),
	freezeFacts: (doc, { agencies, kit }) => {
		const terms = new TermsDoc(doc);
		const statuses = terms.statuses(agencies.map((a) => a.id), checklistOf(kit));
		return {
			termsPublished: terms.current() !== null,
			terms: agencies.map((a, i) => ({ agency: a.shortName, ready: statuses[i].status === 'ready' }))
		};
	},
	seed: (doc, { workshop, kit }) => new TermsDoc(doc).seed(pickText(kit.terms.defaultText, workshop.language), serverOrigin),
	snapshot: (doc, facts) => ({ terms: termsSection(doc, facts) })
};
