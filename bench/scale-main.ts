// Runs the scale benchmarks of issue 8 and prints their tables (`npm run bench -- --scale`).
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { DpiaDoc, newRisk } from '../src/lib/collab/dpia-doc';
import { DpispDoc } from '../src/lib/collab/dpisp-doc';
import { userOrigin } from '../src/lib/collab/origins';
import { createApp } from '../src/lib/server/app';
import { loadConfig } from '../src/lib/server/config';
import path from 'node:path';
import { closeAll, joinAndSync, mib, rssOf, sleep, startReference } from '../tests/fixtures/harness';
import { prepare, startInstance, type Instance } from '../tests/fixtures/instance';
import { joinStorm, lateJoin, manyRooms, printRooms, provider } from './scale';

/** The many-workshops scenario, side by side, with and without presence, `runs` times over (each run on the same boards). */
async function manyWorkshops(accord: Instance, ref: Awaited<ReturnType<typeof startReference>>, runs: number) {
	console.log('\n### Many workshops: 50 rooms x 20 clients, 5 updates/s per room, 10 s (side by side)\n');
	console.log('| scenario | server | p50 ms | p99 ms | max ms | delivered | errors | server memory (RSS) | server CPU | harness CPU |');
	console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
	for (let run = 0; run < runs; run++) {
		for (const presenceHz of [1, 0]) {
			const s = { rooms: 50, clients: 20, updatesPerSecondPerRoom: 5, presenceHz, seconds: 10 };
			const accordRun = () => manyRooms(accord.target, s, (r) => accord.target.url(`${r}/agenda`));
			const refRun = () => manyRooms(ref.target, s, (room) => ref.target.url(`room-${room}-${presenceHz}-${run}`));
			// the two take turns going first, so that neither always gets the quieter minute
			let a: Awaited<ReturnType<typeof manyRooms>>;
			let r: typeof a;
			if (run % 2 === 0) {
				a = await accordRun();
				r = await refRun();
			} else {
				r = await refRun();
				a = await accordRun();
			}
			printRooms(presenceHz ? 'presence 1 Hz' : 'no presence', a, r);
		}
	}
}

/** `npm run bench -- --rooms N`: only the many-workshops scenario, N times (its figures spread widely from run to run). */
export async function manyWorkshopsOnly(runs: number): Promise<void> {
	console.log(`\nMany workshops, ${runs} runs (Node ${process.version}, ${new Date().toISOString()})`);
	const accord = await startInstance(await prepare(60));
	const ref = await startReference();
	try {
		await manyWorkshops(accord, ref, runs);
	} finally {
		ref.child.kill('SIGTERM');
		await accord.stop();
	}
}

async function roomsAndStorm() {
	const prepared = await prepare(60);
	const accord = await startInstance(prepared);
	const ref = await startReference();
	try {
		await manyWorkshops(accord, ref, 1);

		console.log('\n### Join storm: 60 people open a 1 MB board within one second (side by side)\n');
		console.log('| server | last synced after | join p50 / max ms | longest wait of a probe in another room | probe p99 | board sent | server memory (RSS) |');
		console.log('|---|---:|---:|---:|---:|---:|---:|');
		const a = await joinStorm(accord.target, accord.target.url('51/agenda'), accord.target.url('52/agenda'));
		const r = await joinStorm(ref.target, ref.target.url('storm'), ref.target.url('probe'));
		for (const [who, x] of [['Accord', a], ['reference', r]] as const) {
			console.log(`| ${who} | ${x.lastSyncedAt.toFixed(0)} ms | ${x.joinP50.toFixed(0)} / ${x.joinMax.toFixed(0)} | ${x.probeMax.toFixed(1)} ms | ${x.probeP99.toFixed(1)} ms | ${(x.bytes / 1024).toFixed(0)} KiB | ${mib(x.rss)} MiB |`);
		}
		console.log(`| ratio Accord/reference | ${(a.lastSyncedAt / r.lastSyncedAt).toFixed(2)} | ${(a.joinMax / r.joinMax).toFixed(2)} | ${(a.probeMax / r.probeMax).toFixed(2)} | ${(a.probeP99 / r.probeP99).toFixed(2)} | | ${(a.rss / r.rss).toFixed(2)} |`);
	} finally {
		ref.child.kill('SIGTERM');
		await accord.stop();
	}
}

