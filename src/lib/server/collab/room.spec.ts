import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDatabase } from '../db/database';
import { DEFAULT_COLLAB_LIMITS } from '../config';
import { SqliteDocumentStore } from '../repositories/sqlite-documents';
import type { Connection } from './connection';
import { mergeParts, Room, type BackgroundCompaction } from './room';

/** A background compaction the test finishes by hand (the storage worker's work, done on the spot). */
function manualCompaction(store: SqliteDocumentStore) {
	const runs: { name: string; finish: () => void }[] = [];
	const background: BackgroundCompaction = (name) =>
		new Promise((resolve) => {
			runs.push({ name, finish: () => resolve({ ...store.compact(name, mergeParts), folded: 0 }) });
		});
	return { runs, background };
}

const quietConnection = () => ({ send() {}, sendPrepared() {}, readOnly: false }) as unknown as Connection;

describe('room compaction', () => {
	it('compacts again when the last person leaves while a compaction is running', async () => {
		const store = new SqliteDocumentStore(openDatabase(':memory:'));
		const { runs, background } = manualCompaction(store);
		const limits = { ...DEFAULT_COLLAB_LIMITS, compactAfterRows: 5, roomUnloadMs: 60_000 };
		const room = new Room('w/agenda', 'w', 'agenda', { store, limits, log: () => {}, onUnload: () => {}, background });
		const writer = quietConnection();
		room.join(writer);
		const client = new Y.Doc();
		const updates: Uint8Array[] = [];
		client.on('update', (u: Uint8Array) => updates.push(u));
		for (let i = 0; i < 8; i++) {
			client.getText('t').insert(0, `${i}`);
			room.receiveUpdate(writer, updates.at(-1)!);
		}
		expect(runs).toHaveLength(1);
		// two more edits, then the person leaves, while the first compaction is still merging
		for (let i = 0; i < 2; i++) {
			client.getText('t').insert(0, 'x');
			room.receiveUpdate(writer, updates.at(-1)!);
		}
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
});
