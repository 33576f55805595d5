import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { syncMessage } from '../fixtures/frames';
import { demoSession, MANY_PEOPLE_ONE_ACCOUNT, processes } from '../fixtures/process';

/**
 * Sixty people all writing at once, 3,000 updates a second in total, against the production server.
 * Not timed: what must hold is that the server, once everyone has gone, goes idle (no backlog left
 * burning the CPU for connections that are gone) and stops cleanly on SIGTERM.
 */
const servers = processes();
afterEach(servers.killAll);

/** CPU time the process has used, in ms (Linux /proc). */
function cpuMs(pid: number): number {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

describe('a write storm', () => {
	it('leaves the server idle once everyone has gone, and it stops cleanly on SIGTERM', async () => {
		const p = await servers.start(MANY_PEOPLE_ONE_ACCOUNT, ['--demo']);
		const { workshop, cookie } = await demoSession(p);
		const url = `ws://127.0.0.1:${p.port}/collab/${workshop}/agenda`;
		const writers = await Promise.all(
			Array.from({ length: 60 }, () => {
				const ws = new WebSocket(url, { headers: { origin: p.origin, cookie } });
				ws.on('error', () => {});
				return new Promise<WebSocket>((resolve, reject) => {
					ws.once('open', () => resolve(ws));
					ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
				});
			})
		);
		let received = 0;
		writers[0].on('message', () => received++);
		const docs = writers.map(() => new Y.Doc());
		const seconds = 4;
		for (let tick = 0; tick < seconds * 50; tick++) {
			// every 20 ms each of the 60 writes once: 3,000 updates a second in all
			writers.forEach((ws, i) => {
				const updates: Uint8Array[] = [];
				docs[i].once('update', (u: Uint8Array) => updates.push(u));
				docs[i].getMap('storm').set(`${i}`, tick);
				if (ws.readyState === WebSocket.OPEN) ws.send(syncMessage(2, updates[0]));
			});
			await new Promise((r) => setTimeout(r, 20));
		}
		expect(received).toBeGreaterThan(0);
		for (const ws of writers) ws.terminate();
		// idle: well under a tenth of a core over a second, soon after the last client left
		const pid = p.child.pid!;
		await vi.waitFor(
			async () => {
				const before = cpuMs(pid);
				await new Promise((r) => setTimeout(r, 1000));
				expect(cpuMs(pid) - before).toBeLessThan(100);
			},
			{ timeout: 60_000, interval: 100 }
		);
		p.child.kill('SIGTERM');
		await p.waitFor(/stopped/);
		expect(await p.exited).toBe(0);
	}, 120_000);
});
