import type { SignatureRecord } from '../repositories/types';
import type { ExportLabels } from './labels';
import type { ProtocolSnapshot } from './snapshot';

import type { Part, ProtocolDocument } from '../../domain/protocol/document-model';
import { markdownParts } from './markdown-parts';

export type { Part, ProtocolDocument };

export function outline(snapshot: ProtocolSnapshot, digest: string, signatures: SignatureRecord[], l: ExportLabels, fingerprint: string, auditHead: { entry: number; hash: string } | null = null): ProtocolDocument {
	const s = snapshot;
	const agency = (id: string) => s.agencies.find((a) => a.id === id)?.shortName ?? id;
	const label = (list: { id: string; label: string }[], id: string) => list.find((x) => x.id === id)?.label ?? id;
	const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
	const who = (by: { name: string; at: string } | null) => (by ? `${by.name}, ${by.at.slice(0, 16).replace('T', ' ')}` : '—');
	const word = (kind: string, code: string) => l.words[`${kind}:${code}`] ?? code;
	const band = (r: { band: string; severity: number; likelihood: number; likelihoodUnknown?: boolean } | null) =>
		r ? `${label(s.labels.bands, r.band)} (${r.severity}×${r.likelihood}${r.likelihoodUnknown ? `; ${l.likelihoodUnknown}` : ''})` : '—';
	const parts: Part[] = [];
	const h = (level: 1 | 2 | 3, text: string) => parts.push({ kind: 'heading', level, text });
	const p = (text: string, bold = false) => text.trim() && parts.push({ kind: 'paragraph', text, bold });
	const table = (header: string[], rows: string[][]) => rows.length && parts.push({ kind: 'table', header, rows });
	/** Rich text as the document's parts (a table's first row is its header). */
	const blocks = (bs: ProtocolSnapshot['dpisp']['clauses'][number]['blocks']) => {
		for (const b of bs) {
			if (b.type === 'list') parts.push({ kind: 'list', items: b.items });
			else if (b.type === 'table') table(b.rows[0] ?? [], b.rows.slice(1));
			else p(b.text, b.type === 'heading');
		}
	};

	/** The escalation chain: each step, what the law asks of it, its deadline and the severities it applies to. */
	function chainTable() {
		table(
			[l.columns.step, l.role, l.columns.deadline, l.columns.channel, l.columns.duty, l.columns.applies],
			s.breach.steps.map((st) => [
				`${st.order}. ${st.action}`,
				label(s.labels.roles, st.role),
				`${st.hours === null ? '—' : `${st.hours} h ${word('anchor', st.relativeTo)}`}${st.awareness ? ` (${l.register.awarenessStep})` : ''}`,
				label(s.labels.channels, st.channel),
				st.duty ? word('duty', st.duty) : st.notifiesAuthority ? word('duty', 'authority') : '—',
				st.classes.map((c) => word('class', c)).join(', ')
			])
		);
	}
	/**
	 * The risk matrix as on the board, once before and once after the measures: a column per
	 * severity level, a row per likelihood level (the likeliest on top), each cell the number of
	 * risks rated there, in the colour of its level.
	 */
	function riskMatrix(scales: NonNullable<ProtocolSnapshot['labels']['scales']>) {
		p(fill(l.matrixAxes, { severity: scales.severity.name, likelihood: scales.likelihood.name }));
		const name = (x: { level: number; label: string }) => `${x.level}. ${x.label}`;
		const rows = scales.likelihood.levels.map((level, i) => ({ level, bands: scales.grid[i] ?? [] })).reverse();
		for (const [pick, caption] of [['inherent', l.before], ['residual', l.after]] as const) {
			const perBand = counts(pick);
			parts.push({
				kind: 'matrix',
				caption,
				corner: scales.likelihood.name,
				columns: scales.severity.levels.map(name),
				rows: rows.map((r) => name(r.level)),
				cells: rows.map((r) =>
					scales.severity.levels.map((sev, j) => {
						const n = s.dpia.risks.filter((risk) => risk[pick]?.severity === sev.level && risk[pick]?.likelihood === r.level.level).length;
						return { text: n ? String(n) : '', colour: s.labels.bands.find((b) => b.id === r.bands[j])?.colour ?? null };
					})
				),
				alt: fill(l.matrixAlt, { when: caption, counts: s.labels.bands.map((b, i) => `${b.label} ${perBand[i]}`).join(', ') })
			});
		}
	}
	/**
	 * The sharing matrix as it is drawn on its board: a row per data category, a column per recipient,
	 * each cell the decision with its conditions and channel.
	 */
	function sharingGrid() {
		const recipients = [...new Set(s.dpisp.sharing.map((c) => c.key.split('|')[1]))];
		const categories = [...new Set(s.dpisp.sharing.map((c) => c.key.split('|')[0]))];
		const recipientName = (id: string) => s.agencies.find((a) => a.id === id)?.shortName ?? label(s.labels.recipients, id);
		const cell = (category: string, recipient: string) => {
			const c = s.dpisp.sharing.find((x) => x.key === `${category}|${recipient}`);
			if (!c) return '—';
			const conditions = c.conditions.length ? `: ${c.conditions.map((x) => label(s.labels.conditions, x)).join(', ')}` : '';
			return `${word('sharing', c.decision)}${conditions}${c.channel ? ` (${label(s.labels.channels, c.channel)})` : ''}`;
		};
		table(
			[l.columns.category, ...recipients.map(recipientName)],
			categories.map((category) => [s.dpia.categories.find((x) => x.id === category)?.name ?? category, ...recipients.map((r) => cell(category, r))])
		);
	}
	/** The breach register (Art. 33(5)): its columns, then the drills of the day entered as exercises. */
	function breachRegister() {
		const register = s.breach.register;
		if (!register) return;
		h(2, l.register.title);
		p(l.register.intro);
		table([l.register.column, l.register.what], register.columns.map((c) => [c.label, c.help]));
		if (register.entries.length === 0) return;
		h(3, l.register.exercises);
		const decided = (d: { outcome: string; reason: string; by: string; safetyChecked?: boolean } | null) =>
			d ? `${word('outcome', d.outcome)}${d.safetyChecked ? `, ${l.register.safetyChecked}` : ''}${d.reason ? ` — “${d.reason}”` : ''} (${d.by})` : l.register.notRecorded;
		table(
			[l.columns.scenario, l.columns.severity, l.time, l.columns.authority, l.columns.subjects, l.columns.missed],
			register.entries.map((e) => [e.scenario, word('class', e.class), e.startedAt.slice(0, 16).replace('T', ' '), decided(e.authority), decided(e.subjects), String(e.missed)])
		);
	}

	h(1, l.part1);
	h(2, l.screening);
	const ticked = s.dpia.screening.filter((c) => c.ticked).length;
	p(s.dpia.conclusion ? `${word('conclusion', s.dpia.conclusion).replace('{count}', String(ticked))}${s.dpia.conclusionNote ? ` — ${s.dpia.conclusionNote}` : ''}` : '—');
	parts.push({ kind: 'list', items: s.dpia.screening.filter((c) => c.ticked).map((c) => `${c.label}${c.note ? `: ${c.note}` : ''}`) });
	h(2, l.context);
	for (const [key, value] of Object.entries(s.dpia.context)) if (value) p(`${word('context', key)}: ${value}`);
	for (const r of s.dpia.agencyRoles) if (r.role) p(`${agency(r.agency)}: ${r.role} (${l.enteredBy}: ${who(r.by)})`);
	// Art. 35(2): each agency's DPO's advice, as entered by its own members; Art. 35(11): the review date
	const advice = (s.dpia.dpoAdvice ?? []).filter((a) => a.advice);
	if (advice.length) {
		h(3, l.art35.dpoAdvice);
		for (const a of advice) p(`${agency(a.agency)}: ${a.advice} (${l.enteredBy}: ${who(a.by)})`);
	}
	if (s.dpia.reviewDate) p(`${l.art35.reviewDate}: ${s.dpia.reviewDate}`);
	h(2, l.risks);
	table(
		[l.columns.risk, l.before, l.after, l.acceptance],
		s.dpia.risks.map((r) => [
			r.title,
			band(r.inherent),
			band(r.residual),
			r.acceptance ? `${r.acceptance.reason} — ${fill(l.acceptedBy, { name: r.acceptance.by?.name ?? '—', agency: agency(r.acceptance.agency), time: r.acceptance.by?.at.slice(0, 16).replace('T', ' ') ?? '' })}` : ''
		])
	);
	h(2, l.riskMatrix);
	const counts = (pick: 'inherent' | 'residual') => s.labels.bands.map((b) => s.dpia.risks.filter((r) => r[pick]?.band === b.id).length);
	if (s.labels.scales) riskMatrix(s.labels.scales);
	// versions frozen before the snapshot carried its scales: the risks counted per level
	else table([l.columns.level, l.before, l.after], s.labels.bands.map((b, i) => [b.label, String(counts('inherent')[i]), String(counts('residual')[i])]));
	h(2, l.actionPlan);
	table([l.columns.risk, l.columns.level, l.columns.measure, l.columns.owner, l.columns.due, l.columns.status], s.dpia.actionPlan.map((a) => [a.risk, a.band ? label(s.labels.bands, a.band) : '—', a.measure, agency(a.agency), a.due, word('measure', a.status)]));
	h(2, l.opinion);
	if (s.dpia.priorConsultation) p(l.art35.priorConsultation, true);
	p(s.dpia.opinion || '—');

	parts.push({ kind: 'pagebreak' });
	h(1, l.part2);
	for (const c of s.dpisp.clauses) {
		h(2, `${c.number}. ${c.title}`);
		blocks(c.blocks);
		if (c.id === 'audit' && s.dpisp.auditDecision) p(`${l.auditDecision}: ${s.dpisp.auditDecision}`);
		// each agency's position next to the clause, with its reservation or objection in its own words
		if (c.positions.length) {
			p(l.positions, true);
			parts.push({ kind: 'list', items: c.positions.map((x) => `${agency(x.agency)}: ${word('position', x.value)}${x.comment ? ` — “${x.comment}”` : ''} (${who(x.by)})`) });
		}
	}
	h(2, l.annexes);
	h(3, l.sharingMatrix);
	sharingGrid();
	h(3, l.requests);
	table([l.columns.type, l.columns.receiver, l.columns.decider, l.columns.days, l.columns.logging], s.dpisp.requests.map((r) => [r.label, r.receiver, r.decider, String(r.days), r.logging]));
	h(3, l.chain);
	chainTable();
	h(3, l.auditDecision);
	p(s.dpisp.auditDecision || '—');

	parts.push({ kind: 'pagebreak' });
	h(1, l.part3);
	if (s.terms.rapidOnset) p(l.termsRapidOnset, true);
	p(`${l.version} ${s.terms.version}`);
	// the Terms are written in Markdown: their headings, numbered points and emphasis, never their syntax
	parts.push(...markdownParts(s.terms.text, 2));
	h(2, l.termsStatus);
	table([l.agency, l.columns.status], s.terms.organisations.map((o) => [agency(o.agency), word('terms', o.status)]));

	parts.push({ kind: 'pagebreak' });
	h(1, l.part4);
	chainTable();
	table([l.role, l.agency, l.focalPoint, l.enteredBy], s.breach.people.map((x) => [label(s.labels.roles, x.role), agency(x.agency), x.name, who(x.by)]));
	breachRegister();

	// Annexes: the day's decision log and parking lot (versions frozen before they existed have none).
	const record = (s as Partial<typeof s>).record ?? { decisions: [], parking: [] };
	if (record.decisions.length > 0 || record.parking.length > 0) {
		parts.push({ kind: 'pagebreak' });
		h(1, l.workshopRecord);
		h(2, l.decisionLog);
		const said = (d: (typeof record.decisions)[number]) => (d.kind === 'manual' ? d.text : l.decisionKinds[d.kind].replace('{x}', d.text));
		table([l.time, l.decision, l.signedBy, l.present], record.decisions.map((d) => [d.at.slice(0, 16).replace('T', ' '), said(d), d.by || '—', d.present.join(', ') || '—']));
		if (record.decisions.length === 0) p('—');
		h(2, l.parkingLot);
		table([l.question, l.columns.owner, l.columns.status], record.parking.map((q) => [q.text, q.owner || '—', q.done ? l.done : l.open]));
		if (record.parking.length === 0) p('—');
	}

	for (const annex of s.annexes ?? []) {
		parts.push({ kind: 'pagebreak' });
		h(1, annex.title);
		blocks(annex.blocks);
	}

	for (const sig of signatures) {
		parts.push({ kind: 'pagebreak' });
		const agencyName = sig.agencyId ? (s.agencies.find((a) => a.id === sig.agencyId)?.name ?? sig.agencyId) : '—';
		const at = new Date(sig.at).toISOString();
		h(1, `${l.certificate}: ${sig.fullName}`);
		// a signature page says in one sentence who signed what, for whom and when; the evidence follows
		p(fill(l.signatureLine, { decision: l.decisions[sig.decision], name: sig.fullName, title: sig.title, agency: agencyName, kind: l.kinds[sig.kind], time: at.slice(0, 16).replace('T', ' ') }), true);
		parts.push({
			kind: 'table',
			labelled: true,
			header: ['', ''],
			rows: [
				[l.signedBy, `${sig.fullName}, ${sig.title}`],
				[l.email, sig.email || '—'],
				[l.role, l.kinds[sig.kind]],
				[l.agency, agencyName],
				[l.decision, `${l.decisions[sig.decision]}${sig.reason ? `: ${sig.reason}` : ''}`],
				[l.time, at],
				[l.digest, sig.digest],
				[l.auth, sig.authMethod],
				[l.address, sig.address ?? '—'],
				[l.browser, sig.userAgent ?? '—'],
				[l.attestations, (JSON.parse(sig.attestations) as string[]).map((id) => s.labels.attestations.find((a) => a.id === id)?.text ?? id).join(' · ')]
			]
		});
	}
	return {
		language: s.workshop.language,
		contentsLabel: l.contents,
		running: `${s.workshop.title} · ${s.workshop.context} · ${l.version} ${s.version} · ${digest.slice(0, 12)}`,
		title: `${l.title}: ${s.workshop.title}`,
		subtitle: `${s.workshop.context} · ${s.workshop.date}`,
		meta: [
			`${l.version} ${s.version}`,
			`${l.digest}: ${digest}`,
			`${l.agencies}: ${s.agencies.map((a) => `${a.name} (${a.shortName})${a.lead ? ` — ${l.lead}` : ''}`).join(', ')}`,
			`${l.sealNote} ${fingerprint}`,
			...(auditHead ? [`${fill(l.auditHead, { entry: String(auditHead.entry) })} ${auditHead.hash}`] : [])
		],
		parts
	};
}
