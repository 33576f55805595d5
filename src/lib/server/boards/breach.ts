import { stepFromKit, validateChain, type ChainStep } from '../../domain/breach/chain';
import { attribution } from '../protocol/attribution';
import type * as Y from 'yjs';
import { BREACH_ATTRIBUTED, BREACH_LOCK_PATHS, BREACH_SERVER_ROOTS, BreachDoc, type Drill } from '../../collab/breach-doc';
import { drillStatus, missedDeadlines } from '../../domain/breach/drill';
import { serverOrigin } from '../../collab/origins';
import { pickText } from '../../domain/kit-schema';
import type { BoardFacts, ServerBoard } from './board';
import { agencyOwnedKeys, allOf, serverOwnedRoots, stampAuthors } from './rules';

/** A step as accord.protocol/1 records it (`notifiesAuthority` kept for exports made before `duty`). */
function exportedStep({ duty, awareness, namedPerAgency, ...rest }: ChainStep) {
	return { ...rest, notifiesAuthority: duty === 'authority', ...(duty ? { duty } : {}), awareness, namedPerAgency };
}

/**
 * The breach register (Art. 33(5)) as the protocol annexes it: the kit's columns, and each drill of
 * the day entered as an exercise, with what its decision steps decided, why, and who marked them.
 */
function register(b: BreachDoc, { kit, workshop }: BoardFacts) {
	const steps = b.steps();
	const lang = workshop.language;
	const decided = (drill: Drill, duty: 'authority' | 'subjects') => {
		const mark = drill.marks.find((m) => steps.find((s) => s.id === m.stepId)?.duty === duty);
		return mark ? { outcome: mark.outcome, reason: mark.note, by: mark.by, ...(duty === 'subjects' ? { safetyChecked: mark.safetyChecked } : {}) } : null;
	};
	return {
		columns: kit.breach.register.map((c) => ({ id: c.id, label: pickText(c.label, lang), help: pickText(c.help, lang) })),
		entries: b
			.drills()
			.filter((d) => d.endedAt)
			.map((d) => ({
				scenario: pickText(kit.breach.scenarios.find((s) => s.id === d.scenarioId)?.title ?? { en: d.scenarioId }, lang),
				class: d.cls,
				startedAt: new Date(d.startedAt).toISOString(),
				authority: decided(d, 'authority'),
				subjects: decided(d, 'subjects') as { outcome: string; reason: string; by: string; safetyChecked: boolean } | null,
				missed: missedDeadlines(drillStatus(steps, d.cls, d.startedAt, d.speed, d.marks, d.endedAt)).length
			}))
			.sort((x, y) => (x.startedAt < y.startedAt ? -1 : 1))
	};
}

/** The breach section of the frozen protocol. */
function breachSection(doc: Y.Doc, facts: BoardFacts) {
	const b = new BreachDoc(doc);
	const namedBy = b.peopleAuthors();
	return {
		register: register(b, facts),
		steps: b.steps().map(exportedStep),
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
			kit.breach.chain.map((s) => stepFromKit(s, pickText(s.action, workshop.language))),
			serverOrigin
		),
	lockPaths: BREACH_LOCK_PATHS,
	snapshot: (doc, facts) => ({ breach: breachSection(doc, facts) }),
	freezeFacts: (doc, { agencies }) => {
		const breach = new BreachDoc(doc);
		const audit = breach.audit();
		return {
			chainWarnings: validateChain(breach.steps(), breach.people(), agencies.map((a) => a.id)).length,
			auditDecided: audit.viewers.length > 0 && audit.purposes.length > 0
		};
	}
};
