import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { boardOnDisk, demoSession, MANY_PEOPLE_ONE_ACCOUNT, processes, stockClient } from '../fixtures/process';

const servers = processes();
const providers: WebsocketProvider[] = [];
afterEach(async () => {
	for (const p of providers.splice(0)) p.destroy();
	await servers.killAll();
});

const typed = (doc: Y.Doc) => doc.getArray<string>('typed').toArray();

describe('a crash', () => {
	it('kill -9 while 60 people type: nothing the server had sent on is lost, everyone resyncs without duplicates, SIGTERM then flushes and exits', async () => {
		const first = await servers.start({ ACCORD_ROOM_UNLOAD_MS: '30000', ...MANY_PEOPLE_ONE_ACCOUNT }, ['--demo']);
		const { workshop, cookie } = await demoSession(first);
		const env = { PORT: String(first.port), ORIGIN: first.origin, ...MANY_PEOPLE_ONE_ACCOUNT };
		const connect = async () => {
			const client = await stockClient(first, cookie, workshop, 'agenda');
			providers.push(client.provider);
			return client;
		};
		const people = await Promise.all(Array.from({ length: 60 }, connect));
		// the observer types nothing: what it receives is what the server had stored and sent on
		const observer = await connect();
		await vi.waitFor(() => expect([...people, observer].every((p) => p.provider.synced)).toBe(true), { timeout: 30_000 });

		let n = 0;
		const typing = setInterval(() => {
			for (const [i, p] of people.entries()) if ((n + i) % 6 === 0) p.doc.getArray<string>('typed').push([`${i}:${n}`]);
			n++;
		}, 20);
		await vi.waitFor(() => expect(typed(observer.doc).length).toBeGreaterThan(1500), { timeout: 30_000 });
		first.child.kill('SIGKILL');
		await first.exited;
		clearInterval(typing);
		const relayed = typed(observer.doc);

		const onDisk = new Set(typed(boardOnDisk(first.dataDir, `${workshop}/agenda`).doc));
		expect(relayed.filter((item) => !onDisk.has(item))).toEqual([]);

		// Everyone kept typing until the kill; their providers reconnect to the restarted server by themselves.
		const everything = new Set(people.flatMap((p) => typed(p.doc)));
		const second = await servers.start(env, [], first.dataDir);
		await second.waitFor(/listening/);
		const restarted = performance.now();
		await vi.waitFor(
			() => {
				for (const p of [...people, observer]) expect(p.provider.wsconnected && p.provider.synced && typed(p.doc).length === everything.size).toBe(true);
			},
			{ timeout: 30_000, interval: 20 }
		);
		console.log(`kill -9: ${relayed.length} items relayed before the kill, all on disk; ${people.length + 1} clients resynced ${(performance.now() - restarted).toFixed(0)} ms after the restart`);
		const final = typed(observer.doc);
		expect(new Set(final)).toEqual(everything);
		expect(final.length).toBe(everything.size);

		const stopping = performance.now();
		second.child.kill('SIGTERM');
		expect(await second.exited).toBe(0);
		console.log(`SIGTERM: exited in ${(performance.now() - stopping).toFixed(0)} ms`);
		expect(new Set(typed(boardOnDisk(first.dataDir, `${workshop}/agenda`).doc))).toEqual(everything);
	}, 180_000);
});
