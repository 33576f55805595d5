import * as Y from 'yjs';
import { DEADLINE_ANCHORS, STEP_DUTIES, type ChainStep, type DeadlineAnchor, type StepDuty } from '../domain/breach/chain';
import { DRILL_OUTCOMES, type DrillMark, type DrillOutcome } from '../domain/breach/drill';
import { BREACH_CLASSES, type BreachClass, type SeverityInput } from '../domain/breach/severity';
import { AUTHORS_ROOT, readAuthors, type AttributedRoot, type Author } from './authors';
import type { TransactionOrigin } from './origins';
import { newRecord, readBoolean, readNumber, readString, records, writeFields, type RecordMap } from './y-records';

/**
 * The Step 9 (breach procedure) board's Yjs shape:
 *   meta      Y.Map  schemaVersion
 *   severity  Y.Map  the calculator: trigger, dpc, ei, confidentiality, integrity, availability, malicious, override
 *   steps     Y.Map<stepId, Y.Map { order, role, action, hours, relativeTo, channel, fallbackId, classes, duty, childSafety,
 *             awareness, namedPerAgency }>   (boards seeded before `duty` hold notifiesAuthority instead)
 *   people    Y.Map<"roleId|agencyId", string>   the named focal point of each role in each agency,
 *             written only by that agency's members; who named them is in `authors`
 *   audit     Y.Map  viewers, purposes, frequency, findingsTo, retention   (the audit-log decision)
 *   drills    Y.Map<drillId, Y.Map { scenarioId, cls, speed, startedAt, endedAt, startedBy,
 *             marks: Y.Map<stepId, Y.Map { doneAt, by, note, outcome, safetyChecked }> }>
 *   authors   who named each focal point (see authors.ts)
 * `drills` is written by the server only, so every time in it comes from the server's clock.
 */
export const BREACH_SCHEMA_VERSION = 1;
export const BREACH_SERVER_ROOTS = ['drills', AUTHORS_ROOT] as const;
/** A lock on the chain covers its steps and the people named in them; any other item, its own root. */
export const BREACH_LOCK_PATHS = (item: string): string[][] => (item === 'chain' ? [['steps'], ['people']] : [[item]]);
export const BREACH_ATTRIBUTED: readonly AttributedRoot[] = [{ root: 'people', mode: 'last-writer' }];

export interface AuditDecision {
	viewers: string[];
	purposes: string[];
	frequency: string;
	findingsTo: string;
	retention: string;
}

export interface Drill {
	id: string;
	scenarioId: string;
	cls: BreachClass;
	speed: number;
	startedAt: number;
	endedAt: number;
	startedBy: string;
	marks: DrillMark[];
}

const list = (s: string) => s.split(',').filter(Boolean);

function readOutcome(m: RecordMap): DrillOutcome {
	const outcome = readString(m, 'outcome');
	return (DRILL_OUTCOMES as readonly string[]).includes(outcome) ? (outcome as DrillOutcome) : '';
}

function readDuty(m: RecordMap): StepDuty {
	const duty = readString(m, 'duty');
	if ((STEP_DUTIES as readonly string[]).includes(duty) && duty) return duty as StepDuty;
	return readBoolean(m, 'notifiesAuthority') ? 'authority' : '';
}

function readStep(id: string, m: RecordMap): ChainStep {
	const hours = m.get('hours');
	const anchor = readString(m, 'relativeTo');
	return {
		id,
		order: readNumber(m, 'order'),
		role: readString(m, 'role', 200),
		action: readString(m, 'action', 2000),
		hours: typeof hours === 'number' && hours >= 0 ? hours : null,
		relativeTo: (DEADLINE_ANCHORS as readonly string[]).includes(anchor) ? (anchor as DeadlineAnchor) : 'detection',
		channel: readString(m, 'channel', 200),
		fallbackId: readString(m, 'fallbackId', 200),
		classes: list(readString(m, 'classes')).filter((c): c is BreachClass => (BREACH_CLASSES as readonly string[]).includes(c)),
		duty: readDuty(m),
		childSafety: readBoolean(m, 'childSafety'),
		awareness: readBoolean(m, 'awareness'),
		// boards seeded before this field asked every agency for every role
		namedPerAgency: m.has('namedPerAgency') ? readBoolean(m, 'namedPerAgency') : true
	};
}

function stepFields(s: Partial<ChainStep>) {
	return {
		order: s.order,
		role: s.role?.slice(0, 200),
		action: s.action?.slice(0, 2000),
		hours: s.hours === undefined ? undefined : s.hours === null ? -1 : Math.max(0, Math.min(24 * 365, s.hours)),
		relativeTo: s.relativeTo,
		channel: s.channel?.slice(0, 200),
		fallbackId: s.fallbackId?.slice(0, 200),
		classes: s.classes?.join(','),
		duty: s.duty,
		// the older field is kept in step, so a board read by an older build means the same
		notifiesAuthority: s.duty === undefined ? undefined : s.duty === 'authority',
		childSafety: s.childSafety,
		awareness: s.awareness,
		namedPerAgency: s.namedPerAgency
	};
}

export class BreachDoc {
	constructor(readonly doc: Y.Doc) {}