/** Generates a fragmented 1 MB board and a full day's DPIA and protocol boards over the wire, then loads them cold. */
async function coldLoads() {
	const prepared = await prepare(2);
	let accord = await startInstance(prepared);
	const random = (() => {
		let seed = 20261201;
		return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
	})();

	// 1 MB of minutes typed in 6,000 bursts at random places, with a fifth of them deleting text
	const minutes = await provider(accord.target, '0/agenda');
	const text = minutes.doc.getText('minutes');
	const phrase = 'Agencies agree that case files leave the system only through referrals. ';
	let edits = 0;
	while (text.length < 1024 * 1024) {
		const at = Math.floor(random() * (text.length + 1));
		if (edits % 5 === 4 && text.length > 400) text.delete(Math.floor(random() * (text.length - 200)), 40);
		else text.insert(at, phrase.repeat(3));
		edits++;
		if (edits % 200 === 0) await sleep(1);
	}
	await minutes.done();

	// A full day on Step 6: 60 risks, each scored, rescored, retitled and described, two measures each
	const dpia = await provider(accord.target, '1/dpia');
	const d = new DpiaDoc(dpia.doc);
	const o = userOrigin(dpia.doc.clientID);
	let dpiaEdits = 0;
	for (let i = 0; i < 60; i++) d.addRisk(newRisk({ id: `day-${i}`, title: `Risk ${i}`, createdBy: 'bench', position: 100 + i }), o);
	for (let round = 0; round < 40; round++) {
		for (let i = 0; i < 60; i++) {
			const patch = round % 4 === 0 ? { inherent: { severity: 1 + ((i + round) % 4), likelihood: 1 + ((i * 3 + round) % 4) } } : round % 4 === 1 ? { title: `Risk ${i}, as reworded in round ${round}` } : { description: `Discussed in round ${round}: ${'who sees the case file, and when. '.repeat(1 + (round % 3))}` };
			d.updateRisk(`day-${i}`, patch, o);
			dpiaEdits++;
		}
		if (round % 10 === 0) for (let i = 0; i < 60; i++) d.setMeasure({ id: `m-${i}-${round}`, riskId: `day-${i}`, text: `Measure from round ${round}`, kind: 'planned', agency: '', due: '2027-03-31', status: 'planned', position: i * 10 + round }, o);
		await sleep(1);
	}
	await dpia.done();

	// A full day on Step 7: every clause's text typed into, word by word, thousands of times
	const dpisp = await provider(accord.target, '1/dpisp');
	const p = new DpispDoc(dpisp.doc);
	const clauses = p.clauses();
	let clauseEdits = 0;
	for (let k = 0; k < 4000; k++) {
		const clause = clauses[k % clauses.length];
		const fragment = p.text(clause.id);
		const paragraph = fragment?.toArray().find((n): n is Y.XmlElement => n instanceof Y.XmlElement);
		const xmlText = paragraph?.toArray().find((n): n is Y.XmlText => n instanceof Y.XmlText);
		if (!xmlText) continue;
		if (k % 7 === 6 && xmlText.length > 20) xmlText.delete(Math.floor(random() * (xmlText.length - 10)), 5);
		else xmlText.insert(Math.floor(random() * (xmlText.length + 1)), 'agreed wording ');
		clauseEdits++;
		if (k % 200 === 0) await sleep(1);
	}
	await dpisp.done();

	const boards = [
		{ label: `agenda minutes, 1 MB typed in ${edits} bursts`, board: '0/agenda', name: `${prepared.workshops[0]}/agenda` },
		{ label: `Step 6 DPIA, 60 risks, ${dpiaEdits} edits`, board: '1/dpia', name: `${prepared.workshops[1]}/dpia` },
		{ label: `Step 7 protocol, ${clauses.length} clauses, ${clauseEdits} edits`, board: '1/dpisp', name: `${prepared.workshops[1]}/dpisp` }
	];
	// kill -9: whatever the update log holds stays as it is (the worst case for a cold load)
	accord.server.child.kill('SIGKILL');
	await accord.server.exited;

	console.log('\n### Cold loads and late joiners (Accord)\n');
	console.log('| board | stored (snapshot + log rows) | load from storage (in-process) | first join after a restart | late joiner, board loaded | sent |');
	console.log('|---|---:|---:|---:|---:|---:|');
	const app = createApp(loadConfig({ DATA_DIR: prepared.dataDir, KITS_DIR: path.resolve('workshop-kits') }), () => {});
	const loads = boards.map((b) => {
		const rows = app.db.prepare('SELECT count(*) FROM doc_updates WHERE name = ?').pluck().get(b.name) as number;
		const stored = app.documents.load(b.name).bytes;
		const t0 = performance.now();
		const [workshopId, board] = b.name.split('/');
		app.collab.read(workshopId, board as 'agenda', (doc) => Y.encodeStateVector(doc));
		return { rows, stored, ms: performance.now() - t0 };
	});
	await app.close();
	accord = await startInstance(prepared);
	try {
		for (const [i, b] of boards.entries()) {
			const first = await joinAndSync(accord.target.url(b.board), accord.target.origin, accord.target.cookie);
			first.ws.close();
			const warm = await lateJoin(accord.target, b.board);
			console.log(`| ${b.label} | ${(loads[i].stored / 1024).toFixed(0)} KiB, ${loads[i].rows} rows | ${loads[i].ms.toFixed(0)} ms | ${first.ms.toFixed(0)} ms | ${warm.ms.toFixed(0)} ms | ${(warm.bytes / 1024).toFixed(0)} KiB |`);
		}
	} finally {
		await accord.stop();
	}
}

