import { isRated } from '../../domain/dpia/scoring';
import { actionPlan, isAccepted, needsAcceptance } from '../../domain/dpia/assessment';
import { acceptanceBasis, isStanding, voidReasonFor } from '../../domain/dpia/acceptance';
import { attribution, rated } from '../protocol/attribution';
import type * as Y from 'yjs';
import { pickText } from '../../domain/kit-schema';
import { DPIA_ATTRIBUTED, DPIA_LOCK_PATHS, DPIA_SERVER_ROOTS, DpiaDoc } from '../../collab/dpia-doc';
import { serverOrigin } from '../../collab/origins';
import type { AfterWrite } from '../collab/types';
import type { BoardFacts, ServerBoard } from './board';
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

/** The dpia section of the frozen protocol. */
function dpiaSection(doc: Y.Doc, { workshop, agencies, kit }: BoardFacts) {
	const lang = workshop.language;
	const d = new DpiaDoc(doc);
	const risks = d.risks();
	const measures = d.measures();
	const meta = d.readMeta();
	const roleAuthors = d.agencyRoleAuthors();
	const advice = d.agencyTexts('dpoAdvice');
	const adviceAuthors = d.agencyTextAuthors('dpoAdvice');
	const levels = { severity: kit.scales.severity.levels.length, likelihood: kit.scales.likelihood.levels.length };
	return {
		conclusion: meta.conclusion,
		conclusionNote: meta.conclusionNote,
		state: meta.state,
		opinion: meta.opinion,
		screening: kit.dpia.screeningCriteria.map((c) => ({ id: c.id, label: pickText(c.label, lang), ticked: d.screening().get(c.id)?.ticked ?? false, note: d.screening().get(c.id)?.note ?? '' })),
		context: d.context(),
		agencyRoles: agencies.map((a) => ({ agency: a.id, role: d.agencyRoles().get(a.id) ?? '', by: attribution(roleAuthors.get(a.id)) })),
		dpoAdvice: agencies.map((a) => ({ agency: a.id, advice: advice.get(a.id) ?? '', by: attribution(adviceAuthors.get(a.id)) })),
		reviewDate: meta.reviewDate,
		// Art. 36: high residual risks remain, so the authority may have to be consulted before going live
		priorConsultation: risks.some((r) => isRated(r.residual, levels) && needsAcceptance(kit.scales.priority, r.residual, kit.dpia.acceptanceFromBand)),
		categories: d.categories().map(({ id, name, sensitivity }) => ({ id, name, sensitivity })),
		risks: risks.map((r) => ({
			id: r.id,
			title: r.title,
			description: r.description,
			fearedEvent: r.fearedEvent,
			sources: r.sources,
			assets: r.assets,
			ownerAgency: r.ownerAgency,
			inherent: rated(r.inherent, kit),
			inherentRationale: r.inherentRationale,
			residual: rated(r.residual, kit),
			acceptance: isStanding(r.acceptance) ? { agency: r.acceptance.agencyId, by: attribution(r.acceptance), reason: r.acceptance.reason } : null,
			measures: measures.filter((m) => m.riskId === r.id).map(({ id, text, kind, agency, due, status }) => ({ id, text, kind, agency, due, status }))
		})),
		actionPlan: actionPlan(kit.scales.priority, risks, measures).map((row) => ({ risk: row.risk.title, band: row.band, measure: row.measure.text, agency: row.measure.agency, due: row.measure.due, status: row.measure.status }))
	};
}

/** Step 6: the DPIA board. */
export const dpiaBoard: ServerBoard = {
	id: 'dpia',
	step: true,
	policy: allOf(
		serverOwnedRoots(DPIA_SERVER_ROOTS),
		agencyOwnedKeys('agencyRoles', 'only members of that agency may describe its role', (key) => key || null),
		agencyOwnedKeys('dpoAdvice', "only members of that agency may record its data-protection officer's advice", (key) => key || null),
		// readiness for sign-off is the server's to check and write (DpiaService.setReady)
		(paths) => (paths.some((p) => p[0] === 'meta' && p[1] === 'state') ? 'the facilitator marks the DPIA ready through the server' : null)
	),
	afterWrite: afterAll(stampAuthors(DPIA_ATTRIBUTED), voidStaleAcceptances),
	seed: (doc, { workshop, kit }) =>
		new DpiaDoc(doc).seed(
			{
				criteria: kit.dpia.screeningCriteria.map((c) => c.id),
				categories: kit.dpia.defaultDataCategories.map((c) => ({ id: c.id, name: pickText(c.name, workshop.language), sensitivity: c.sensitivity }))
			},
			serverOrigin
		),
	lockPaths: DPIA_LOCK_PATHS,
	snapshot: (doc, facts) => ({ dpia: dpiaSection(doc, facts) }),
	freezeFacts: (doc, { workshop, kit }) => {
		const dpia = new DpiaDoc(doc);
		const levels = { severity: kit.scales.severity.levels.length, likelihood: kit.scales.likelihood.levels.length };
		const unaccepted = dpia.risks().filter((r) => isRated(r.residual, levels) && needsAcceptance(kit.scales.priority, r.residual, kit.dpia.acceptanceFromBand) && !isAccepted(r));
		// Step 6 is not required when only government partners take part
		return {
			unacceptedRisks: unaccepted.map((r) => r.title),
			// the rows of Step 7's sharing matrix
			sharingCategories: dpia.categories().map(({ id, name }) => ({ id, name })),
			dpiaReady: workshop.rolloutType === 'government-only' ? null : dpia.readMeta().state === 'ready'
		};
	}
};
