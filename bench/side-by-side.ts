// Accord side by side with the reference y-websocket server and with Hocuspocus 4.7 + its SQLite
// extension (issue 15): the same light clients, the same scenarios, the three servers interleaved
// with their order rotating each round, each server a process of its own on the same machine.
//
// What is measured, for every update: the time from its writer's send to each other client's
// receipt. Every update sent counts: one not delivered within the drain is reported as such and
// counts as infinitely late in the percentiles, so a collapsing server cannot look fast. Presence
// is measured the same way (send to receipt of each client's new state by every other client).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { closeAll, cpuMsOf, presenceFrame, sleep, startReference, step1Frame, updateFrame } from '../tests/fixtures/harness';
import { prepare, startInstance } from '../tests/fixtures/instance';

export interface WriteScenario {
	name: string;
	clients: number;
	writers: number;
	updatesPerSecond: number;
	/** Presence messages per client per second; 0 for none. */
	presenceHz: number;
	/** All clients publish presence at the same instant, or each at its own moment of the period. */
	presence: 'in step' | 'spread';
	seconds: number;
}

const CLIENTS = 60;
const SECONDS = 5;

/** 60 clients with 1, 10 and 60 writers at 300 to 3,000 updates a second, presence spread at 1 Hz; then presence in step and spread. */
export const SCENARIOS: WriteScenario[] = [
	...[1, 10, 60].flatMap((writers) =>
		[300, 1000, 2000, 3000].map((updatesPerSecond) => ({
			name: `${writers} writer${writers > 1 ? 's' : ''}, ${updatesPerSecond.toLocaleString('en')} updates/s`,
			clients: CLIENTS,
			writers,
			updatesPerSecond,
			presenceHz: 1,
			presence: 'spread' as const,
			seconds: SECONDS
		}))
	),
	{ name: 'presence 2 Hz in step, 10 writers, 300 updates/s', clients: CLIENTS, writers: 10, updatesPerSecond: 300, presenceHz: 2, presence: 'in step', seconds: SECONDS },
	{ name: 'presence 2 Hz spread, 10 writers, 300 updates/s', clients: CLIENTS, writers: 10, updatesPerSecond: 300, presenceHz: 2, presence: 'spread', seconds: SECONDS }
];

/** Run once against each server before the rounds, on a board of its own; not reported. */
const WARM_UP: WriteScenario = { name: 'warm-up', clients: CLIENTS, writers: 10, updatesPerSecond: 1000, presenceHz: 1, presence: 'spread', seconds: 2 };

/** A client of one server, speaking its dialect of the y-websocket protocol. */
interface Client {
	ws: WebSocket;
	send(frame: Uint8Array): void;
	/** The y-websocket message inside a frame received (Hocuspocus prefixes each with the document name). */
	body(data: Buffer): Uint8Array;
}

interface Peer {
	name: string;
	pid: number;
	/** A fresh room for one run of one scenario. */
	room(index: number): string;
	connect(room: string): Promise<Client>;
	stop(): Promise<void>;
}

async function openSocket(url: string, headers: Record<string, string>): Promise<WebSocket> {
	const ws = new WebSocket(url, { headers, perMessageDeflate: false });
	ws.binaryType = 'nodebuffer';
	ws.on('error', () => {});
	await new Promise((resolve, reject) => {
		ws.once('open', resolve);
		ws.once('error', reject);
		ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
	});
	return ws;
}

const plain = (ws: WebSocket): Client => ({
	ws,
	send: (frame) => ws.readyState === WebSocket.OPEN && ws.send(frame),
	body: (data) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
});

async function accordPeer(rooms: number): Promise<Peer> {
	const instance = await startInstance(await prepare(rooms));
	const { origin, cookie } = instance.target;
	return {
		name: 'Accord',
		pid: instance.target.pid,
		room: (index) => instance.target.url(`${index}/agenda`),
		connect: async (url) => plain(await openSocket(url, { origin, cookie })),
		stop: () => instance.stop()
	};
}

async function referencePeer(): Promise<Peer> {
	const { target, child } = await startReference();
	const run = Math.random().toString(36).slice(2);
	return {
		name: 'reference',
		pid: target.pid,
		room: (index) => target.url(`${run}-${index}`),
		connect: async (url) => plain(await openSocket(url, { origin: target.origin })),
		stop: async () => {
			child.kill('SIGTERM');
			await new Promise((resolve) => child.once('exit', resolve));
		}
	};
}

