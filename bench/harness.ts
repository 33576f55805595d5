// What every benchmark shares: raw protocol frames, sockets, percentiles, servers to compare.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { syncMessage } from '../tests/fixtures/frames';

export interface Target {
	name: string;
	url: (board: string) => string;
	origin: string;
	cookie: string;
	pid: number;
}

export { message as frame, presenceMessage as presenceFrame } from '../tests/fixtures/frames';
export const updateFrame = (update: Uint8Array) => syncMessage(2, update);
export const step1Frame = (stateVector: Uint8Array) => syncMessage(0, stateVector);

/** The payload of a sync step 2 frame, or null for any other frame. */
export function step2Payload(data: Buffer): Uint8Array | null {
	const d = decoding.createDecoder(new Uint8Array(data));
	return decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === 1 ? decoding.readVarUint8Array(d) : null;
}

export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return Number.NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function open(url: string, origin: string, cookie: string): Promise<WebSocket> {
	const ws = new WebSocket(url, { headers: { origin, cookie }, perMessageDeflate: false });
	ws.binaryType = 'nodebuffer';
	await new Promise((resolve, reject) => {
		ws.once('open', resolve);
		ws.once('error', reject);
		ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
	});
	return ws;
}

/** Opens a socket, asks for the whole board and resolves when it has arrived (ms from the request, bytes). */
export async function joinAndSync(url: string, origin: string, cookie: string): Promise<{ ws: WebSocket; ms: number; bytes: number; update: Uint8Array }> {
	const started = performance.now();
	const ws = await open(url, origin, cookie);
	const update = await new Promise<Uint8Array>((resolve) => {
		ws.on('message', (data: Buffer) => {
			const payload = step2Payload(data);
			if (payload) resolve(payload);
		});
		ws.send(step1Frame(new Uint8Array([0])));
	});
	return { ws, ms: performance.now() - started, bytes: update.byteLength, update };
}

export async function closeAll(sockets: WebSocket[]): Promise<void> {
	await Promise.all(
		sockets.map((ws) =>
			ws.readyState === WebSocket.CLOSED
				? null
				: new Promise<void>((resolve) => {
						ws.once('close', () => resolve());
						ws.close();
					})
		)
	);
}

/** Resident memory of a process, from /proc (Linux). */
export function rssOf(pid: number): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) * 1024;
}

/** CPU time a process has used so far (user + system), in milliseconds, from /proc (Linux). */
export function cpuMsOf(pid: number): number {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second on Linux)
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

export const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** The reference y-websocket server (@y/websocket-server 0.1.1, no persistence) as its own process. */
export async function startReference(): Promise<{ target: Target; child: ChildProcess }> {
	const port = 20_000 + Math.floor(Math.random() * 20_000);
	const child = spawn(process.execPath, ['node_modules/@y/websocket-server/src/server.js'], { env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
	await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('running') && resolve()));
	const run = Math.random().toString(36).slice(2);
	return {
		child,
		target: { name: 'reference', url: (board) => `ws://127.0.0.1:${port}/bench-${run}-${board}`, origin: `http://127.0.0.1:${port}`, cookie: '', pid: child.pid! }
	};
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
