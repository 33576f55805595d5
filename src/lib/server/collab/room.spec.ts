import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../collab/close-codes';
import * as Y from 'yjs';
import { openDatabase } from '../db/database';
import { DEFAULT_COLLAB_LIMITS } from '../config';
import { SqlDocumentStore } from '../repositories/sql-documents';
import type { Connection } from './connection';
import * as decoding from 'lib0/decoding';
import type { PreparedFrame } from './prepared-frame';
import { COMPACT_WHEN_QUIET_MS, mergeParts } from './compaction';
import { Room } from './room';
import { MERGE_AT_MOST } from './turn';
import type { BackgroundCompaction } from './types';

/** A background compaction the test finishes by hand (the storage worker's work, done on the spot). */
function manualCompaction(store: SqlDocumentStore) {
	const runs: { name: string; finish: () => void }[] = [];
	const background: BackgroundCompaction = (name) =>
		new Promise((resolve) => {
			runs.push({ name, finish: () => resolve({ ...store.compact(name, mergeParts), folded: 0 }) });
		});
	return { runs, background };
}

const quietConnection = () => ({ send() {}, sendPrepared() {}, readOnly: false }) as unknown as Connection;

/** A room that folds its log past 5 rows, on a storage worker the test drives by hand, and one person typing into it. */
function compactingRoom() {
	const store = new SqlDocumentStore(openDatabase(':memory:'));
	const { runs, background } = manualCompaction(store);
	const limits = { ...DEFAULT_COLLAB_LIMITS, compactAfterRows: 5, roomUnloadMs: 60_000 };
	const room = new Room('w/agenda', 'w', 'agenda', { store, limits, log: () => {}, onUnload: () => {}, background });
	const writer = quietConnection();
	room.join(writer);
	const client = new Y.Doc();
	const updates: Uint8Array[] = [];
	client.on('update', (u: Uint8Array) => updates.push(u));
	const type = (text: string) => {
		client.getText('t').insert(0, text);
		room.receiveUpdate(writer, updates.at(-1)!);
	};
	return { store, runs, limits, room, writer, client, type };
}

describe('room compaction', () => {
	it('compacts again when the last person leaves while a compaction is running', async () => {
		const { store, runs, room, writer, client, type } = compactingRoom();
		for (let i = 0; i < 8; i++) type(`${i}`);
		await expect.poll(() => runs.length).toBe(1);
		// two more edits, then the person leaves, while the first compaction is still merging
		for (let i = 0; i < 2; i++) type('x');
		room.leave(writer);
		expect(runs).toHaveLength(1);
		runs[0].finish();
		await expect.poll(() => runs.length).toBe(2);
		runs[1].finish();
		await expect.poll(() => store.load('w/agenda').updates.length).toBe(0);
		const onDisk = new Y.Doc();
		Y.applyUpdate(onDisk, store.load('w/agenda').snapshot!);
		expect(onDisk.getText('t').toString()).toBe(client.getText('t').toString());
		room.unload();
	});

	it('folds a log worth folding once nobody has written for a moment, and at once past the hard cap', async () => {
		const { store, runs, limits, room, type } = compactingRoom();
		for (let i = 0; i < 8; i++) type(`${i}`);
		// people keep typing, each change well within the quiet time of the one before: no fold yet
		const started = Date.now();
		while (Date.now() - started < COMPACT_WHEN_QUIET_MS * 2) {
			type('x');
			await new Promise((resolve) => setTimeout(resolve, COMPACT_WHEN_QUIET_MS / 5));
			expect(runs).toHaveLength(0);
		}
		// they stop: the fold starts once the board has been quiet
		await expect.poll(() => runs.length, { timeout: COMPACT_WHEN_QUIET_MS * 4 }).toBe(1);
		runs[0].finish();
		await expect.poll(() => store.load('w/agenda').updates.length).toBe(0);

		// past the hard cap (20 × compactAfterRows), the fold starts at once, typing or not
		for (let i = 0; i <= limits.compactAfterRows * 20; i++) type('y');
		expect(runs).toHaveLength(2);
		runs[1].finish();
		room.unload();
	});
});

/** A connection that keeps what it is sent: one entry per socket write, each a list of messages. */
function recordingConnection() {
	const writes: Uint8Array[][] = [];
	const closed: number[] = [];
	const conn = {
		send: (f: Uint8Array) => writes.push([f]),
		sendPrepared: (p: PreparedFrame) => writes.push([...p.payloads]),
		close: (code: number) => closed.push(code),
		readOnly: false
	} as unknown as Connection;
	return { conn, writes, closed };
}

