// Accord's benchmarks: print figures, never pass or fail. `npm run bench`.
// Runs the built server (server.js) as its own process, drives it with light raw-socket clients
// speaking the y-websocket protocol, and reports propagation latency of board edits.
import { execSync } from 'node:child_process';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { DpiaDoc } from '../src/lib/collab/dpia-doc';
import { userOrigin } from '../src/lib/collab/origins';
import { exportBenchmark, type ExportTiming } from './exports';
import { exportsUnderLoad } from './exports-load';
import { open, percentile, presenceFrame, step1Frame, updateFrame, type Target } from '../tests/fixtures/harness';
import { prepare, startInstance } from '../tests/fixtures/instance';
import { printPageWeights } from './page-weight';
import { manyWorkshopsOnly, scaleBenchmarks } from './scale-main';
import { sideBySide } from './side-by-side';
import { nodesBenchmark } from './nodes';

/** The value after a flag on the command line, if any. */
function argValue(flag: string): string | null {
	const i = process.argv.indexOf(flag);
	return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : null;
}

interface Scenario {
	name: string;
	board: 'agenda' | 'dpia';
	clients: number;
	updatesPerSecond: number;
	presenceHz: number;
	seconds: number;
}

const SCENARIOS: Scenario[] = [
	{ name: 'agenda, 30 people, 20 edits/s, presence 1 Hz', board: 'agenda', clients: 30, updatesPerSecond: 20, presenceHz: 1, seconds: 5 },
	{ name: 'agenda, 60 people, 100 edits/s, presence 2 Hz', board: 'agenda', clients: 60, updatesPerSecond: 100, presenceHz: 2, seconds: 5 },
	{ name: 'DPIA with 60 risks, 30 people, 20 edits/s, presence 1 Hz', board: 'dpia', clients: 30, updatesPerSecond: 20, presenceHz: 1, seconds: 5 }
];

const RISKS = 60;

/** The writer's document: for the DPIA, 60 risks with two measures each, then edits to their titles. */
function writerDoc(board: Scenario['board']): { doc: Y.Doc; edit: (n: number) => void } {
	const doc = new Y.Doc();
	if (board === 'agenda') return { doc, edit: (n) => doc.getMap('bench').set(`seq-${n}`, n) };
	const dpia = new DpiaDoc(doc);
	const origin = userOrigin(doc.clientID);
	doc.transact(() => {
		for (let i = 0; i < RISKS; i++) {
			dpia.addRisk(
				{
					id: `risk-${i}`,
					title: `Risk ${i}`,
					description: 'Caseworkers share devices at the field office, so someone other than the named user opens files. '.repeat(2),
					fearedEvent: 'illegitimate-access',
					sources: 'Colleagues, visitors',
					assets: 'Laptops, accounts',
					group: 'accounts',
					catalogueId: '',
					reasoning: 'Full case narratives are exposed; sharing is common under workload.',
					suggested: 'One account per person\nMFA\nAudit-log review',
					ownerAgency: '',
					inherent: { severity: 1 + (i % 4), likelihood: 1 + ((i * 7) % 4) },
					inherentRationale: '',
					residual: null,
					acceptance: null,
					createdBy: 'bench',
					position: i
				},
				origin
			);
			for (let k = 0; k < 2; k++) {
				dpia.setMeasure({ id: `m-${i}-${k}`, riskId: `risk-${i}`, text: `Measure ${k} for risk ${i}`, kind: 'planned', agency: '', due: '2027-01-31', status: 'planned', position: i * 2 + k }, origin);
			}
		}
	}, origin);
	return { doc, edit: (n) => dpia.updateRisk(`risk-${n % RISKS}`, { title: `seq-${n} risk ${n % RISKS}` }, origin) };
}




