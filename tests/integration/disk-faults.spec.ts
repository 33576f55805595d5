// Storage faults as the kernel reports them, against the production server in its own process: a
// disk that refuses every write (the running server's file-size limit set to nothing, so each write
// fails with EFBIG and SQLite reports an I/O error) and a filesystem that is really full (a small
// tmpfs, where writes fail with ENOSPC). collab-storage.spec.ts covers a database locked by another
// process and a database at its page limit, in-process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { boardOnDisk, demoSession, processes, stockClient, type ServerProcess } from '../fixtures/process';

const servers = processes();
const providers: WebsocketProvider[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
	for (const p of providers.splice(0)) p.destroy();
	await servers.killAll();
	for (const c of cleanups.splice(0).reverse()) c();
});

/** Sets the soft limit on the size of files a running process may write (`unlimited` lifts it). */
function fileSizeLimit(pid: number, bytes: number | 'unlimited'): void {
	const r = spawnSync('prlimit', ['--pid', String(pid), `--fsize=${bytes}:unlimited`], { encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`prlimit failed: ${r.stderr || r.error}`);
}

/** Whether this machine lets the tests mount a small tmpfs (root with CAP_SYS_ADMIN; CI machines are). */
function canMount(): boolean {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-mount-probe-'));
	try {
		if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]).status !== 0) return false;
		spawnSync('umount', [dir]);
		return true;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

const minutes = (doc: Y.Doc) => doc.getText('minutes').toString();

/** The board's text as it is on disk, once the database has passed SQLite's integrity check. */
function minutesOnDisk(dataDir: string, name: string): string {
	const { doc, integrity } = boardOnDisk(dataDir, name);
	expect(integrity).toBe('ok');
	return minutes(doc);
}

/** A writer and a reader of the demo workshop's agenda, both synced. */
async function writerAndReader(server: ServerProcess) {
	const { workshop, cookie } = await demoSession(server);
	const [writer, reader] = await Promise.all([stockClient(server, cookie, workshop, 'agenda'), stockClient(server, cookie, workshop, 'agenda')]);
	providers.push(writer.provider, reader.provider);
	await vi.waitFor(() => expect(writer.provider.synced && reader.provider.synced).toBe(true), { timeout: 15_000 });
	return { workshop, writer, reader };
}

describe('storage faults the kernel reports', () => {
	it('a disk that refuses every write: nothing is relayed or acknowledged, the writer is told, the server stays up, and the edit lands once writes work again', async () => {
		const server = await servers.start({ ACCORD_ROOM_UNLOAD_MS: '30000' }, ['--demo']);
		const { workshop, writer, reader } = await writerAndReader(server);
		fileSizeLimit(server.child.pid!, 0);
		const text = 'Written while the disk refused every write';
		writer.doc.getText('minutes').insert(0, text);
		await vi.waitFor(() => expect(writer.closes).toContain(CloseCode.StorageUnavailable), { timeout: 15_000 });
		expect(minutes(reader.doc)).toBe('');
		expect(server.output()).toMatch(/could not store an update .*(I\/O|disk)/i);
		expect(server.child.exitCode).toBeNull();
		fileSizeLimit(server.child.pid!, 'unlimited');
		// the writer's client kept the edit, reconnects by itself and sends it again
		await vi.waitFor(() => expect(minutes(reader.doc)).toBe(text), { timeout: 15_000 });
		server.child.kill('SIGTERM');
		expect(await server.exited).toBe(0);
		expect(minutesOnDisk(server.dataDir, `${workshop}/agenda`)).toBe(text);
		expect(server.output()).not.toMatch(/\n\s+at /);
	}, 60_000);

	// Mounting needs root; a machine that forbids it cannot run this test (the one above covers write errors).
	it.skipIf(!canMount())('a really full filesystem: nothing is relayed or acknowledged, the writer is told, and the edit lands once space is freed', async () => {
		const mountpoint = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-small-disk-'));
		expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mountpoint]).status).toBe(0);
		cleanups.push(() => fs.rmSync(mountpoint, { recursive: true, force: true }));
		cleanups.push(() => spawnSync('umount', ['-l', mountpoint]));
		const dataDir = path.join(mountpoint, 'data');
		const server = await servers.start({ ACCORD_ROOM_UNLOAD_MS: '30000' }, ['--demo'], dataDir);
		const { workshop, writer, reader } = await writerAndReader(server);
		// fill what is left of the filesystem
		const filler = path.join(mountpoint, 'filler');
		const fd = fs.openSync(filler, 'w');
		const chunk = Buffer.alloc(64 * 1024, 1);
		try {
			for (;;) fs.writeSync(fd, chunk);
		} catch (error) {
			expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
		} finally {
			fs.closeSync(fd);
		}
		// SQLite may still have room inside its write-ahead log (it reuses the file after a checkpoint):
		// the writer goes on adding to the minutes until the disk refuses one of its changes.
		const part = (k: number) => `Part ${k} of the minutes. ${'A long account of the discussion. '.repeat(10_000)}`;
		let parts = 0;
		await vi.waitFor(
			() => {
				if (!writer.closes.includes(CloseCode.StorageUnavailable) && writer.provider.wsconnected) {
					const text = writer.doc.getText('minutes');
					text.insert(text.length, part(parts++));
				}
				expect(writer.closes).toContain(CloseCode.StorageUnavailable);
			},
			{ timeout: 30_000, interval: 300 }
		);
		const written = minutes(writer.doc);
		// what the others have is only what was stored: the refused part never reached them
		expect(written.startsWith(minutes(reader.doc))).toBe(true);
		expect(minutes(reader.doc).length).toBeLessThan(written.length);
		expect(server.output()).toMatch(/could not store .*full/i);
		expect(server.child.exitCode).toBeNull();
		fs.rmSync(filler);
		await vi.waitFor(() => expect(minutes(reader.doc)).toBe(written), { timeout: 15_000 });
		server.child.kill('SIGTERM');
		expect(await server.exited).toBe(0);
		expect(minutesOnDisk(dataDir, `${workshop}/agenda`)).toBe(written);
	}, 60_000);
});
