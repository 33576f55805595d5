import { organisationStatus } from '../../domain/terms/review';
import type * as Y from 'yjs';
import { serverOrigin } from '../../collab/origins';
import { TERMS_ATTRIBUTED, TERMS_SERVER_ROOTS, TermsDoc } from '../../collab/terms-doc';
import { pickText } from '../../domain/kit-schema';
import type { BoardFacts, ServerBoard } from './board';
import { agencyOwnedKeys, allOf, serverOwnedRoots, stampAuthors } from './rules';

/** The terms section of the frozen protocol. */
function termsSection(doc: Y.Doc, { agencies, kit }: BoardFacts) {
	const t = new TermsDoc(doc);
	const current = t.current();
	const items = kit.terms.checklist.map((i) => i.id);
	return {
		version: current?.version ?? 0,
		text: current?.text ?? '',
		organisations: agencies.map((a) => ({ agency: a.id, status: current ? organisationStatus(a.id, items, t.reviews(), current.version) : 'not-started' }))
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
		const version = terms.current()?.version ?? 0;
		const items = kit.terms.checklist.map((i) => i.id);
		const reviews = terms.reviews();
		return {
			termsPublished: doc.getMap('published').size > 0,
			terms: agencies.map((a) => ({ agency: a.shortName, ready: version > 0 && organisationStatus(a.id, items, reviews, version) === 'ready' }))
		};
	},
	seed: (doc, { workshop, kit }) => new TermsDoc(doc).seed(pickText(kit.terms.defaultText, workshop.language), serverOrigin),
	snapshot: (doc, facts) => ({ terms: termsSection(doc, facts) })
};
