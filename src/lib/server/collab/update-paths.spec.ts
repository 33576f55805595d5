import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { capture, deletion, sync } from '../../../../tests/fixtures/yjs-updates';
import { isUnder, touchedPaths, UNPLACED } from './update-paths';

describe('touched paths', () => {
	it('names root keys and nested map keys', () => {
		const server = new Y.Doc();
		const client = new Y.Doc();
		const u1 = capture(client, () => {
			const risk = new Y.Map();
			client.getMap('risks').set('r1', risk);
			risk.set('title', 'Lost laptop');
		});
		expect(touchedPaths(u1, server)).toEqual(expect.arrayContaining([['risks', 'r1'], ['risks', 'r1', 'title']]));
		Y.applyUpdate(server, u1);
		const u2 = capture(client, () => (client.getMap('risks').get('r1') as Y.Map<string>).set('title', 'Stolen laptop'));
		expect(touchedPaths(u2, server)).toEqual([['risks', 'r1', 'title']]);
	});

	it('follows text typed inside a nested type to its map key', () => {
		const server = new Y.Doc();
		const client = new Y.Doc();
		const text = new Y.Text();
		Y.applyUpdate(server, capture(client, () => client.getMap('clauses').set('c1', text)));
		const typed = capture(client, () => text.insert(0, 'Hello'));
		expect(touchedPaths(typed, server)).toEqual([['clauses', 'c1']]);
		Y.applyUpdate(server, typed);
		const more = capture(client, () => text.insert(5, ' world'));
		expect(touchedPaths(more, server)).toEqual([['clauses', 'c1']]);
	});

	it('reports deletions of present content, and ignores deletions already applied', () => {
		const server = new Y.Doc();
		const client = new Y.Doc();
		server.getMap('scoring').set('round', 'open');
		sync(server, client);
		const del = capture(client, () => client.getMap('scoring').delete('round'));
		expect(touchedPaths(del, server)).toEqual([['scoring', 'round']]);
		Y.applyUpdate(server, del);
		// a reconnecting client resends its whole delete set; nothing new is touched
		expect(touchedPaths(Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)), server)).toEqual([]);
	});

	it('checks prefixes', () => {
		expect(isUnder(['risks', 'r1', 'title'], ['risks', 'r1'])).toBe(true);
		expect(isUnder(['risks'], ['risks', 'r1'])).toBe(false);
		expect(isUnder(['scoring', 'x'], ['scoring'])).toBe(true);
	});
});

const clockOf = (doc: Y.Doc) => Y.getState(doc.store, doc.clientID);

describe('deletions across garbage-collected content', () => {
	it('names what a deletion removes even when its range starts on a garbage-collected clock', () => {
		// Agency A agrees, withdraws (the server collects the old record), agrees again.
		const server = new Y.Doc();
		const a = new Y.Doc();
		const send = (fn: () => void) => Y.applyUpdate(server, capture(a, fn));
		const agree = () => {
			const record = new Y.Map<string>();
			a.getMap('positions').set('c1|A', record);
			record.set('value', 'agree');
		};
		send(agree);
		send(() => a.getMap('positions').delete('c1|A'));
		send(agree);
		expect(server.store.clients.get(a.clientID)!.some((s) => s instanceof Y.GC || (s instanceof Y.Item && s.content instanceof Y.ContentDeleted))).toBe(true);
		// Agency B's crafted update deletes from A's first clock (collected) to its last.
		const attack = deletion(a.clientID, 0, clockOf(a));
		const paths = touchedPaths(attack, server);
		expect(paths).toContainEqual(['positions', 'c1|A']);
	});

	it('refuses a deletion of clocks the server has never seen as a place it cannot name', () => {
		const server = new Y.Doc();
		const a = new Y.Doc();
		Y.applyUpdate(server, capture(a, () => a.getMap('m').set('k', 'v')));
		expect(touchedPaths(deletion(a.clientID, 0, 50), server)).toContainEqual(UNPLACED);
		expect(touchedPaths(deletion(424242, 0, 1), server)).toContainEqual(UNPLACED);
	});
});
