// `npm run bench -- --exports`: edit latency in one workshop while two people loop exports of a
// full protocol in another, against the production server: exports rendered on the main thread and
// never kept (how it was), on the worker thread and never kept, and as it is now (worker, stored
// file, per-person limit). Prints figures; passes or fails nothing.
import path from 'node:path';
import * as Y from 'yjs';
import { createApp } from '../src/lib/server/app';
import { loadConfig } from '../src/lib/server/config';
import { agreeEverything } from '../tests/fixtures/protocol';
import { MANY_PEOPLE_ONE_ACCOUNT, startProcess, tempDataDir } from '../tests/fixtures/process';
import { seedWorkshop, twoAgencyWorkshop } from '../tests/fixtures/server';
import { closeAll, open, percentile, step2Payload, updateFrame } from '../tests/fixtures/harness';
import { fillWorkshop } from './exports';

const PASSWORD = 'correct horse battery staple';

async function prepare() {
	const dataDir = tempDataDir();
	const app = createApp(loadConfig({ DATA_DIR: dataDir, KITS_DIR: path.resolve('workshop-kits') }), () => {});
	try {
		const w = await seedWorkshop(app);
		const workshop = app.workshops.get(w.workshopId)!;
		fillWorkshop(app, w);
		agreeEverything(app, w.workshopId);
		if (!app.protocol.freeze(workshop, [], { userId: w.facilitator.user.id, label: 'bench' }).ok) throw new Error('could not freeze');
		const other = app.workshopService.create(twoAgencyWorkshop('The workshop next door'), w.facilitator.user, { userId: w.facilitator.user.id, label: 'bench' });
		if (!other.ok) throw new Error(other.problem);
		return { dataDir, frozen: w.workshopId, other: other.workshop.id, exporters: [w.observer.user.email, w.participantB.user.email], editor: w.facilitator.user.email };
	} finally {
		await app.close();
	}
}

async function signIn(origin: string, email: string): Promise<string> {
	const res = await fetch(`${origin}/sign-in`, { method: 'POST', redirect: 'manual', headers: { origin, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email, password: PASSWORD, redirectTo: '/' }) });
	return res.headers.get('set-cookie')!.split(';')[0];
}

async function run(prepared: Awaited<ReturnType<typeof prepare>>, env: Record<string, string>, seconds: number, exporting = true) {
	const server = await startProcess({ ...MANY_PEOPLE_ONE_ACCOUNT, ...env }, [], prepared.dataDir);
	await server.waitFor(/listening/);
	try {
		const editor = await signIn(server.origin, prepared.editor);
		const exporters = await Promise.all(prepared.exporters.map((e) => signIn(server.origin, e)));
		const url = `ws://127.0.0.1:${server.port}/collab/${prepared.other}/agenda`;
		const [writer, reader] = await Promise.all([open(url, server.origin, editor), open(url, server.origin, editor)]);
		// edits carry the time they were sent; the reader notes when each arrives
		const doc = new Y.Doc();
		const latencies: number[] = [];
		const sent = new Map<number, number>();
		reader.on('message', (data: Buffer) => {
			if (step2Payload(data)) return;
			const now = performance.now();
			for (const [n, at] of sent) {
				latencies.push(now - at);
				sent.delete(n);
			}
		});
		let stop = false;
		let exportsDone = 0;
		let refused = 0;
		const loop = async (cookie: string) => {
			while (!stop) {
				const res = await fetch(`${server.origin}/workshops/${prepared.frozen}/protocol/export/1/pdf`, { headers: { cookie } });
				await res.arrayBuffer();
				if (res.ok) exportsDone++;
				else refused++;
			}
		};
		const loops = exporting ? exporters.map(loop) : [];
		const ended = Date.now() + seconds * 1000;
		let n = 0;
		while (Date.now() < ended) {
			const updates: Uint8Array[] = [];
			doc.once('update', (u: Uint8Array) => updates.push(u));
			doc.getMap('bench').set(`edit-${n}`, n);
			sent.set(n++, performance.now());
			writer.send(updateFrame(updates[0]));
			await new Promise((r) => setTimeout(r, 50));
		}
		stop = true;
		await Promise.all(loops);
		await closeAll([writer, reader]);
		latencies.sort((a, b) => a - b);
		return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN, edits: n, received: latencies.length, exportsDone, refused };
	} finally {
		server.child.kill('SIGTERM');
		await server.exited;
	}
}

export async function exportsUnderLoad(seconds = 20): Promise<void> {
	const prepared = await prepare();
	const modes: [string, Record<string, string>][] = [
		['before: rendered on the main thread, never kept, no limit', { ACCORD_RENDER_IN_PROCESS: '1', ACCORD_EXPORT_CACHE: '0', ACCORD_EXPORTS_PER_MINUTE: '100000' }],
		['worker thread, never kept, no limit', { ACCORD_EXPORT_CACHE: '0', ACCORD_EXPORTS_PER_MINUTE: '100000' }],
		['after: worker thread, stored file, 20 a minute per person', {}]
	];
	console.log(`\n## Edit latency next door while two people loop PDF exports (${seconds} s each)\n`);
	console.log('| exports | edit p50 | edit p99 | edit max | edits received | exports served | refused (429) |');
	console.log('|---|---:|---:|---:|---:|---:|---:|');
	const quiet = await run(prepared, {}, seconds, false);
	if (quiet) console.log(`| none (quiet) | ${quiet.p50.toFixed(1)} ms | ${quiet.p99.toFixed(1)} ms | ${quiet.max.toFixed(0)} ms | ${quiet.received}/${quiet.edits} | — | — |`);
	for (const [name, env] of modes) {
		const r = await run(prepared, env, seconds);
		console.log(`| ${name} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.max.toFixed(0)} ms | ${r.received}/${r.edits} | ${r.exportsDone} | ${r.refused} |`);
	}
}
