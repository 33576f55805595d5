import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { acceptsPreparedFrames, prepareFrame, prepareFrames, sendPrepared } from './prepared-frame';

let wss: WebSocketServer | null = null;
afterEach(async () => {
	for (const c of wss?.clients ?? []) c.terminate();
	await new Promise((resolve) => (wss ? wss.close(resolve) : resolve(null)));
	wss = null;
});

/** A server socket (configured as the collaboration server's are) and a client connected to it. */
async function pair(): Promise<{ server: WebSocket; client: WebSocket }> {
	wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
	await once(wss, 'listening');
	const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
	const [server] = (await once(wss, 'connection')) as [WebSocket];
	if (client.readyState !== WebSocket.OPEN) await once(client, 'open');
	return { server, client };
}

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe('prepared frames', () => {
	it('go to the socket as they are, each length form framed right, in order with ordinary sends', async () => {
		const { server, client } = await pair();
		expect(acceptsPreparedFrames(server)).toBe(true);
		const sizes = [0, 1, 125, 126, 127, 65_535, 65_536, 300_000];
		const sent: Uint8Array[] = [];
		const received: Buffer[] = [];
		client.on('message', (data: Buffer) => received.push(data));
		sizes.forEach((n, i) => {
			const prepared = bytes(n, i);
			const ordinary = bytes(3, 100 + i);
			sendPrepared(server, prepareFrame(prepared));
			server.send(ordinary);
			sent.push(prepared, ordinary);
		});
		await expect.poll(() => received.length).toBe(sent.length);
		received.forEach((data, i) => expect(new Uint8Array(data)).toEqual(sent[i]));
	});

	it('carry several messages in one write, each arriving as its own message, also without the fast path', async () => {
		const messages = [bytes(3, 1), bytes(200, 2), bytes(70_000, 3), bytes(0, 4)];
		for (const compressed of [false, true]) {
			wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: compressed ? { threshold: 0 } : false });
			await once(wss, 'listening');
			const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { perMessageDeflate: compressed });
			const [server] = (await once(wss, 'connection')) as [WebSocket];
			expect(acceptsPreparedFrames(server)).toBe(!compressed);
			const received: Buffer[] = [];
			client.on('message', (data: Buffer) => received.push(data));
			sendPrepared(server, prepareFrames(messages));
			server.send(bytes(5, 9));
			await expect.poll(() => received.length).toBe(messages.length + 1);
			expect(received.map((d) => new Uint8Array(d))).toEqual([...messages, bytes(5, 9)]);
			client.terminate();
			for (const c of wss.clients) c.terminate();
			await new Promise((resolve) => wss!.close(resolve));
			wss = null;
		}
	});

	it('keep one copy of the payload', () => {
		const frame = prepareFrame(bytes(1000, 7));
		expect(frame.payloads[0].buffer).toBe(frame.wire.buffer);
		expect(frame.wire.byteLength).toBe(1004);
	});

	it('fall back to an ordinary send when the socket negotiated compression', async () => {
		wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: { threshold: 0 } });
		await once(wss, 'listening');
		const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { perMessageDeflate: true });
		const [server] = (await once(wss, 'connection')) as [WebSocket];
		expect(acceptsPreparedFrames(server)).toBe(false);
		const got = once(client, 'message');
		sendPrepared(server, prepareFrame(bytes(500, 1)));
		const [data] = (await got) as [Buffer];
		expect(new Uint8Array(data)).toEqual(bytes(500, 1));
	});
});
