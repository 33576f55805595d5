import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { isUnder, touchedPaths } from './update-paths';

function sync(from: Y.Doc, to: Y.Doc) {
	Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

function capture(doc: Y.Doc, fn: () => void): Uint8Array {
	let update: Uint8Array | null = null;
	const h = (u: Uint8Array) => (update = u);
	doc.on('update', h);
	doc.transact(fn);
	doc.off('update', h);
	return update!;
}

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
