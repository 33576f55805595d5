import type * as Y from 'yjs';
import { serverOrigin } from '../../collab/origins';
import { TERMS_ATTRIBUTED, TERMS_SERVER_ROOTS, TermsDoc } from '../../collab/terms-doc';
import { pickText, termsFor, type Kit } from '../../domain/kit-schema';
import type { Workshop } from '../repositories/types';
import type { BoardFacts, ServerBoard } from './board';
import { agencyOwnedKeys, allOf, serverOwnedRoots, stampAuthors } from './rules';

/** The checklist items every organisation reviews (the government agreement's in a government-only rollout). */
const checklistOf = (kit: Kit, workshop: Workshop) => termsFor(kit.terms, workshop.rolloutType).checklist.map((i) => i.id);

/** The terms section of the frozen protocol. */
function termsSection(doc: Y.Doc, { agencies, kit, workshop }: BoardFacts) {
	const t = new TermsDoc(doc);
	const current = t.current();
	return {
		version: current?.version ?? 0,
		text: current?.text ?? '',
		organisations: t.statuses(agencies.map((a) => a.id), checklistOf(kit, workshop)).map(({ agencyId, status }) => ({ agency: agencyId, status })),
		...(t.rapidOnset().on ? { rapidOnset: true } : {})
	};
}

/** Step 8: the Terms of Use board. */
export const termsBoard: ServerBoard = {
	id: 'terms',
	step: true,
	// each organisation signs its Terms apart from the protocol: a new version stays possible after the freeze
	freezesWithProtocol: false,
	policy: allOf(serverOwnedRoots(TERMS_SERVER_ROOTS), agencyOwnedKeys('reviews', 'only members of that organisation may review for it')),
	afterWrite: stampAuthors(TERMS_ATTRIBUTED),
	freezeFacts: (doc, { agencies, kit, workshop }) => {
		const terms = new TermsDoc(doc);
		// in a rapid-onset emergency the system goes live, and the protocol is signed, before the Terms are
		if (terms.rapidOnset().on) return { termsPublished: true, terms: [] };
		const statuses = terms.statuses(agencies.map((a) => a.id), checklistOf(kit, workshop));
		return {
			termsPublished: terms.current() !== null,
			terms: agencies.map((a, i) => ({ agency: a.shortName, ready: statuses[i].status === 'ready' }))
		};
	},
	seed: (doc, { workshop, kit }) => new TermsDoc(doc).seed(pickText(termsFor(kit.terms, workshop.rolloutType).defaultText, workshop.language), serverOrigin),
	snapshot: (doc, facts) => ({ terms: termsSection(doc, facts) })
};
