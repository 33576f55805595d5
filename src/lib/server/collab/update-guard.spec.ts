import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { KILLER_PAYLOADS } from '../../../../tests/fixtures/killer-payloads';
import { changesNothing, checkUpdate, isEmptyUpdate } from './update-guard';

function captureUpdates(doc: Y.Doc): Uint8Array[] {
	const out: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => out.push(u));
	return out;
}

describe('update guard', () => {
	it('accepts an update that builds on what the server has', () => {
		const server = new Y.Doc();
		const client = new Y.Doc();
		const updates = captureUpdates(client);
		client.getText('t').insert(0, 'hello');
		const verdict = checkUpdate(updates[0], server);
		expect(verdict.ok).toBe(true);
	});

	it('refuses an update whose earlier clocks the server never saw', () => {
		const server = new Y.Doc();
		const client = new Y.Doc();
		const updates = captureUpdates(client);
		client.getText('t').insert(0, 'a');
		client.getText('t').insert(1, 'b');
		expect(checkUpdate(updates[1], server)).toEqual({ ok: false, reason: 'missing-dependencies' });
	});

	it('refuses an insertion next to an item from another client the server lacks', () => {
		const server = new Y.Doc();
		const a = new Y.Doc();
		const b = new Y.Doc();
		a.getText('t').insert(0, 'abc');
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		const updates = captureUpdates(b);
		b.getText('t').insert(1, 'X');
		expect(checkUpdate(updates[0], server)).toEqual({ ok: false, reason: 'missing-dependencies' });
	});

	it('refuses deleting content the server lacks', () => {
		const server = new Y.Doc();
		const a = new Y.Doc();
		const b = new Y.Doc();
		a.getText('t').insert(0, 'abc');
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		const updates = captureUpdates(b);
		b.getText('t').delete(0, 1);
		expect(checkUpdate(updates[0], server)).toEqual({ ok: false, reason: 'missing-dependencies' });
	});

	it('refuses bytes that do not decode', () => {
		expect(checkUpdate(new Uint8Array([1, 2, 3, 250, 250]), new Y.Doc())).toEqual({ ok: false, reason: 'malformed' });
		const client = new Y.Doc();
		const updates = captureUpdates(client);
		client.getText('t').insert(0, 'hello world');
		expect(checkUpdate(updates[0].slice(0, updates[0].length - 4), new Y.Doc())).toEqual({ ok: false, reason: 'malformed' });
	});

	it('returns only what is new', () => {
		const server = new Y.Doc();
		const client = new Y.Doc();
		client.getText('t').insert(0, 'hello');
		const all = Y.encodeStateAsUpdate(client);
		Y.applyUpdate(server, all);
		const verdict = checkUpdate(all, server);
		expect(verdict.ok && isEmptyUpdate(verdict.diff)).toBe(true);
	});

	it('hands back its decoding only when nothing was cut, and cuts what the document already holds', () => {
		const server = new Y.Doc();
		const client = new Y.Doc();
		const updates = captureUpdates(client);
		client.getText('t').insert(0, 'hello');
		client.getText('t').insert(5, ' world');
		const first = checkUpdate(updates[0], server);
		expect(first.ok && first.decoded?.structs.length).toBe(1);
		Y.applyUpdate(server, updates[0]);
		// the client resends everything (as after a reconnect): only ' world' is new
		const overlapping = checkUpdate(Y.encodeStateAsUpdate(client), server);
		if (!overlapping.ok) throw new Error('refused');
		expect(overlapping.decoded).toBeNull();
		const check = new Y.Doc();
		Y.applyUpdate(check, Y.encodeStateAsUpdate(server));
		Y.applyUpdate(check, overlapping.diff);
		expect(check.getText('t').toString()).toBe('hello world');
		expect(overlapping.diff.byteLength).toBeLessThan(Y.encodeStateAsUpdate(client).byteLength);
	});

	it.each(KILLER_PAYLOADS)('refuses or empties the known killer payload "$name" without hanging', ({ update }) => {
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'what the board holds');
		const before = Y.encodeStateAsUpdate(doc);
		const verdict = checkUpdate(update, doc);
		expect(!verdict.ok || isEmptyUpdate(verdict.diff)).toBe(true);
		expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
	});

	it('sees that a reconnecting browser’s whole copy, deletions included, changes nothing — and that one new deletion does', () => {
		const server = new Y.Doc();
		const browser = new Y.Doc();
		const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
		server.getMap('comments').set('c1', 'draft');
		server.getMap('comments').set('c2', 'kept');
		server.getMap('comments').delete('c1');
		sync(server, browser);
		// what a stock client sends when it reconnects: everything the server lacks (nothing), plus its delete set
		const resend = Y.encodeStateAsUpdate(browser, Y.encodeStateVector(server));
		const verdict = checkUpdate(resend, server);
		expect(verdict.ok && isEmptyUpdate(verdict.diff)).toBe(false);
		expect(verdict.ok && changesNothing(verdict.diff, server, verdict.decoded)).toBe(true);
		const updates = captureUpdates(browser);
		browser.getMap('comments').delete('c2');
		const deletion = checkUpdate(updates[0], server);
		expect(deletion.ok && changesNothing(deletion.diff, server, deletion.decoded)).toBe(false);
	});
});