/** One update that sets `key` in a person's own copy. */
function edit(doc: Y.Doc, key: string): Uint8Array {
	let update: Uint8Array | null = null;
	doc.once('update', (u: Uint8Array) => (update = u));
	doc.getMap('m').set(key, key);
	return update!;
}

const updateOf = (message: Uint8Array) => {
	const d = decoding.createDecoder(message);
	expect([decoding.readVarUint(d), decoding.readVarUint(d)]).toEqual([0, 2]);
	return decoding.readVarUint8Array(d);
};

describe('room relay', () => {
	it('sends a busy turn to everyone, senders included, in bounded merges and one write per person', async () => {
		const store = new SqlDocumentStore(openDatabase(':memory:'));
		const room = new Room('w/agenda', 'w', 'agenda', { store, limits: { ...DEFAULT_COLLAB_LIMITS, roomUnloadMs: 60_000 }, log: () => {}, onUnload: () => {} });
		const people = Array.from({ length: 3 }, recordingConnection);
		for (const p of people) room.join(p.conn);
		await new Promise((resolve) => setImmediate(resolve));
		for (const p of people) p.writes.length = 0; // what joining sends (the server's state vector, presence)
		// 100 updates from three writers in one turn of the event loop
		const docs = people.map(() => new Y.Doc());
		for (let i = 0; i < 100; i++) {
			const w = i % 3;
			room.receiveUpdate(people[w].conn, edit(docs[w], `k${i}`));
		}
		const sameTurn = people.map((p) => p.writes.length);
		await new Promise((resolve) => setImmediate(resolve));
		for (const [k, p] of people.entries()) {
			// the first update went out at once to the two others; the rest in one write after the turn
			expect(p.writes.length).toBe(sameTurn[k] + 1);
			const last = p.writes.at(-1)!;
			expect(last).toHaveLength(Math.ceil(99 / MERGE_AT_MOST));
			// each person's copy: its own writes, then everything it was sent
			const copy = new Y.Doc();
			Y.applyUpdate(copy, Y.encodeStateAsUpdate(docs[k]));
			for (const w of p.writes) for (const message of w) Y.applyUpdate(copy, updateOf(message));
			expect(copy.getMap('m').size).toBe(100);
			expect(copy.store.pendingStructs).toBeNull();
		}
		room.unload();
	});

	it('stores a busy turn in one transaction before sending it, and sends nothing of it if storage refuses', async () => {
		const store = new SqlDocumentStore(openDatabase(':memory:'));
		let unloaded = 0;
		const room = new Room('w/agenda', 'w', 'agenda', { store, limits: { ...DEFAULT_COLLAB_LIMITS, roomUnloadMs: 60_000 }, log: () => {}, onUnload: () => unloaded++ });
		const [writer, reader] = [recordingConnection(), recordingConnection()];
		room.join(writer.conn);
		room.join(reader.conn);
		await new Promise((resolve) => setImmediate(resolve));
		reader.writes.length = 0;
		const doc = new Y.Doc();
		const batches: number[] = [];
		const appendMany = store.appendMany.bind(store);
		store.appendMany = (name, updates) => {
			batches.push(updates.length);
			return appendMany(name, updates);
		};
		for (let i = 0; i < 5; i++) room.receiveUpdate(writer.conn, edit(doc, `a${i}`));
		// the first is stored on its own at once; the other four wait for the turn's end; nothing is sent yet
		expect(reader.writes).toHaveLength(0);
		expect(store.load('w/agenda').updates).toHaveLength(1);
		await new Promise((resolve) => setImmediate(resolve));
		expect(batches).toEqual([4]);
		expect(store.load('w/agenda').updates).toHaveLength(5);
		// all five in one write to each person
		expect(reader.writes).toHaveLength(1);

		// a turn storage refuses: nobody is sent any of it, everyone reconnects to what is on disk
		store.appendMany = () => {
			throw new Error('disk full');
		};
		for (let i = 0; i < 3; i++) room.receiveUpdate(writer.conn, edit(doc, `b${i}`));
		await new Promise((resolve) => setImmediate(resolve));
		// not even the turn's first, stored on its own: everyone reloads it from disk
		expect(reader.writes).toHaveLength(1);
		expect(reader.closed).toEqual([CloseCode.StorageUnavailable]);
		expect(writer.closed).toEqual([CloseCode.StorageUnavailable]);
		expect(room.destroyed).toBe(true);
		expect(unloaded).toBe(1);
		expect(store.load('w/agenda').updates).toHaveLength(6);
	});
});

