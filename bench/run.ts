// Accord's benchmarks: print figures, never pass or fail. `npm run bench`.
// Runs the built server (server.js) as its own process, drives it with light raw-socket clients
// speaking the y-websocket protocol, and reports propagation latency of board edits.
import { execSync } from 'node:child_process';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { startProcess } from '../tests/fixtures/process';

interface Scenario {
	name: string;
	clients: number;
	updatesPerSecond: number;
	presenceHz: number;
	seconds: number;
}

const SCENARIOS: Scenario[] = [
	{ name: 'agenda, 30 people, 20 edits/s, presence 1 Hz', clients: 30, updatesPerSecond: 20, presenceHz: 1, seconds: 5 },
	{ name: 'agenda, 60 people, 100 edits/s, presence 2 Hz', clients: 60, updatesPerSecond: 100, presenceHz: 2, seconds: 5 }
];

function frame(type: number, write: (e: encoding.Encoder) => void): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, type);
	write(e);
	return encoding.toUint8Array(e);
}

function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return Number.NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function open(url: string, origin: string, cookie: string): Promise<WebSocket> {
	const ws = new WebSocket(url, { headers: { origin, cookie } });
	ws.binaryType = 'nodebuffer';
	await new Promise((resolve, reject) => {
		ws.once('open', resolve);
		ws.once('error', reject);
	});
	return ws;
}

async function run(s: Scenario, origin: string, port: number, workshop: string, cookie: string) {
	const url = `ws://127.0.0.1:${port}/collab/${workshop}/agenda`;
	const sentAt = new Map<number, number>();
	const latencies: number[] = [];
	let delivered = 0;
	const sockets: WebSocket[] = [];
	for (let i = 0; i < s.clients; i++) {
		const ws = await open(url, origin, cookie);
		ws.on('message', (data: Buffer) => {
			const d = decoding.createDecoder(new Uint8Array(data));
			if (decoding.readVarUint(d) !== 0 || decoding.readVarUint(d) !== 2) return;
			const update = decoding.readVarUint8Array(d);
			// The writer puts a sequence number in each update's key: find it without decoding Yjs.
			const text = Buffer.from(update).toString('latin1');
			const match = /seq-(\d+)/.exec(text);
			if (!match) return;
			const t0 = sentAt.get(Number(match[1]));
			if (t0 !== undefined) {
				latencies.push(performance.now() - t0);
				delivered++;
			}
		});
		sockets.push(ws);
	}
	// The writer is one more client; its document produces real Yjs updates.
	const writer = await open(url, origin, cookie);
	const doc = new Y.Doc();
	const pending: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => pending.push(u));
	let seq = 0;
	const total = s.updatesPerSecond * s.seconds;
	const started = performance.now();
	const presence = setInterval(() => {
		for (const [i, ws] of sockets.entries()) {
			ws.send(
				frame(1, (e) => {
					const inner = encoding.createEncoder();
					encoding.writeVarUint(inner, 1);
					encoding.writeVarUint(inner, 10_000 + i);
					encoding.writeVarUint(inner, Math.floor(performance.now()));
					encoding.writeVarString(inner, JSON.stringify({ focus: `item-${i % 9}` }));
					encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
				})
			);
		}
	}, 1000 / s.presenceHz);
	await new Promise<void>((resolve) => {
		const tick = setInterval(() => {
			const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * s.updatesPerSecond));
			while (seq < due) {
				const n = seq++;
				doc.getMap('bench').set(`seq-${n}`, n);
				const update = pending.shift()!;
				sentAt.set(n, performance.now());
				writer.send(frame(0, (e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, update))));
			}
			if (seq >= total) {
				clearInterval(tick);
				resolve();
			}
		}, 2);
	});
	clearInterval(presence);
	const deadline = performance.now() + 3000;
	while (delivered < total * s.clients && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
	for (const ws of [...sockets, writer]) ws.close();
	const sorted = latencies.sort((a, b) => a - b);
	return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN, delivered, expected: total * s.clients };
}

async function main() {
	execSync('node scripts/ensure-build.js', { stdio: 'inherit' });
	const server = await startProcess({ ACCORD_ROOM_UNLOAD_MS: '1000' }, ['--demo']);
	try {
		await server.waitFor(/listening/);
		const password = (await server.waitFor(/password: (demo-[a-z0-9]+)/))[1];
		const workshop = (await server.waitFor(/workshops\/([a-z0-9]+)/))[1];
		const res = await fetch(`${server.origin}/sign-in`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: server.origin, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ email: 'participant.cra@demo.accord.test', password, redirectTo: '/' })
		});
		const cookie = res.headers.get('set-cookie')!.split(';')[0];
		console.log(`\nAccord collaboration benchmark (Node ${process.version}, ${new Date().toISOString()})\n`);
		console.log('| scenario | p50 ms | p99 ms | max ms | delivered |');
		console.log('|---|---:|---:|---:|---:|');
		for (const s of SCENARIOS) {
			const r = await run(s, server.origin, server.port, workshop, cookie);
			console.log(`| ${s.name} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.delivered}/${r.expected} |`);
		}
	} finally {
		server.child.kill('SIGTERM');
		await server.exited;
	}
}

await main();
