// Benchmarks of scale (issue 8): many workshops at once, a join storm on a large board, cold loads,
// and what idle boards cost. Each prints figures; nothing passes or fails.
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { closeAll, cpuMsOf, joinAndSync, mib, open, percentile, presenceFrame, rssOf, sleep, step1Frame, step2Payload, updateFrame, type Target } from '../tests/fixtures/harness';

export interface RoomsScenario {
	rooms: number;
	clients: number;
	updatesPerSecondPerRoom: number;
	presenceHz: number;
	seconds: number;
}

/**
 * Many rooms at once: in each, one writer sends updates and every client publishes presence.
 * Latency is the writer's send to each other client's receipt. Returns the server's memory at the
 * end of the load and how much of a core the harness itself used.
 */
/**
 * `roomUrl(r, c)`: where client `c` of room `r` connects (several nodes: the clients of a room are
 * spread over them). `pids`: the server processes whose CPU is measured, each on its own (default:
 * the target's).
 */
export async function manyRooms(target: Target, s: RoomsScenario, roomUrl: (r: number, c: number) => string, pids: number[] = [target.pid]) {
	const sentAt = new Map<number, number>();
	const latencies: number[] = [];
	let delivered = 0;
	let errors = 0;
	const sockets: WebSocket[] = [];
	const writers: { ws: WebSocket; doc: Y.Doc; pending: Uint8Array[] }[] = [];
	for (let r = 0; r < s.rooms; r++) {
		for (let c = 0; c < s.clients; c++) {
			const ws = await open(roomUrl(r, c), target.origin, target.cookie);
			ws.on('error', () => errors++);
			ws.on('close', (code) => code !== 1000 && code !== 1005 && errors++);
			if (c === 0) {
				const doc = new Y.Doc();
				const pending: Uint8Array[] = [];
				doc.on('update', (u: Uint8Array) => pending.push(u));
				writers.push({ ws, doc, pending });
			} else {
				ws.on('message', (data: Buffer) => {
					const text = data.toString('latin1');
					for (const match of text.matchAll(/seq-(\d+)/g)) {
						const t0 = sentAt.get(Number(match[1]));
						if (t0 !== undefined) {
							latencies.push(performance.now() - t0);
							delivered++;
						}
					}
				});
			}
			sockets.push(ws);
		}
	}
	let seq = 0;
	const cpu = process.cpuUsage();
	const serverCpu = pids.map(cpuMsOf);
	const started = performance.now();
	const timers: ReturnType<typeof setInterval>[] = [];
	if (s.presenceHz > 0) {
		// each client publishes at its own moment, as people do
		sockets.forEach((ws, i) => {
			let clock = 0;
			const t = setTimeout(() => timers.push(setInterval(() => ws.send(presenceFrame(100_000 + i, ++clock, { focus: `item-${i % 9}`, cursor: clock })), 1000 / s.presenceHz)), Math.random() * (1000 / s.presenceHz));
			timers.push(t as unknown as ReturnType<typeof setInterval>);
		});
	}
	const perRoom = s.updatesPerSecondPerRoom * s.seconds;
	await new Promise<void>((resolve) => {
		const sentPerRoom = new Array<number>(s.rooms).fill(0);
		const tick = setInterval(() => {
			const elapsed = ((performance.now() - started) / 1000) * s.updatesPerSecondPerRoom;
			writers.forEach((w, r) => {
				// the rooms' writers are spread over each period, not all at the same instant
				const due = Math.min(perRoom, Math.max(0, Math.floor(elapsed - r / s.rooms)));
				while (sentPerRoom[r] < due) {
					sentPerRoom[r]++;
					const n = seq++;
					w.doc.getMap('bench').set(`seq-${n}`, n);
					sentAt.set(n, performance.now());
					w.ws.send(updateFrame(w.pending.shift()!));
				}
			});
			if (sentPerRoom.every((x) => x >= perRoom)) {
				clearInterval(tick);
				resolve();
			}
		}, 5);
	});
	const rss = pids.reduce((sum, pid) => sum + rssOf(pid), 0);
	const elapsed = performance.now() - started;
	const nodeCores = pids.map((pid, i) => (cpuMsOf(pid) - serverCpu[i]) / elapsed);
	const serverCore = nodeCores.reduce((a, b) => a + b, 0);
	for (const t of timers) clearInterval(t);
	const expected = seq * (s.clients - 1);
	const deadline = performance.now() + 3000;
	while (delivered < expected && performance.now() < deadline) await sleep(20);
	const used = process.cpuUsage(cpu);
	const harnessCore = (used.user + used.system) / 1000 / (performance.now() - started);
	await closeAll(sockets);
	const sorted = latencies.sort((a, b) => a - b);
	return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN, delivered, expected, rss, harnessCore, serverCore, nodeCores, errors };
}

/**
 * A join storm: `clients` people open a board holding `bytes` of content within one second. A probe
 * in another room asks for its (small) board every 5 ms: its longest wait is how long the server
 * could not answer anyone else.
 */
