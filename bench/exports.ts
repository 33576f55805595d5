// Exporting a full kit-sized workshop (every catalogue risk with its measures, every clause, the
// escalation chain, three signatures) in each format and in each language the kit is written in.
// Prints times and sizes; passes or fails nothing.
import { DpiaDoc } from '../src/lib/collab/dpia-doc';
import { serverOrigin } from '../src/lib/collab/origins';
import { pickText } from '../src/lib/domain/kit-schema';
import { exportLabels } from '../src/lib/server/http/export-labels';
import { agreeEverything } from '../tests/fixtures/protocol';
import { seedWorkshop, startServer, type SeededWorkshop } from '../tests/fixtures/server';
import type { App } from '../src/lib/server/app';

/** A kit-sized workshop: every catalogue risk rated with its measures, both participants signatories. */
export function fillWorkshop(app: App, w: SeededWorkshop, language = 'en'): void {
	const kit = app.kits.get('cpims-plus')!;
	const t = (text: Record<string, string>) => pickText(text, language);
	app.collab.transact(w.workshopId, 'dpia', (doc) => {
		const dpia = new DpiaDoc(doc);
		kit.dpia.risks.forEach((r, i) => {
			dpia.addRisk(
				{ id: r.id, title: t(r.title), description: t(r.description), fearedEvent: r.fearedEvent, sources: t(r.sources), assets: t(r.assets), group: r.group, catalogueId: r.id, reasoning: t(r.reasoning), suggested: '', ownerAgency: w.agencyIds[i % 2], inherent: { severity: r.severity, likelihood: r.likelihood }, inherentRationale: 'Agreed in plenary', residual: { severity: Math.max(1, r.severity - 1), likelihood: 1 }, acceptance: null, createdBy: 'bench', position: i },
				serverOrigin
			);
			r.mitigations.forEach((m, k) => dpia.setMeasure({ id: `${r.id}-${k}`, riskId: r.id, text: t(m), kind: 'planned', agency: w.agencyIds[k % 2], due: '2027-03-31', status: 'planned', position: i * 10 + k }, serverOrigin));
		});
	});
	for (const p of [w.participantA, w.participantB]) app.workshops.updateMember(w.workshopId, p.user.id, { role: 'participant', agencyId: app.workshops.member(w.workshopId, p.user.id)!.agencyId, isSignatory: true });
}

export interface ExportTiming {
	language: string;
	format: string;
	medianMs: number;
	bytes: number;
}

/** Median of five renderings per format, for a workshop drafted in each language the kit declares. */
export async function exportBenchmark(formats: readonly ('pdf' | 'docx' | 'md')[] = ['pdf', 'docx'], languages?: readonly string[]): Promise<ExportTiming[]> {
	// every export made afresh: what one rendering costs
	const server = await startServer({ ACCORD_EXPORT_CACHE: '0' });
	try {
		const kit = server.app.kits.get('cpims-plus')!;
		const out: ExportTiming[] = [];
		for (const language of languages ?? kit.manifest.languages) {
			const w = await seedWorkshop(server.app, { language, title: `Export bench (${language})` });
			const workshop = server.app.workshops.get(w.workshopId)!;
			fillWorkshop(server.app, w, language);
			agreeEverything(server.app, w.workshopId);
			const frozen = server.app.protocol.freeze(workshop, [], { userId: w.facilitator.user.id, label: 'bench' });
			if (!frozen.ok) throw new Error(`could not freeze: ${JSON.stringify(frozen)}`);
			for (const p of [w.participantB, w.participantA, w.participantA]) {
				await server.app.protocol.sign(workshop, p.user.id, { title: 'Director', attestations: kit.signing.attestations.map((a) => a.id), password: 'correct horse battery staple', address: '127.0.0.1', userAgent: 'bench' }, { userId: p.user.id, label: 'bench' });
			}
			const labels = exportLabels(language);
			for (const format of formats) {
				const times: number[] = [];
				let bytes = 0;
				for (let i = 0; i < 5; i++) {
					const t0 = performance.now();
					const file = await server.app.protocol.export(workshop, 1, format, labels, { userId: `bench-${i}`, label: 'bench' });
					times.push(performance.now() - t0);
					bytes = file.ok ? file.file.body.byteLength : 0;
				}
				times.sort((a, b) => a - b);
				out.push({ language, format, medianMs: times[2], bytes });
			}
		}
		return out;
	} finally {
		await server.close();
	}
}
