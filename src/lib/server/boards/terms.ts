import { serverOrigin } from '../../collab/origins';
import { TERMS_ATTRIBUTED, TERMS_SERVER_ROOTS, TermsDoc } from '../../collab/terms-doc';
import { pickText } from '../../domain/kit-schema';
import type { ServerBoard } from './board';
import { agencyOwnedKeys, allOf, serverOwnedRoots, stampAuthors } from './rules';

/** Step 8: the Terms of Use board. */
export const termsBoard: ServerBoard = {
	id: 'terms',
	step: true,
	policy: allOf(serverOwnedRoots(TERMS_SERVER_ROOTS), agencyOwnedKeys('reviews', 'only members of that organisation may review for it')),
	afterWrite: stampAuthors(TERMS_ATTRIBUTED),
	seed: (doc, { workshop, kit }) => new TermsDoc(doc).seed(pickText(kit.terms.defaultText, workshop.language), serverOrigin)
};
