// Exporting a full kit-sized workshop (33 risks with measures, 27 clauses, 10 escalation steps,
// two agencies' signatures) to PDF and DOCX. Prints times; passes or fails nothing.
import { DpiaDoc } from '../src/lib/collab/dpia-doc';
import { serverOrigin } from '../src/lib/collab/origins';
import { exportLabelsForTests } from '../tests/fixtures/export-labels';
import { agreeEverything } from '../tests/fixtures/protocol';
import { seedWorkshop, startServer, type SeededWorkshop } from '../tests/fixtures/server';
import type { App } from '../src/lib/server/app';

/** A kit-sized workshop: every catalogue risk rated with its measures, both participants signatories. */
export function fillWorkshop(app: App, w: SeededWorkshop): void {
	const kit = app.kits.get('cpims-plus')!;
	app.collab.transact(w.workshopId, 'dpia', (doc) => {
		const dpia = new DpiaDoc(doc);
		kit.dpia.risks.forEach((r, i) => {
			dpia.addRisk(
				{ id: r.id, title: r.title.en, description: r.description.en, fearedEvent: r.fearedEvent, sources: r.sources.en, assets: r.assets.en, group: r.group, catalogueId: r.id, reasoning: r.reasoning.en, suggested: '', ownerAgency: w.agencyIds[i % 2], inherent: { severity: r.severity, likelihood: r.likelihood }, inherentRationale: 'Agreed in plenary', residual: { severity: Math.max(1, r.severity - 1), likelihood: 1 }, acceptance: null, createdBy: 'bench', position: i },
				serverOrigin
			);
			r.mitigations.forEach((m, k) => dpia.setMeasure({ id: `${r.id}-${k}`, riskId: r.id, text: m.en, kind: 'planned', agency: w.agencyIds[k % 2], due: '2027-03-31', status: 'planned', position: i * 10 + k }, serverOrigin));
		});
	});
	for (const p of [w.participantA, w.participantB]) app.workshops.updateMember(w.workshopId, p.user.id, { role: 'participant', agencyId: app.workshops.member(w.workshopId, p.user.id)!.agencyId, isSignatory: true });
}

export async function exportBenchmark(): Promise<{ format: string; medianMs: number; bytes: number }[]> {
	// every export made afresh: what one rendering costs
	const server = await startServer({ ACCORD_EXPORT_CACHE: '0' });
	try {
		const w = await seedWorkshop(server.app);
		const workshop = server.app.workshops.get(w.workshopId)!;
		const kit = server.app.kits.get('cpims-plus')!;
		fillWorkshop(server.app, w);
		agreeEverything(server.app, w.workshopId);
		const frozen = server.app.protocol.freeze(workshop, [], { userId: w.facilitator.user.id, label: 'bench' });
		if (!frozen.ok) throw new Error(`could not freeze: ${JSON.stringify(frozen)}`);
		for (const p of [w.participantB, w.participantA, w.participantA]) {
			await server.app.protocol.sign(workshop, p.user.id, { title: 'Director', attestations: kit.signing.attestations.map((a) => a.id), password: 'correct horse battery staple', address: '127.0.0.1', userAgent: 'bench' }, { userId: p.user.id, label: 'bench' });
		}
		const out: { format: string; medianMs: number; bytes: number }[] = [];
		for (const format of ['pdf', 'docx'] as const) {
			const times: number[] = [];
			let bytes = 0;
			for (let i = 0; i < 5; i++) {
				const t0 = performance.now();
				const file = await server.app.protocol.export(workshop, 1, format, exportLabelsForTests, { userId: `bench-${i}`, label: 'bench' });
				times.push(performance.now() - t0);
				bytes = file.ok ? file.file.body.byteLength : 0;
			}
			times.sort((a, b) => a - b);
			out.push({ format, medianMs: times[2], bytes });
		}
		return out;
	} finally {
		await server.close();
	}
}