	#map(name: string): RecordMap {
		return this.doc.getMap(name) as RecordMap;
	}

	get editable(): Y.AbstractType<unknown>[] {
		return ['severity', 'steps', 'people', 'audit'].map((n) => this.doc.getMap(n) as Y.AbstractType<unknown>);
	}

	isSeeded(): boolean {
		return readNumber(this.#map('meta'), 'schemaVersion') > 0;
	}

	severity(): SeverityInput & { trigger: string } {
		const m = this.#map('severity');
		return {
			trigger: readString(m, 'trigger', 200),
			dpc: readNumber(m, 'dpc') || 4,
			ei: readNumber(m, 'ei') || 1,
			confidentiality: readNumber(m, 'confidentiality'),
			integrity: readNumber(m, 'integrity'),
			availability: readNumber(m, 'availability'),
			malicious: readBoolean(m, 'malicious'),
			childSafetyOverride: readBoolean(m, 'childSafetyOverride')
		};
	}

	setSeverity(patch: Partial<SeverityInput & { trigger: string }>, origin: TransactionOrigin): void {
		this.doc.transact(() => writeFields(this.#map('severity'), patch), origin);
	}

	steps(): ChainStep[] {
		return records(this.doc.getMap<RecordMap>('steps'), readStep).sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
	}

	setStep(step: ChainStep, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const root = this.doc.getMap<RecordMap>('steps');
			const m = root.get(step.id);
			if (m) writeFields(m, stepFields(step));
			else root.set(step.id, newRecord(stepFields(step)));
		}, origin);
	}

	removeStep(id: string, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const root = this.doc.getMap<RecordMap>('steps');
			root.delete(id);
			for (const [, m] of root) if (readString(m, 'fallbackId') === id) m.set('fallbackId', '');
		}, origin);
	}

	people(): Map<string, Map<string, string>> {
		const out = new Map<string, Map<string, string>>();
		this.#map('people').forEach((value, key) => {
			const i = key.lastIndexOf('|');
			if (i <= 0 || typeof value !== 'string') return;
			const role = key.slice(0, i);
			const byAgency = out.get(role) ?? new Map<string, string>();
			byAgency.set(key.slice(i + 1), value.slice(0, 200));
			out.set(role, byAgency);
		});
		return out;
	}

	/** Who named each focal point (server-stamped), by "roleId|agencyId". */
	peopleAuthors(): Map<string, Author> {
		return readAuthors(this.doc, 'people');
	}

	setPerson(roleId: string, agencyId: string, name: string, origin: TransactionOrigin): void {
		this.doc.transact(() => writeFields(this.#map('people'), { [`${roleId}|${agencyId}`]: name.slice(0, 200) }), origin);
	}

	audit(): AuditDecision {
		const m = this.#map('audit');
		return { viewers: list(readString(m, 'viewers')), purposes: list(readString(m, 'purposes')), frequency: readString(m, 'frequency', 200), findingsTo: readString(m, 'findingsTo', 500), retention: readString(m, 'retention', 200) };
	}

	setAudit(patch: Partial<AuditDecision>, origin: TransactionOrigin): void {
		this.doc.transact(
			() =>
				writeFields(this.#map('audit'), {
					viewers: patch.viewers?.join(','),
					purposes: patch.purposes?.join(','),
					frequency: patch.frequency?.slice(0, 200),
					findingsTo: patch.findingsTo?.slice(0, 500),
					retention: patch.retention?.slice(0, 200)
				}),
			origin
		);
	}

	drills(): Drill[] {
		return records(this.doc.getMap<RecordMap>('drills'), (id, m) => {
			const marks = m.get('marks') as unknown;
			const cls = readString(m, 'cls');
			return {
				id,
				scenarioId: readString(m, 'scenarioId', 200),
				cls: ((BREACH_CLASSES as readonly string[]).includes(cls) ? cls : 'high') as BreachClass,
				speed: readNumber(m, 'speed') || 1,
				startedAt: readNumber(m, 'startedAt'),
				endedAt: readNumber(m, 'endedAt'),
				startedBy: readString(m, 'startedBy', 200),
				marks:
					marks instanceof Y.Map
						? [...(marks as Y.Map<RecordMap>).entries()].map(([stepId, mm]) => ({
								stepId,
								doneAt: readNumber(mm, 'doneAt'),
								by: readString(mm, 'by', 200),
								note: readString(mm, 'note', 1000),
								outcome: readOutcome(mm),
								safetyChecked: readBoolean(mm, 'safetyChecked')
							}))
						: []
			};
		}).sort((a, b) => b.startedAt - a.startedAt);
	}

	// --- written by the server only ---

	seed(steps: ChainStep[], origin: TransactionOrigin): void {
		this.doc.transact(() => {
			if (this.isSeeded()) return;
			writeFields(this.#map('meta'), { schemaVersion: BREACH_SCHEMA_VERSION });
			for (const s of steps) this.setStep(s, origin);
		}, origin);
	}

	startDrill(d: Omit<Drill, 'marks' | 'endedAt'>, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const m = newRecord({ scenarioId: d.scenarioId, cls: d.cls, speed: d.speed, startedAt: d.startedAt, endedAt: 0, startedBy: d.startedBy });
			(m as Y.Map<unknown>).set('marks', new Y.Map());
			this.doc.getMap<RecordMap>('drills').set(d.id, m);
		}, origin);
	}

	markDrill(drillId: string, mark: DrillMark, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const marks = this.doc.getMap<RecordMap>('drills').get(drillId)?.get('marks') as unknown;
			if (marks instanceof Y.Map && !marks.has(mark.stepId))
				marks.set(mark.stepId, newRecord({ doneAt: mark.doneAt, by: mark.by, note: mark.note.slice(0, 1000), outcome: mark.outcome, safetyChecked: mark.safetyChecked }));
		}, origin);
	}

	endDrill(drillId: string, at: number, origin: TransactionOrigin): void {
		this.doc.transact(() => {
			const m = this.doc.getMap<RecordMap>('drills').get(drillId);
			if (m && !readNumber(m, 'endedAt')) m.set('endedAt', at);
		}, origin);
	}
}
