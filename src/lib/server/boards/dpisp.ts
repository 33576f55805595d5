import { intlLocale } from '../../i18n';
import { blocksToText, type Block } from '../../collab/rich-text';
import { clauseStatus, type Position } from '../../domain/dpisp/positions';
import { attribution } from '../protocol/attribution';
import type * as Y from 'yjs';
import { COMMENT_SHARED_FIELDS, DPISP_ATTRIBUTED, DPISP_LOCK_PATHS, DPISP_SERVER_ROOTS, DpispDoc } from '../../collab/dpisp-doc';
import { serverOrigin } from '../../collab/origins';
import type { AfterWrite } from '../collab/types';
import { fillPlaceholders, listNames } from '../../domain/dpisp/placeholders';
import { pickText } from '../../domain/kit-schema';
import type { BoardFacts, ServerBoard } from './board';
import { afterAll, agencyOwnedKeys, allOf, authorOnlyEdits, serverOwnedRoots, stampAuthors } from './rules';

/** Protocol board: an edit to a clause's text withdraws the agreements given to the old text, for everyone, and says so. */
const withdrawAgreementsOnTextEdit: AfterWrite = (board, paths, writer) => {
	const edited = new Set(paths.filter((p) => p[0] === 'texts' && p[1] !== undefined && p.length >= 2).map((p) => p[1]));
	if (edited.size === 0) return;
	const dpisp = new DpispDoc(board.doc);
	const withAgreements = [...edited].filter((clauseId) => dpisp.positions().some((p) => p.clauseId === clauseId && (p.value === 'agree' || p.value === 'reservation')));
	if (withAgreements.length === 0) return;
	board.serverTransact(() => {
		for (const clauseId of withAgreements) dpisp.resetAgreements(clauseId, writer.name, Date.now(), serverOrigin);
	});
};

/** What the placeholders of the kit's clause texts are filled with: the workshop's facts and the kit's parameters. */
export function placeholderValues({ workshop, agencies, kit }: BoardFacts): Record<string, string> {
	const lang = workshop.language;
	return {
		agencies: listNames(agencies.map((a) => `${a.name} (${a.shortName})`), lang),
		leadAgency: agencies[0] ? `${agencies[0].name} (${agencies[0].shortName})` : '',
		context: workshop.context,
		date: new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${workshop.date}T00:00:00Z`)),
		workshop: workshop.title,
		...Object.fromEntries(Object.entries(kit.dpisp.parameters).map(([name, value]) => [name, String(value)]))
	};
}

/** The clauses and request types of the kit, with the workshop's facts filled into the placeholders. */
function seedProtocol(doc: Y.Doc, facts: BoardFacts): void {
	const { workshop, agencies, kit } = facts;
	const lang = workshop.language;
	const values = placeholderValues(facts);
	new DpispDoc(doc).seed(
		{
			leadAgency: agencies[0]?.id ?? '',
			clauses: kit.dpisp.clauses.map((c, i) => ({
				clause: { id: c.id, title: pickText(c.title, lang), decision: pickText(c.decision, lang), guidance: pickText(c.guidance, lang), position: i + 1, catalogueId: c.id },
				text: fillPlaceholders(pickText(c.text, lang), values)
			})),
			requests: kit.dpisp.requestTypes.map((r, i) => ({
				id: r.id,
				label: pickText(r.label, lang),
				receiver: pickText(r.receiver, lang),
				decider: pickText(r.decider, lang),
				days: r.days,
				logging: pickText(r.logging, lang),
				position: i + 1
			}))
		},
		serverOrigin
	);
}

/** The dpisp section of the frozen protocol. */
function protocolSection(doc: Y.Doc, { agencies }: BoardFacts) {
	const agencyIds = agencies.map((a) => a.id);
	const d = new DpispDoc(doc);
	const positions = d.positions();
	return {
		clauses: d.clauses().map((c, i) => {
			const mine = positions.filter((p) => p.clauseId === c.id);
			const blocks: Block[] = d.blocks(c.id);
			return {
				number: i + 1,
				id: c.id,
				title: c.title,
				blocks,
				text: blocksToText(blocks),
				status: clauseStatus(new Map<string, Position>(mine.map((p) => [p.agencyId, p.value])), agencyIds),
				positions: mine.map(({ agencyId, value, comment, author }) => ({ agency: agencyId, value, comment, by: attribution(author) }))
			};
		}),
		auditDecision: d.auditDecision().text,
		sharing: [...d.sharing()].map(([key, cell]) => ({ key, ...cell })).sort((a, b) => (a.key < b.key ? -1 : 1)),
		requests: d.requests().map(({ id, label, receiver, decider, days, logging }) => ({ id, label, receiver, decider, days, logging }))
	};
}

/** Step 7: the protocol (DPISP) board. */
export const dpispBoard: ServerBoard = {
	id: 'dpisp',
	step: true,
	policy: allOf(
		serverOwnedRoots(DPISP_SERVER_ROOTS),
		agencyOwnedKeys('positions'),
		// personal-data findings are warnings every editor's browser may raise at once (the same id
		// from each): they are stamped with who raised them first, and never refused
		authorOnlyEdits('comments', COMMENT_SHARED_FIELDS, 'only its author may change a comment')
	),
	afterWrite: afterAll(stampAuthors(DPISP_ATTRIBUTED), withdrawAgreementsOnTextEdit),
	seed: seedProtocol,
	lockPaths: DPISP_LOCK_PATHS,
	snapshot: (doc, facts) => ({ dpisp: protocolSection(doc, facts) }),
	freezeFacts: (doc, { agencies, kit, workshop }) => {
		const dpisp = new DpispDoc(doc);
		const positions = dpisp.positions();
		const valueOf = (clauseId: string, agencyId: string) => positions.find((p) => p.clauseId === clauseId && p.agencyId === agencyId)?.value;
		const agreedBy = (clauseId: string, agencyId: string) => ['agree', 'reservation'].includes(valueOf(clauseId, agencyId) ?? '');
		return {
			clauses: dpisp.clauses().map((c, i) => ({
				number: i + 1,
				title: c.title,
				agreed: agencies.every((a) => agreedBy(c.id, a.id)),
				objectedBy: agencies.filter((a) => valueOf(c.id, a.id) === 'object').map((a) => a.shortName)
			})),
			// the matrix's columns: every agency, then the kit's other recipients (as the board shows them)
			sharingRecipients: [...agencies.map((a) => ({ id: a.id, label: a.shortName })), ...kit.dpisp.recipients.map((r) => ({ id: r.id, label: pickText(r.label, workshop.language) }))],
			sharingDecided: [...dpisp.sharing()].filter(([, cell]) => cell.decision !== 'undecided').map(([key]) => key)
		};
	}
};