export async function runScenario(s: Scenario, target: Target) {
	const { origin, cookie } = target;
	const url = target.url(s.board);
	const sentAt = new Map<number, number>();
	const latencies: number[] = [];
	let delivered = 0;
	const sockets: WebSocket[] = [];
	let outOfOrder = 0;
	for (let i = 0; i < s.clients; i++) {
		const ws = await open(url, origin, cookie);
		let last = -1;
		ws.on('message', (data: Buffer) => {
			const d = decoding.createDecoder(new Uint8Array(data));
			if (decoding.readVarUint(d) !== 0 || decoding.readVarUint(d) !== 2) return;
			const update = decoding.readVarUint8Array(d);
			// The writer puts a sequence number in each update's key: find it without decoding Yjs.
			const text = Buffer.from(update).toString('latin1');
			// A server may send several updates merged into one: count every sequence number in it.
			for (const match of text.matchAll(/seq-(\d+)/g)) {
				const n = Number(match[1]);
				const t0 = sentAt.get(n);
				if (t0 !== undefined) {
					latencies.push(performance.now() - t0);
					delivered++;
					// each reader must see the writer's updates in the order they were written
					if (n < last) outOfOrder++;
					last = n;
				}
			}
		});
		sockets.push(ws);
	}
	// The writer is one more client; its document produces real Yjs updates.
	const writer = await open(url, origin, cookie);
	const { doc, edit } = writerDoc(s.board);
	writer.send(updateFrame(Y.encodeStateAsUpdate(doc)));
	const pending: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => pending.push(u));
	let seq = 0;
	const total = s.updatesPerSecond * s.seconds;
	const started = performance.now();
	const presence = setInterval(() => {
		if (s.presenceHz === 0) return;
		for (const [i, ws] of sockets.entries()) {
			ws.send(presenceFrame(10_000 + i, Math.floor(performance.now()), { focus: `item-${i % 9}` }));
		}
	}, 1000 / (s.presenceHz || 1));
	await new Promise<void>((resolve) => {
		const tick = setInterval(() => {
			const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * s.updatesPerSecond));
			while (seq < due) {
				const n = seq++;
				edit(n);
				const update = pending.shift()!;
				sentAt.set(n, performance.now());
				writer.send(updateFrame(update));
			}
			if (seq >= total) {
				clearInterval(tick);
				resolve();
			}
		}, 2);
	});
	clearInterval(presence);
	const deadline = performance.now() + 2000;
	while (delivered < total * s.clients && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
	for (const ws of [...sockets]) ws.close();
	// A late joiner asks for everything: how long until the whole board arrives, and how big it is.
	const joinStarted = performance.now();
	const late = await open(url, origin, cookie);
	const full = await new Promise<Uint8Array>((resolve) => {
		late.on('message', (data: Buffer) => {
			const d = decoding.createDecoder(new Uint8Array(data));
			if (decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === 1) resolve(decoding.readVarUint8Array(d));
		});
		late.send(step1Frame(new Uint8Array([0])));
	});
	const joinMs = performance.now() - joinStarted;
	late.close();
	writer.close();
	const sorted = latencies.sort((a, b) => a - b);
	return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN, delivered, expected: total * s.clients, outOfOrder, joinMs, bytes: full.byteLength };
}

async function main() {
	execSync('node scripts/ensure-build.js', { stdio: 'inherit' });
	// `npm run bench -- --exports`: a full export per format and language, then the edit latency next door while exports loop.
	if (process.argv.includes('--exports')) {
		printExportTimes(await exportBenchmark(['pdf', 'docx', 'md']));
		return exportsUnderLoad();
	}
	// `npm run bench -- --scale` runs only the scale benchmarks (many rooms, join storm, cold loads, idle cost).
	if (process.argv.includes('--scale')) return scaleBenchmarks();
	// `npm run bench -- --weights` prints only how much JavaScript each page loads.
	if (process.argv.includes('--weights')) return printPageWeights();
	// `npm run bench -- --side-by-side [--rounds 3] [--only <scenario text>]`: Accord, the reference
	// server and Hocuspocus, interleaved (issue 15).
	if (process.argv.includes('--side-by-side')) return sideBySide(Number(argValue('--rounds') ?? 3) || 3, argValue('--only'), argValue('--servers')?.split(',') ?? null);
	// `npm run bench -- --nodes 2 [--runs 3]`: one node (SQLite, PostgreSQL) against two on one PostgreSQL database
	if (process.argv.includes('--nodes')) return nodesBenchmark(Number(argValue('--nodes')) || 2, Number(argValue('--runs') ?? 1) || 1);
	// `npm run bench -- --rooms 5` runs only the many-workshops comparison, five times.
	const rooms = process.argv.indexOf('--rooms');
	if (rooms >= 0) return manyWorkshopsOnly(Number(process.argv[rooms + 1] ?? 3) || 3);
	// Every scenario gets boards of its own (in a workshop of its own), as the reference gets a fresh room.
	const instance = await startInstance(await prepare(SCENARIOS.length));
	const accord = (k: number): Target => ({ ...instance.target, url: (board) => instance.target.url(`${k}/${board}`) });
	try {
		console.log(`\nAccord collaboration benchmark (Node ${process.version}, ${new Date().toISOString()})\n`);
		console.log('| scenario | p50 ms | p99 ms | max ms | delivered | late joiner synced in | board size |');
		console.log('|---|---:|---:|---:|---:|---:|---:|');
		for (const [k, s] of SCENARIOS.entries()) {
			const r = await runScenario(s, accord(k));
			console.log(
				`| ${s.name} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.delivered}/${r.expected} | ${r.joinMs.toFixed(1)} ms | ${(r.bytes / 1024).toFixed(1)} KiB |`
			);
		}
	} finally {
		await instance.stop();
	}
	printExportTimes(await exportBenchmark(['pdf', 'docx'], ['en']));
	await scaleBenchmarks();
}

function printExportTimes(rows: ExportTiming[]): void {
	console.log('\n| export of a full kit-sized workshop (signed, sealed) | language | median of 5 | size |');
	console.log('|---|---|---:|---:|');
	for (const r of rows) console.log(`| ${r.format.toUpperCase()} | ${r.language} | ${r.medianMs.toFixed(0)} ms | ${(r.bytes / 1024).toFixed(0)} KiB |`);
}

// imported for profiling runs with `--no-main`
if (!process.argv.includes('--no-main')) await main();