export async function joinStorm(target: Target, boardUrl: string, probeUrl: string, opts = { clients: 60, bytes: 1024 * 1024, spreadMs: 1000 }) {
	// fill the board: one writer, one update of about `bytes`
	const writer = await open(boardUrl, target.origin, target.cookie);
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	const text = doc.getText('minutes');
	const sentence = 'The agencies agreed to share case summaries only through in-system referrals, with consent. ';
	doc.transact(() => {
		while (text.length < opts.bytes) text.insert(text.length, sentence.repeat(50));
	});
	writer.send(updateFrame(updates[0]));
	// wait until the server holds it
	for (;;) {
		const { ws, bytes } = await joinAndSync(boardUrl, target.origin, target.cookie);
		ws.close();
		if (bytes >= opts.bytes) break;
		await sleep(50);
	}
	writer.close();

	const probe = await open(probeUrl, target.origin, target.cookie);
	const waits: number[] = [];
	let probing = true;
	const probeLoop = (async () => {
		while (probing) {
			const t0 = performance.now();
			await new Promise<void>((resolve) => {
				const onMessage = (data: Buffer) => {
					if (step2Payload(data)) {
						probe.off('message', onMessage);
						resolve();
					}
				};
				probe.on('message', onMessage);
				probe.send(step1Frame(new Uint8Array([0])));
			});
			waits.push(performance.now() - t0);
			await sleep(5);
		}
	})();
	await sleep(200);
	const started = performance.now();
	const joins = await Promise.all(
		Array.from({ length: opts.clients }, async (_, i) => {
			await sleep((i * opts.spreadMs) / opts.clients);
			const r = await joinAndSync(boardUrl, target.origin, target.cookie);
			return { ...r, doneAt: performance.now() - started };
		})
	);
	probing = false;
	await probeLoop;
	const rss = rssOf(target.pid);
	await closeAll([probe, ...joins.map((j) => j.ws)]);
	const joinMs = joins.map((j) => j.ms).sort((a, b) => a - b);
	return {
		lastSyncedAt: Math.max(...joins.map((j) => j.doneAt)),
		joinP50: percentile(joinMs, 50),
		joinMax: joinMs.at(-1)!,
		probeMax: Math.max(...waits),
		probeP99: percentile([...waits].sort((a, b) => a - b), 99),
		bytes: joins[0].bytes,
		rss
	};
}

export function printRooms(label: string, a: Awaited<ReturnType<typeof manyRooms>>, r: Awaited<ReturnType<typeof manyRooms>>) {
	const row = (who: string, x: typeof a) =>
		`| ${label} | ${who} | ${x.p50.toFixed(1)} | ${x.p99.toFixed(1)} | ${x.max.toFixed(1)} | ${x.delivered}/${x.expected} | ${x.errors} | ${mib(x.rss)} MiB | ${(x.serverCore * 100).toFixed(0)}% | ${(x.harnessCore * 100).toFixed(0)}% |`;
	console.log(row('Accord', a));
	console.log(row('reference', r));
	console.log(`| ${label} | ratio Accord/reference | ${(a.p50 / r.p50).toFixed(2)} | ${(a.p99 / r.p99).toFixed(2)} | ${(a.max / r.max).toFixed(2)} | | | ${(a.rss / r.rss).toFixed(2)} | ${(a.serverCore / r.serverCore).toFixed(2)} | |`);
}

/** A stock y-websocket client (what the browser runs), for generating realistic boards over the wire. */
export async function provider(target: Target, board: string): Promise<{ doc: Y.Doc; done: () => Promise<void> }> {
	const { WebsocketProvider } = await import('y-websocket');
	const WebSocketImpl = (await import('ws')).default;
	const socket = class extends WebSocketImpl {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers: { origin: target.origin, cookie: target.cookie } });
		}
	};
	const url = target.url(board);
	const cut = url.lastIndexOf('/');
	const doc = new Y.Doc();
	const p = new WebsocketProvider(url.slice(0, cut), url.slice(cut + 1), doc, { WebSocketPolyfill: socket as unknown as typeof globalThis.WebSocket, disableBc: true });
	await new Promise<void>((resolve) => p.once('sync', () => resolve()));
	return {
		doc,
		// waits until the server has everything this client wrote (its state vector echoes back)
		async done() {
			for (;;) {
				const { ws, update } = await joinAndSync(url, target.origin, target.cookie);
				ws.close();
				const held = new Y.Doc();
				Y.applyUpdate(held, update);
				const mine = Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID);
				if (Y.decodeStateVector(Y.encodeStateVector(held)).get(doc.clientID) === mine) break;
				await sleep(100);
			}
			p.destroy();
		}
	};
}

/** How long the server takes to hand a whole board to someone who has nothing: best of three. */
export async function lateJoin(target: Target, board: string): Promise<{ ms: number; bytes: number }> {
	let best = { ms: Number.POSITIVE_INFINITY, bytes: 0 };
	for (let i = 0; i < 3; i++) {
		const { ws, ms, bytes } = await joinAndSync(target.url(board), target.origin, target.cookie);
		ws.close();
		if (ms < best.ms) best = { ms, bytes };
	}
	return best;
}
