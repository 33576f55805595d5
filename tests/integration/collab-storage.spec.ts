import { spawn } from 'node:child_process';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { AgendaDoc } from '../../src/lib/collab/agenda-doc';
import { CloseCode } from '../../src/lib/collab/close-codes';
import { SERVER_AWARENESS_ID, type ServerPresence } from '../../src/lib/collab/protocol';
import { userOrigin } from '../../src/lib/collab/origins';
import { syncMessage } from '../fixtures/fuzz';
import { createApp } from '../../src/lib/server/app';
import { loadConfig } from '../../src/lib/server/config';
import { MANY_PEOPLE_ONE_ACCOUNT } from '../fixtures/process';
import { ClientPool, closeCode, rawSocket, seedWorkshop, startServer, waitForSync, docFromDisk, type ProviderClient, type SeededWorkshop, type TestServer } from '../fixtures/server';

let server: TestServer;
let w: SeededWorkshop;
const pool = new ClientPool();

afterEach(async () => {
	pool.destroyAll();
	await server.close();
});

describe('storage faults', () => {
	beforeEach(async () => {
		server = await startServer();
		w = await seedWorkshop(server.app);
	});

	it('refuses the connection (500) when a stored board cannot be loaded, never serving it empty', async () => {
		server.app.db.prepare('UPDATE doc_snapshots SET state = ? WHERE name = ?').run(Buffer.from([0xff, 0xff, 0xff, 0x01]), `${w.workshopId}/agenda`);
		await expect(rawSocket(server, `/collab/${w.workshopId}/agenda`, w.participantA.token)).rejects.toMatchObject({ status: 500 });
		expect(server.logs.some((l) => l.includes('could not load'))).toBe(true);
	});

	it('applies and sends nothing when a write fails, and the edit arrives once storage is back', async () => {
		const writer = pool.connect(server, w.workshopId, 'agenda', w.participantA.token);
		const reader = pool.connect(server, w.workshopId, 'agenda', w.participantB.token);
		await Promise.all([waitForSync(writer), waitForSync(reader)]);
		const store = server.app.documents;
		const append = store.append.bind(store);
		store.append = () => {
			throw new Error('SQLITE_FULL: database or disk is full');
		};
		new AgendaDoc(writer.doc).update('lunch', { title: 'Written while the disk was full' }, userOrigin(writer.doc.clientID));
		await vi.waitFor(() => expect(writer.closes).toContain(CloseCode.StorageUnavailable));
		const room = server.app.collab.rooms.get(`${w.workshopId}/agenda`)!;
		expect(new AgendaDoc(room.doc).items().find((i) => i.id === 'lunch')?.title).toBe('Lunch');
		expect(new AgendaDoc(reader.doc).items().find((i) => i.id === 'lunch')?.title).toBe('Lunch');
		store.append = append;
		// the writer's browser kept the edit, reconnects by itself and resends it
		await vi.waitFor(() => expect(new AgendaDoc(reader.doc).items().find((i) => i.id === 'lunch')?.title).toBe('Written while the disk was full'), { timeout: 10_000 });
	});
});