/** What loaded boards cost while idle, how fast they unload, and the room cap. */
async function idleCost() {
	const prepared = await prepare(2001);
	const accord = await startInstance(prepared, { ACCORD_ROOM_UNLOAD_MS: '30000' });
	const used = (h: Awaited<ReturnType<typeof accord.health>>) => h.memory.heapUsed + h.memory.external;
	try {
		const openAndClose = async (from: number, to: number) => {
			for (let i = from; i < to; i += 20) {
				const batch = await Promise.all(Array.from({ length: Math.min(20, to - i) }, (_, k) => joinAndSync(accord.target.url(`${i + k}/agenda`), accord.target.origin, accord.target.cookie)));
				await closeAll(batch.map((b) => b.ws));
			}
		};
		const unloaded = async () => {
			while ((await accord.health()).rooms > 0) await sleep(250);
		};
		// warm up first (the first boards compile code and fill caches once), so the baseline is a working server
		await openAndClose(1000, 1020);
		await unloaded();
		const baseline = await accord.health(true);
		await openAndClose(0, 1000);
		const closedAt = performance.now();
		const loaded = await accord.health(true);
		let unloadedAfter = Number.NaN;
		for (;;) {
			const h = await accord.health();
			if (h.rooms === 0) {
				unloadedAfter = performance.now() - closedAt;
				break;
			}
			if (performance.now() - closedAt > 60_000) break;
			await sleep(250);
		}
		const after = await accord.health(true);

		// 2,000 small boards at once, each with one person on it, then one more
		const held: WebSocket[] = [];
		for (let i = 0; i < 2000; i += 50) {
			const batch = await Promise.all(Array.from({ length: 50 }, (_, k) => joinAndSync(accord.target.url(`${i + k}/agenda`), accord.target.origin, accord.target.cookie)));
			held.push(...batch.map((b) => b.ws));
		}
		const full = await accord.health(true);
		const rss = rssOf(accord.target.pid);
		const refused = await joinAndSync(accord.target.url('2000/agenda'), accord.target.origin, accord.target.cookie).then(
			(r) => (r.ws.close(), 'accepted'),
			(e: Error) => e.message
		);
		await closeAll(held);

		console.log('\n### Idle boards, unloading and the room cap (Accord; heap + external after a full GC)\n');
		console.log('| measure | figure |');
		console.log('|---|---:|');
		console.log(`| baseline (after 20 boards were opened and unloaded) | ${mib(used(baseline))} MiB heap+external, ${mib(baseline.memory.rss)} MiB RSS, ${baseline.rooms} boards loaded |`);
		console.log(`| 1,000 idle agenda boards loaded | ${loaded.rooms} boards, ${((used(loaded) - used(baseline)) / loaded.rooms / 1024).toFixed(0)} KiB each |`);
		console.log(`| all unloaded after the last person left | ${(unloadedAfter / 1000).toFixed(1)} s (ACCORD_ROOM_UNLOAD_MS 30 s) |`);
		console.log(`| after unloading, against the baseline | ${mib(used(after))} MiB (${(((used(after) - used(baseline)) / used(baseline)) * 100).toFixed(1)}%) |`);
		console.log(`| 2,000 boards open, one person each | ${full.rooms} boards, ${full.connections} connections, ${mib(rss)} MiB RSS, ${mib(used(full))} MiB heap+external |`);
		console.log(`| board 2,001 (cap ${2000}) | ${refused} |`);
	} finally {
		await accord.stop();
	}
}

export async function scaleBenchmarks(): Promise<void> {
	console.log(`\nScale benchmarks (Node ${process.version}, ${new Date().toISOString()})`);
	await roomsAndStorm();
	await coldLoads();
	await idleCost();
}
