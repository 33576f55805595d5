import fs from 'node:fs';
import { agreeEverything } from '../tests/fixtures/protocol';
import { seedWorkshop, startServer } from '../tests/fixtures/server';
import { fillWorkshop } from './exports';
import { exportLabels } from '../src/lib/server/http/export-labels';
const server = await startServer({ ACCORD_EXPORT_CACHE: '0' });
try {
	for (const language of (process.argv[2] ?? 'en').split(',')) {
		const w = await seedWorkshop(server.app, { language, title: `Try (${language})` });
		const workshop = server.app.workshops.get(w.workshopId)!;
		fillWorkshop(server.app, w, language);
		agreeEverything(server.app, w.workshopId);
		const frozen = server.app.protocol.freeze(workshop, [], { userId: w.facilitator.user.id, label: 'x' });
		if (!frozen.ok) throw new Error(JSON.stringify(frozen));
		const kit = server.app.kits.get('cpims-plus')!;
		for (const p of [w.participantB, w.participantA]) await server.app.protocol.sign(workshop, p.user.id, { title: 'Director', attestations: kit.signing.attestations.map((a) => a.id), password: 'correct horse battery staple', address: '2001:db8::1', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' }, { userId: p.user.id, label: 'x' });
		for (const format of ['pdf', 'docx'] as const) {
			const t0 = performance.now();
			const file = await server.app.protocol.export(workshop, 1, format, exportLabels(language), { userId: 'x', label: 'x' });
			console.log(language, format, (performance.now() - t0).toFixed(0), 'ms', file.ok ? file.file.body.byteLength : JSON.stringify(file));
			if (file.ok) fs.writeFileSync(`/tmp/typ/out-${language}.${format}`, file.file.body);
		}
	}
} finally {
	await server.close();
}