/** Another process holding SQLite's write lock on Accord's database until told to let go. */
async function holdWriteLock(file: string): Promise<{ release: () => Promise<void> }> {
	const script = `
		const db = new (require('better-sqlite3'))(process.argv[1]);
		db.exec('BEGIN IMMEDIATE');
		process.stdout.write('locked\\n');
		process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });`;
	const child = spawn(process.execPath, ['-e', script, file], { stdio: ['pipe', 'pipe', 'inherit'] });
	await new Promise<void>((resolve, reject) => {
		child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
		child.once('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
	});
	return {
		release: async () => {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.stdin.write('go\n');
			await exited;
		}
	};
}

const lunchTitle = (c: ProviderClient) => new AgendaDoc(c.doc).items().find((i) => i.id === 'lunch')?.title;

describe('real storage faults', () => {
	beforeEach(async () => {
		server = await startServer();
		w = await seedWorkshop(server.app);
	});

	it('while another process holds the database lock, refuses the write without blocking the server, and takes it once the lock is gone', async () => {
		const writer = pool.connect(server, w.workshopId, 'agenda', w.participantA.token);
		const reader = pool.connect(server, w.workshopId, 'agenda', w.participantB.token);
		await Promise.all([waitForSync(writer), waitForSync(reader)]);
		const lock = await holdWriteLock(path.join(server.dataDir, 'accord.sqlite'));
		const delay = monitorEventLoopDelay({ resolution: 5 });
		delay.enable();
		new AgendaDoc(writer.doc).update('lunch', { title: 'Written while the database was locked' }, userOrigin(writer.doc.clientID));
		await vi.waitFor(() => expect(writer.closes).toContain(CloseCode.StorageUnavailable));
		delay.disable();
		// the wait for the lock is bounded (ACCORD_DB_BUSY_TIMEOUT_MS, 100 ms by default), not SQLite's usual seconds
		expect(delay.max / 1e6).toBeLessThan(1000);
		expect(lunchTitle(reader)).toBe('Lunch');
		expect(server.logs.some((l) => /could not store an update .*locked/i.test(l))).toBe(true);
		await lock.release();
		await vi.waitFor(() => expect(lunchTitle(reader)).toBe('Written while the database was locked'), { timeout: 15_000 });
		expect(server.app.sqlite!.pragma('integrity_check', { simple: true })).toBe('ok');
		expect(new AgendaDoc(docFromDisk(server, `${w.workshopId}/agenda`)).items().find((i) => i.id === 'lunch')?.title).toBe('Written while the database was locked');
	});

	it('when the database cannot grow (disk full), acknowledges and relays nothing, and takes the edit once there is space', async () => {
		const writer = pool.connect(server, w.workshopId, 'agenda', w.participantA.token);
		const reader = pool.connect(server, w.workshopId, 'agenda', w.participantB.token);
		await Promise.all([waitForSync(writer), waitForSync(reader)]);
		// SQLite reports a full disk and a database at its page limit with the same error (SQLITE_FULL).
		server.app.db.exec('VACUUM');
		const pages = server.app.sqlite!.pragma('page_count', { simple: true }) as number;
		server.app.sqlite!.pragma(`max_page_count = ${pages}`);
		const minutes = (c: ProviderClient) => c.doc.getText('minutes').toString();
		writer.doc.getText('minutes').insert(0, `Minutes of the day. ${'A long account of the discussion. '.repeat(10_000)}`);
		await vi.waitFor(() => expect(writer.closes).toContain(CloseCode.StorageUnavailable));
		expect(minutes(reader)).toBe('');
		expect(server.logs.some((l) => /could not store an update .*full/i.test(l))).toBe(true);
		expect(server.app.sqlite!.pragma('integrity_check', { simple: true })).toBe('ok');
		server.app.sqlite!.pragma('max_page_count = 1073741823');
		await vi.waitFor(() => expect(minutes(reader)).toMatch(/^Minutes of the day/), { timeout: 15_000 });
		expect(docFromDisk(server, `${w.workshopId}/agenda`).getText('minutes').toString()).toMatch(/^Minutes of the day/);
	});
});


describe('compaction', () => {
	beforeEach(async () => {
		server = await startServer(MANY_PEOPLE_ONE_ACCOUNT);
		w = await seedWorkshop(server.app);
	});

	// An hour of a busy workshop is 60 people making a change every 6 seconds (36,000 updates):
	// `npm run test:soak` runs that; the suite runs the first ten minutes of it.
	const perPerson = Number(process.env.ACCORD_SOAK_CHANGES_PER_PERSON ?? 100);

	it(`after ${perPerson * 60} changes by 60 people typing, the log is folded into a snapshot from what is on disk once they pause`, async () => {
		const name = `${w.workshopId}/agenda`;
		const people = 60;
		const docs = Array.from({ length: people }, () => new Y.Doc());
		const sockets = await Promise.all(docs.map((_, i) => rawSocket(server, `/collab/${w.workshopId}/agenda`, i % 2 ? w.participantA.token : w.participantB.token)));
		const pending = docs.map(() => [] as Uint8Array[]);
		docs.forEach((d, i) => d.on('update', (u: Uint8Array) => pending[i].push(u)));
		const send = (ws: (typeof sockets)[number], update: Uint8Array) => ws.send(syncMessage(2, update));
		for (let n = 0; n < perPerson; n++) {
			docs.forEach((d, i) => {
				// each person types into their own note, so no update waits for another person's
				const text = d.getText(`note-${i}`);
				if (n % 10 === 9) text.delete(0, 3);
				else text.insert(text.length, `w${n} `);
				send(sockets[i], pending[i].pop()!);
			});
			// let the server keep up, as real typing would
			if (n % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
		}
		const room = server.app.collab.rooms.get(name)!;
		const clocks = (d: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(d));
		await vi.waitFor(() => {
			const have = clocks(room.doc);
			for (const d of docs) expect(have.get(d.clientID)).toBe(clocks(d).get(d.clientID));
		}, { timeout: 60_000, interval: 100 });
		// the log is folded once they pause (or while they type, past the hard cap of rows)
		const rows = () => server.app.db.prepare('SELECT count(*) FROM doc_updates WHERE name = ?').pluck().get(name) as number;
		await vi.waitFor(() => expect(rows()).toBeLessThan((people * perPerson) / 4), { timeout: 15_000 });
		// Compaction reads what is stored, never the room's memory: a change that only exists in memory
		// (it never reached the disk) does not find its way into the snapshot.
		room.doc.getText('memory-only').insert(0, 'never stored');
		room.compact();
		expect(docFromDisk(server, name).getText('memory-only').toString()).toBe('');
		await Promise.all(sockets.map((ws) => (ws.close(), closeCode(ws))));

		expect(server.app.db.prepare('SELECT count(*) FROM doc_snapshots WHERE name = ?').pluck().get(name)).toBe(1);
		for (const [i, d] of docs.entries()) expect(docFromDisk(server, name).getText(`note-${i}`).toString()).toBe(d.getText(`note-${i}`).toString());

	}, 600_000);
});

describe('size budget', () => {
	beforeEach(async () => {
		server = await startServer({ ACCORD_DOC_WARN_BYTES: '6000', ACCORD_DOC_MAX_BYTES: '12000' });
		w = await seedWorkshop(server.app);
	});

	it('warns the board’s users past the warning size and refuses writes past the limit', async () => {
		const client = pool.connect(server, w.workshopId, 'agenda', w.participantA.token);
		await waitForSync(client);
		const budget = () => (client.provider.awareness.getStates().get(SERVER_AWARENESS_ID) as ServerPresence | undefined)?.server.budget;
		const agenda = new AgendaDoc(client.doc);
		let i = 0;
		const grow = () => agenda.add({ id: `big-${i}`, title: `${i++} ${'x'.repeat(190)}`, minutes: 5, owner: 'y'.repeat(110), board: 'general', position: 1000 + i }, userOrigin(client.doc.clientID));
		// each retry adds one more large item until the server reports the budget
		await vi.waitFor(() => {
			grow();
			expect(budget()).toBe('warn');
		}, { timeout: 10_000, interval: 5 });
		await vi.waitFor(() => {
			grow();
			expect(client.closes).toContain(CloseCode.DocumentTooLarge);
		}, { timeout: 10_000, interval: 5 });
		expect(client.closes).toContain(CloseCode.DocumentTooLarge);
		const room = server.app.collab.rooms.get(`${w.workshopId}/agenda`);
		const stored = server.app.documents.load(`${w.workshopId}/agenda`);
		expect(stored.bytes).toBeLessThan(12000 + 2000);
		expect(room === undefined || Y.encodeStateAsUpdate(room.doc).byteLength < 14000).toBe(true);
	});
});

describe('a database locked while people connect', () => {
	beforeEach(async () => {
		server = await startServer();
		w = await seedWorkshop(server.app);
	});

	it('refuses the upgrade (500) instead of failing, and keeps sessions valid when their sliding update cannot be written', async () => {
		const lock = await holdWriteLock(path.join(server.dataDir, 'accord.sqlite'));
		try {
			// an expired-enough session would be extended and written now; the write is refused, the session is not
			const now = Date.now() + 2 * 3_600_000;
			expect(server.app.sessions.validate(w.participantA.token, now)).not.toBeNull();
			// the access check cannot write the audit trail or sessions: the upgrade is refused, not the process
			const store = server.app.workshops;
			const member = store.member.bind(store);
			store.member = () => {
				throw new Error('SQLITE_BUSY: database is locked');
			};
			await expect(rawSocket(server, `/collab/${w.workshopId}/agenda`, w.participantA.token)).rejects.toMatchObject({ status: 500 });
			store.member = member;
			expect(server.logs.some((l) => l.includes('could not check access'))).toBe(true);
		} finally {
			await lock.release();
		}
		const ws = await rawSocket(server, `/collab/${w.workshopId}/agenda`, w.participantA.token);
		ws.close();
	});
});

describe('the audit log while the database is locked', () => {
	beforeEach(async () => {
		server = await startServer();
		w = await seedWorkshop(server.app);
	});

	it('drops no entry: they wait in order, are reported, and are written once the lock is gone — or at the next start', async () => {
		const before = server.app.audit.list(undefined, 1000).length;
		const lock = await holdWriteLock(path.join(server.dataDir, 'accord.sqlite'));
		const joined = pool.connect(server, w.workshopId, 'agenda', w.participantA.token);
		await waitForSync(joined);
		server.app.audit.record('backup.created', { userId: null, label: 'test' }, { target: 'while locked' });
		expect(server.app.audit.pending.count).toBeGreaterThanOrEqual(2);
		expect(server.logs.some((l) => l.includes('none dropped'))).toBe(true);
		await lock.release();
		await vi.waitFor(() => expect(server.app.audit.pending.count).toBe(0));
		const after = server.app.audit.list(undefined, 1000);
		expect(after.length).toBeGreaterThanOrEqual(before + 2);
		expect(after.map((e) => e.action)).toEqual(expect.arrayContaining(['board.joined', 'backup.created']));
		// in the order they happened
		const ids = after.filter((e) => e.action === 'board.joined' || e.target === 'while locked').map((e) => [e.action, e.id]);
		expect(ids[0][0]).toBe('backup.created');
		expect(server.app.audit.verify()).toMatchObject({ ok: true });

		// locked again, and the server stops before it can write: the entry survives the restart
		const again = await holdWriteLock(path.join(server.dataDir, 'accord.sqlite'));
		server.app.audit.record('backup.created', { userId: null, label: 'test' }, { target: 'kept across a restart' });
		pool.destroyAll();
		await server.app.close();
		await again.release();
		const reopened = createApp(loadConfig({ DATA_DIR: server.dataDir, KITS_DIR: path.resolve('workshop-kits') }), () => {});
		expect(reopened.audit.list(undefined, 5).some((e) => e.target === 'kept across a restart')).toBe(true);
		expect(reopened.audit.verify()).toMatchObject({ ok: true });
		await reopened.close();
		server.app = createApp(loadConfig({ DATA_DIR: server.dataDir, KITS_DIR: path.resolve('workshop-kits') }), () => {});
	});
});