/** Hocuspocus 4.7 with the SQLite extension on a file, as its own process (bench/hocuspocus-server.mjs). */
async function hocuspocusPeer(): Promise<Peer> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-bench-hocuspocus-'));
	const port = 20_000 + Math.floor(Math.random() * 20_000);
	const child = spawn(process.execPath, ['bench/hocuspocus-server.mjs'], {
		env: { ...process.env, PORT: String(port), DATABASE: path.join(dir, 'hocuspocus.sqlite') },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	await new Promise<void>((resolve, reject) => {
		child.stdout!.on('data', (d: Buffer) => d.toString().includes('running') && resolve());
		child.once('exit', (code) => reject(new Error(`Hocuspocus exited with ${code}`)));
	});
	const run = Math.random().toString(36).slice(2);
	return {
		name: 'Hocuspocus',
		pid: child.pid!,
		room: (index) => `bench-${run}-${index}`,
		async connect(name) {
			const ws = await openSocket(`ws://127.0.0.1:${port}`, { origin: `http://127.0.0.1:${port}` });
			const prefix = encoding.createEncoder();
			encoding.writeVarString(prefix, name);
			const head = encoding.toUint8Array(prefix);
			const wrap = (frame: Uint8Array) => {
				const out = new Uint8Array(head.byteLength + frame.byteLength);
				out.set(head);
				out.set(frame, head.byteLength);
				return out;
			};
			// The first message must authenticate (type 2, token); wait until the server says so.
			const authenticated = new Promise<void>((resolve, reject) => {
				const onMessage = (data: Buffer) => {
					const d = decoding.createDecoder(new Uint8Array(data));
					decoding.readVarString(d);
					if (decoding.readVarUint(d) !== 2) return;
					ws.off('message', onMessage);
					if (decoding.readVarUint(d) === 2) resolve();
					else reject(new Error('Hocuspocus refused the token'));
				};
				ws.on('message', onMessage);
			});
			const auth = encoding.createEncoder();
			encoding.writeVarUint(auth, 2);
			encoding.writeVarUint(auth, 0);
			encoding.writeVarString(auth, 'bench');
			ws.send(wrap(encoding.toUint8Array(auth)));
			await authenticated;
			return {
				ws,
				send: (frame) => ws.readyState === WebSocket.OPEN && ws.send(wrap(frame)),
				body: (data) => new Uint8Array(data.buffer, data.byteOffset + head.byteLength, data.byteLength - head.byteLength)
			};
		},
		stop: async () => {
			child.kill('SIGTERM');
			await new Promise((resolve) => child.once('exit', resolve));
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}

export interface Outcome {
	p50: number;
	p99: number;
	delivered: number;
	expected: number;
	presenceP50: number;
	presenceP99: number;
	presenceDelivered: number;
	presenceExpected: number;
	/** Longest wait for the drain after the last send: how far behind the server ended. */
	drainMs: number;
	/** How long the server kept working once everything was delivered and everyone had left. */
	busyAfterMs?: number;
}

/** Percentile over everything expected: what never arrived counts as infinitely late. */
function percentileOfAll(latencies: number[], expected: number, p: number): number {
	if (expected === 0) return Number.NaN;
	const index = Math.min(expected - 1, Math.floor((p / 100) * expected));
	return index < latencies.length ? latencies[index] : Number.POSITIVE_INFINITY;
}

const SEQ = /seq-(\d+)/g;

export async function runWrites(s: WriteScenario, peer: Peer, room: string): Promise<Outcome> {
	const total = s.updatesPerSecond * s.seconds;
	const sentAt = new Float64Array(total).fill(Number.NaN);
	const writerOf = new Int32Array(total);
	const latencies: number[] = [];
	const presenceLatencies: number[] = [];
	let presenceSent = 0;
	let lastDelivery = performance.now();
	const clients: Client[] = [];
	for (let i = 0; i < s.clients; i++) {
		const client = await peer.connect(room);
		const seen = new Uint8Array(total);
		const presenceSeen = new Int32Array(s.clients).fill(-1);
		const synced = new Promise<void>((resolve) => {
			client.ws.on('message', (data: Buffer) => {
				const body = client.body(data);
				const type = body[0];
				if (type === 0) {
					if (body[1] === 1) resolve();
					// Updates carry their sequence numbers in map keys: find them without decoding Yjs. A
					// server may merge many updates into one message: every one in it counts.
					const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
					const now = performance.now();
					for (const match of text.matchAll(SEQ)) {
						const n = Number(match[1]);
						if (n >= total || seen[n] || writerOf[n] === i || Number.isNaN(sentAt[n])) continue;
						seen[n] = 1;
						latencies.push(now - sentAt[n]);
						lastDelivery = now;
					}
				} else if (type === 1) {
					const now = performance.now();
					const d = decoding.createDecoder(body);
					decoding.readVarUint(d);
					const update = decoding.createDecoder(decoding.readVarUint8Array(d));
					const count = decoding.readVarUint(update);
					for (let k = 0; k < count; k++) {
						decoding.readVarUint(update);
						decoding.readVarUint(update);
						const json = decoding.readVarString(update);
						if (!json.includes('"bench"')) continue;
						const state = JSON.parse(json) as { bench?: { from: number; n: number; t: number } };
						const b = state.bench;
						if (!b || b.from === i || b.n <= presenceSeen[b.from]) continue;
						presenceSeen[b.from] = b.n;
						presenceLatencies.push(now - b.t);
					}
				}
			});
		});
		client.send(step1Frame(new Uint8Array([0])));
		await synced;
		clients.push(client);
	}
	// Writers are the first `writers` clients; update n is written by writer n mod writers.
	const writers = clients.slice(0, s.writers).map((client) => {
		const doc = new Y.Doc();
		const pending: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => pending.push(u));
		return { client, doc, pending };
	});
	const period = s.presenceHz > 0 ? 1000 / s.presenceHz : Number.POSITIVE_INFINITY;
	const presenceDue = clients.map((_, i) => (s.presence === 'in step' ? 0 : (i / s.clients) * period));
	const presenceCount = new Int32Array(s.clients);
	let seq = 0;
	const started = performance.now();
	await new Promise<void>((resolve) => {
		const tick = setInterval(() => {
			const elapsed = performance.now() - started;
			const due = Math.min(total, Math.floor((elapsed / 1000) * s.updatesPerSecond));
			while (seq < due) {
				const n = seq++;
				const w = n % s.writers;
				writerOf[n] = w;
				writers[w].doc.getMap('bench').set(`seq-${n}`, n);
				sentAt[n] = performance.now();
				writers[w].client.send(updateFrame(writers[w].pending.shift()!));
			}
			if (elapsed < s.seconds * 1000) {
				for (let i = 0; i < s.clients; i++) {
					if (elapsed < presenceDue[i]) continue;
					presenceDue[i] += period;
					const n = ++presenceCount[i];
					presenceSent++;
					clients[i].send(presenceFrame(100_000 + i, n, { focus: `item-${i % 9}`, bench: { from: i, n, t: performance.now() } }));
				}
			}
			if (seq >= total) {
				clearInterval(tick);
				resolve();
			}
		}, 2);
	});
	const expected = total * (s.clients - 1);
	const presenceExpected = presenceSent * (s.clients - 1);
	// Drain: until everything has arrived, or nothing has for 2 s (at most 20 s).
	const drainStarted = performance.now();
	while (
		(latencies.length < expected || presenceLatencies.length < presenceExpected) &&
		performance.now() - lastDelivery < 2000 &&
		performance.now() - drainStarted < 20_000
	) {
		await sleep(10);
	}
	const drainMs = performance.now() - drainStarted;
	await closeAll(clients.map((c) => c.ws));
	for (const w of writers) w.doc.destroy();
	latencies.sort((a, b) => a - b);
	presenceLatencies.sort((a, b) => a - b);
	return {
		p50: percentileOfAll(latencies, expected, 50),
		p99: percentileOfAll(latencies, expected, 99),
		delivered: latencies.length,
		expected,
		presenceP50: percentileOfAll(presenceLatencies, presenceExpected, 50),
		presenceP99: percentileOfAll(presenceLatencies, presenceExpected, 99),
		presenceDelivered: presenceLatencies.length,
		presenceExpected,
		drainMs
	};
}

/**
 * Waits until none of the servers is working any more (together under 2% of a core over 300 ms, at
 * most 20 s), so that no server's turn is slowed by another's left-over work (a backlog still being
 * sent, a fold or a debounced store of the run before). Returns how long that took: what the server
 * that has just run kept doing after its turn.
 */
async function quiet(peers: Peer[]): Promise<number> {
	const started = performance.now();
	const cpu = () => peers.reduce((sum, peer) => sum + cpuMsOf(peer.pid), 0);
	let before = cpu();
	while (performance.now() - started < 20_000) {
		await sleep(300);
		const now = cpu();
		if (now - before < 6) break;
		before = now;
	}
	return performance.now() - started;
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor((sorted.length - 1) / 2)];
};

const ms = (v: number) => (Number.isFinite(v) ? (v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(1)}`) : 'never');
const pct = (delivered: number, expected: number) => (expected === 0 ? '–' : `${((100 * delivered) / expected).toFixed(delivered === expected ? 0 : 1)}%`);

/**
 * `npm run bench -- --side-by-side [--rounds N] [--only "<text>|<text>"] [--servers Accord,Hocuspocus]`: every
 * scenario against the three servers (or those named, for profiling one), rounds times, in an order
 * that rotates each round; prints the median of the rounds.
 */
export async function sideBySide(rounds: number, only: string | null, servers: string[] | null = null) {
	const scenarios = SCENARIOS.filter((s) => !only || only.split('|').some((text) => s.name.includes(text)));
	const wanted = (name: string) => !servers || servers.includes(name);
	const peers = [
		// one more board each for the warm-up
		...(wanted('Accord') ? [await accordPeer(rounds * scenarios.length + 1)] : []),
		...(wanted('reference') ? [await referencePeer()] : []),
		...(wanted('Hocuspocus') ? [await hocuspocusPeer()] : [])
	];
	console.log(`\nSide by side (Node ${process.version}, ${new Date().toISOString()}): ${CLIENTS} clients per room, ${SECONDS} s of sending, ${rounds} rounds after a warm-up of each server, order rotating; median of the rounds.`);
	console.log('Undelivered updates count as never arriving in the percentiles.\n');
	const results = new Map<string, Outcome[]>();
	let room = 0;
	try {
		// every server's code is compiled and its caches filled before anything is measured
		for (const peer of peers) await runWrites(WARM_UP, peer, peer.room(rounds * scenarios.length));
		await quiet(peers);
		for (let r = 0; r < rounds; r++) {
			for (const s of scenarios) {
				const order = peers.map((_, k) => peers[(k + r + room) % peers.length]);
				const index = room++;
				for (const peer of order) {
					const outcome = { ...(await runWrites(s, peer, peer.room(index))), busyAfterMs: await quiet(peers) };
					const key = `${s.name}|${peer.name}`;
					results.set(key, [...(results.get(key) ?? []), outcome]);
					console.error(`  round ${r + 1} · ${s.name} · ${peer.name}: p50 ${ms(outcome.p50)} p99 ${ms(outcome.p99)} delivered ${pct(outcome.delivered, outcome.expected)} · presence p50 ${ms(outcome.presenceP50)} p99 ${ms(outcome.presenceP99)} · drain ${ms(outcome.drainMs)} · busy after ${ms(outcome.busyAfterMs)}`);
				}
			}
		}
	} finally {
		for (const peer of peers) await peer.stop();
	}
	console.log('| scenario | server | p50 ms | p99 ms | delivered | presence p50 ms | presence p99 ms | presence delivered | busy after ms | p99 ÷ best other |');
	console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
	for (const s of scenarios) {
		const rows = peers.map((peer) => {
			const outcomes = results.get(`${s.name}|${peer.name}`)!;
			return {
				name: peer.name,
				p50: median(outcomes.map((o) => o.p50)),
				p99: median(outcomes.map((o) => o.p99)),
				delivered: median(outcomes.map((o) => o.delivered / o.expected)),
				presenceP50: median(outcomes.map((o) => o.presenceP50)),
				presenceP99: median(outcomes.map((o) => o.presenceP99)),
				presenceDelivered: median(outcomes.map((o) => (o.presenceExpected ? o.presenceDelivered / o.presenceExpected : Number.NaN))),
				busyAfter: median(outcomes.map((o) => o.busyAfterMs ?? Number.NaN))
			};
		});
		for (const row of rows) {
			const others = rows.filter((o) => o.name !== row.name);
			const ratio = row.p99 / Math.min(...others.map((o) => o.p99));
			console.log(
				`| ${s.name} | ${row.name} | ${ms(row.p50)} | ${ms(row.p99)} | ${pct(row.delivered, 1)} | ${ms(row.presenceP50)} | ${ms(row.presenceP99)} | ${Number.isNaN(row.presenceDelivered) ? '–' : pct(row.presenceDelivered, 1)} | ${ms(row.busyAfter)} | ${Number.isFinite(ratio) ? ratio.toFixed(2) : '–'} |`
			);
		}
	}
}
